// Ticks on a fixed grid of the monotonic clock: tick n is due at start + n·interval, so the time a
// sample takes never accumulates into drift. A tick whose time has passed (machine suspended,
// overloaded, a stalled event loop) is skipped and counted, never replayed in a burst.

export interface NextTick {
  /** Index of the tick to wait for. */
  index: number;
  /** Its due time on the monotonic clock, in nanoseconds. */
  dueNs: bigint;
  /** Ticks passed over because their time had already gone. */
  missed: number;
}

/**
 * The tick to wait for after tick `lastIndex` fired, given the clock now. Pure, for testing: the
 * tick after lastIndex unless its time has gone, in which case the first tick still ahead.
 */
export function nextTick(startNs: bigint, intervalNs: bigint, lastIndex: number, nowNs: bigint): NextTick {
  let index = lastIndex + 1;
  const elapsed = nowNs - startNs;
  const behind = Number(elapsed / intervalNs); // whole intervals since start
  if (behind >= index) {
    // Tick `behind` is already past (or exactly now): the next one still ahead is behind + 1.
    index = elapsed % intervalNs === 0n ? behind : behind + 1;
  }
  const missed = Math.max(0, index - lastIndex - 1);
  return { index, dueNs: startNs + BigInt(index) * intervalNs, missed };
}

/**
 * The longest delay setTimeout takes (2^31-1 ms, about 24.8 days). Node turns a longer one into
 * 1 ms, with a warning each time: a monthly interval would spin. Longer waits are chained.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export class Scheduler {
  private readonly startNs = process.hrtime.bigint();
  private readonly intervalNs: bigint;
  private last = 0;
  private timer: NodeJS.Timeout | undefined;
  private wake: ((fired: boolean) => void) | undefined;
  private stopped = false;
  /** Ticks skipped since start. */
  missed = 0;
  /** Due time of the tick last waited for, on performance.now()'s clock (ms). */
  dueMs = 0;

  constructor(intervalSeconds: number) {
    this.intervalNs = BigInt(Math.round(intervalSeconds * 1e9));
  }

  /** Resolves true when the next tick is due, false once stop() was called. */
  next(): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    const tick = nextTick(this.startNs, this.intervalNs, this.last, process.hrtime.bigint());
    this.missed += tick.missed;
    this.last = tick.index;
    // hrtime and performance.now() are the same monotonic clock, in ns and in ms from start-up.
    this.dueMs = performance.now() + Number(tick.dueNs - process.hrtime.bigint()) / 1e6;
    return new Promise((resolve) => {
      this.wake = resolve;
      this.arm(tick.dueNs);
    });
  }

  /**
   * setTimeout may wake a little early, and waits at most MAX_TIMER_MS: sleep again until the
   * monotonic clock reaches the tick.
   */
  private arm(dueNs: bigint): void {
    const waitMs = Number(dueNs - process.hrtime.bigint()) / 1e6;
    if (waitMs <= 0) {
      this.fire(true);
      return;
    }
    this.timer = setTimeout(() => this.arm(dueNs), Math.min(Math.ceil(waitMs), MAX_TIMER_MS));
  }

  private fire(fired: boolean): void {
    const wake = this.wake;
    this.wake = undefined;
    this.timer = undefined;
    wake?.(fired);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.fire(false);
  }
}
