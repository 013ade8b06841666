import { CPU_STATES, type CpuTimes } from '../platform/types.js';
import { counterDelta } from '../core/counters.js';

export type CpuShares = Record<keyof CpuTimes, number | null>;

/** Counted by the kernel inside user and nice: shown on their own, never added to the total. */
const INSIDE_OTHERS = ['guest', 'guestNice'] as const;
const SHOWN: readonly (keyof CpuTimes)[] = [...CPU_STATES, ...INSIDE_OTHERS];

/**
 * Percentage of the elapsed ticks spent in each state. A state whose counter went backwards is
 * null and left out of the total; with no tick elapsed every share is null. guest and guestNice
 * are shares of the same total: userpct and nicepct already hold them, as /proc/stat does.
 */
export function cpuShares(prev: CpuTimes, cur: CpuTimes): CpuShares {
  const deltas = {} as Record<keyof CpuTimes, number | null>;
  let total = 0;
  for (const s of CPU_STATES) {
    const d = counterDelta(prev[s], cur[s]);
    deltas[s] = d;
    if (d !== null) total += d;
  }
  for (const s of INSIDE_OTHERS) deltas[s] = counterDelta(prev[s], cur[s]);
  const shares = {} as CpuShares;
  for (const s of SHOWN) {
    const d = deltas[s];
    shares[s] = d === null || total === 0 ? null : (100 * d) / total;
  }
  return shares;
}

/** Busy share: everything but idle (iowait and steal count as busy). */
export function busyPct(shares: CpuShares): number | null {
  return shares.idle === null ? null : 100 - shares.idle;
}
