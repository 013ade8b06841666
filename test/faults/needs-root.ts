// Tests on small filesystems that fill (tmpfs mounts) need root: without it they are skipped with
// a notice, and under CI, which runs as root, they fail rather than pass unseen.
import { canMount } from '../../bench/faults.js';

export const cannotMount: string | undefined = canMount();

/** A test that needs tmpfs mounts: skipped saying why where they cannot be had, failed under CI. */
export function withTmpfs(name: string, fn: () => Promise<void>, timeout: number): void {
  test(name, async () => {
    if (cannotMount !== undefined) {
      if (process.env.CI) throw new Error(`tmpfs cannot be mounted here (${cannotMount}), and CI requires it`);
      console.warn(`skipped: ${cannotMount}`);
      return;
    }
    await fn();
  }, timeout);
}
