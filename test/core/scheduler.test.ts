import { jest } from '@jest/globals';
import { nextTick, Scheduler, MAX_TIMER_MS } from '../../src/core/scheduler.js';

const S = 1_000_000_000n; // one second in ns

describe('nextTick: a grid of start + n·interval that never drifts', () => {
  test('the next tick follows the last when on time, whatever the sample cost', () => {
    expect(nextTick(0n, S, 0, 10_000n)).toEqual({ index: 1, dueNs: S, missed: 0 });
    // Tick 5 fired 300 ms late and the sample took 400 ms: tick 6 is still due at exactly 6 s.
    expect(nextTick(0n, S, 5, 5n * S + 700_000_000n)).toEqual({ index: 6, dueNs: 6n * S, missed: 0 });
  });

  test('ticks whose time has passed are skipped and counted, not replayed', () => {
    // After tick 3 the machine stalled until 7.2 s: ticks 4 to 7 are gone, tick 8 is next.
    expect(nextTick(0n, S, 3, 7n * S + 200_000_000n)).toEqual({ index: 8, dueNs: 8n * S, missed: 4 });
  });

  test('a tick due exactly now still fires', () => {
    expect(nextTick(0n, S, 3, 5n * S)).toEqual({ index: 5, dueNs: 5n * S, missed: 1 });
  });

  test('the grid is anchored at the start time', () => {
    expect(nextTick(123n, 250_000_000n, 2, 123n + 600_000_000n).dueNs).toBe(123n + 750_000_000n);
  });
});

describe('Scheduler', () => {
  test('fires at the grid times on the monotonic clock', async () => {
    const s = new Scheduler(0.05);
    const start = process.hrtime.bigint();
    const at: number[] = [];
    for (let i = 0; i < 4; i++) {
      expect(await s.next()).toBe(true);
      at.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    at.forEach((ms, i) => expect(ms).toBeGreaterThanOrEqual((i + 1) * 50 - 1));
    s.stop();
  });

  test('stop() ends a pending wait with false', async () => {
    const s = new Scheduler(10);
    const pending = s.next();
    s.stop();
    await expect(pending).resolves.toBe(false);
    await expect(s.next()).resolves.toBe(false);
  });
});

describe('Scheduler: intervals beyond the longest timer Node has (2^31-1 ms, about 24.8 days)', () => {
  afterEach(() => jest.useRealTimers());

  test('a 60-day interval is waited for in chained timers Node accepts, and fires on time', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const delays: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    const spy = jest.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms: number) => {
      delays.push(ms);
      // Past a few dozen, the wait is spinning: stop feeding it, so the test fails fast.
      return realSetTimeout(delays.length > 50 ? () => {} : fn, ms);
    }) as typeof setTimeout);
    try {
      const s = new Scheduler(60 * 86_400);
      let fired: boolean | undefined;
      void s.next().then((f) => (fired = f));
      await jest.advanceTimersByTimeAsync(60 * 86_400_000 - 1000);
      expect(fired).toBeUndefined();
      await jest.advanceTimersByTimeAsync(2000);
      expect(fired).toBe(true);
      // Three timers of at most 24.8 days make 60 days; an overflowing delay would have been
      // taken as 1 ms, and spun.
      expect(delays.length).toBeLessThanOrEqual(4);
      for (const ms of delays) expect(ms).toBeLessThanOrEqual(MAX_TIMER_MS);
      s.stop();
    } finally {
      spy.mockRestore();
    }
  });
});
