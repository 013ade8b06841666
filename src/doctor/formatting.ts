// Times and numbers as the doctor prints them: UTC times a human reads ("2026-11-27 10:02:00
// UTC"), counts with thousands separators, durations in ms or s.

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ONE_DECIMAL = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** "2026-11-27 10:02:00 UTC" (whole seconds). */
export function utcTime(epochSeconds: number): string {
  return new Date(Math.floor(epochSeconds) * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** "at T", "from 2026-11-27 10:02:00 to 10:40:00 UTC" within a day, else both times whole. */
export function period(first: number, last: number): string {
  const a = utcTime(first);
  const b = utcTime(last);
  if (a === b) return `at ${a}`;
  return a.slice(0, 10) === b.slice(0, 10) ? `from ${a.slice(0, -4)} to ${b.slice(11)}` : `from ${a} to ${b}`;
}

/** 48000 -> "48,000". */
export function count(n: number): string {
  return GROUPED.format(n);
}

/** "3 ticks", "1 tick". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** Exact milliseconds for the facts: "1,312 ms". */
export function ms(value: number): string {
  return `${count(value)} ms`;
}

/** Milliseconds in words: "845 ms", "1.3 s". */
export function roughly(valueMs: number): string {
  return valueMs < 1000 ? ms(valueMs) : `${ONE_DECIMAL.format(valueMs / 1000)} s`;
}

/** 12.345 -> "12.3%". */
export function percent(value: number): string {
  return `${ONE_DECIMAL.format(value)}%`;
}

/** Seconds of an interval: "60 s", "0.1 s". */
export function seconds(value: number): string {
  return `${value} s`;
}
