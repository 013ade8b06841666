import { CPU_STATES, type CpuTimes } from '../platform/types.js';
import { counterDelta } from '../core/counters.js';

export type CpuShares = Record<keyof CpuTimes, number | null>;

/**
 * Percentage of the elapsed ticks spent in each state. A state whose counter went backwards is
 * null and left out of the total; with no tick elapsed every share is null.
 */
export function cpuShares(prev: CpuTimes, cur: CpuTimes): CpuShares {
  const deltas = {} as Record<keyof CpuTimes, number | null>;
  let total = 0;
  for (const s of CPU_STATES) {
    const d = counterDelta(prev[s], cur[s]);
    deltas[s] = d;
    if (d !== null) total += d;
  }
  const shares = {} as CpuShares;
  for (const s of CPU_STATES) {
    const d = deltas[s];
    shares[s] = d === null || total === 0 ? null : (100 * d) / total;
  }
  return shares;
}

/** Busy share: everything but idle (iowait and steal count as busy). */
export function busyPct(shares: CpuShares): number | null {
  return shares.idle === null ? null : 100 - shares.idle;
}
