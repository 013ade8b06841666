import { setMaxListeners } from 'node:events';

/** A stop request shared by the parts of a long run: sleeps end early and requests are aborted. */
export class Stopper {
  stopped = false;
  private readonly controller = new AbortController();

  constructor() {
    // Every request in flight listens to the one signal: that many listeners is no leak.
    setMaxListeners(0, this.controller.signal);
  }

  private readonly wakers = new Set<() => void>();

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Waits ms, or less if stop() comes first. */
  sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  /** Stops; requests still in flight after graceMs are aborted. */
  stop(graceMs = 4000): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const wake of [...this.wakers]) wake();
    setTimeout(() => this.controller.abort(), graceMs).unref();
  }
}
