// Rates from cumulative kernel counters. A counter that went backwards (wrapped, reset, device
// replaced) gives null for the interval, printed as an empty field: never a negative or absurd rate.

/** cur - prev, or null when the counter went backwards or the OS does not keep it (undefined). */
export function counterDelta(prev: number | undefined, cur: number | undefined): number | null {
  if (prev === undefined || cur === undefined) return null;
  return cur >= prev ? cur - prev : null;
}

/**
 * Σ (cur - prev) of one counter over the devices present in both readings: a device seen only once
 * has no interval yet, a vanished one has no new reading. Null if any counted device went backwards
 * or does not keep the counter.
 */
export function summedDelta<T>(
  prev: ReadonlyMap<string, T>,
  cur: ReadonlyMap<string, T>,
  counter: (device: T) => number | undefined,
): number | null {
  let sum = 0;
  for (const [name, now] of cur) {
    const before = prev.get(name);
    if (before === undefined) continue;
    const d = counterDelta(counter(before), counter(now));
    if (d === null) return null;
    sum += d;
  }
  return sum;
}

/** A delta over seconds, null staying null. */
export function perSecond(delta: number | null, seconds: number, scale = 1): number | null {
  return delta === null ? null : (delta * scale) / seconds;
}

/** a + b where either may be unknown. */
export function addKnown(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b;
}

/** 100·part/whole, null when either is unknown or the whole is zero. */
export function percentOf(part: number | null | undefined, whole: number | null | undefined): number | null {
  if (part == null || whole == null || whole === 0) return null;
  return (100 * part) / whole;
}
