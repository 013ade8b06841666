// A feed that fails ends neither the other feeds nor the process, nor itself for good: it is made
// again and started from its saved position, after a pause that grows while it keeps failing.
import type { FeedBase } from './feed-base.js';
import type { Stopper } from './stopper.js';

/**
 * Runs feeds made by `make` until one ends by itself (stopped, or --once done); true if nothing is
 * left. With `once`, a feed that fails is not started again: what it left waits for the next run.
 */
export async function runFeed(make: () => FeedBase, label: string, stop: Stopper, log: (message: string) => void, once = false): Promise<boolean> {
  for (let attempt = 0; !stop.stopped; attempt++) {
    try {
      return await make().run();
    } catch (err) {
      if (once) {
        log(`${label}: delivery stopped: ${(err as Error).message}; left for the next run`);
        return false;
      }
      const pause = Math.min(60_000, 1000 * 2 ** attempt);
      log(`${label}: delivery stopped: ${(err as Error).message}; starting again in ${pause / 1000} s`);
      await stop.sleep(pause);
    }
  }
  return false;
}
