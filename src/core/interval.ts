import { UsageError } from './errors.js';

/** The shortest interval accepted: below it the /proc tick (10 ms) makes CPU shares meaningless. */
export const MIN_INTERVAL_SECONDS = 0.1;

/**
 * The longest interval accepted: a year, and a leap day (366 days). Longer waits than Node's
 * timers take are chained (core/scheduler.ts), so this bound is the user's, not Node's: an interval
 * beyond a year is surely a typo. The command line and the config's recorder intervals share it.
 */
export const MAX_INTERVAL_SECONDS = 366 * 86_400;

export interface SamplingPlan {
  /** Seconds between samples; undefined means one sample over a short window, then exit. */
  intervalSeconds?: number;
  /** Samples to take; undefined means until stopped. */
  count?: number;
  /** Decimals of the timestamp: 3 when the interval is fractional, else 0. */
  timestampDecimals: 0 | 3;
}

const DECIMAL = /^(\d+\.?\d*|\.\d+)$/;

/** `[interval [count]]` as every UNIX stat tool reads it, with the errors spelled out. */
export function parseSamplingPlan(
  interval: string | undefined,
  count: string | undefined,
  minInterval = MIN_INTERVAL_SECONDS,
): SamplingPlan {
  if (interval === undefined) return { timestampDecimals: 0 };
  // A negative number is a number: saying it is not one would mislead.
  if (DECIMAL.test(interval.slice(1)) && interval.startsWith('-')) {
    throw new UsageError(`interval '${interval}' cannot be negative: the minimum is ${minInterval} s`);
  }
  if (!DECIMAL.test(interval)) {
    throw new UsageError(`interval '${interval}' is not a number of seconds`);
  }
  const seconds = Number(interval);
  if (!(seconds >= minInterval)) {
    throw new UsageError(`interval '${interval}' is too short: the minimum is ${minInterval} s`);
  }
  if (seconds > MAX_INTERVAL_SECONDS) {
    throw new UsageError(`interval '${interval}' is too long: the maximum is ${MAX_INTERVAL_SECONDS} s (366 days)`);
  }
  const plan: SamplingPlan = {
    intervalSeconds: seconds,
    timestampDecimals: Number.isInteger(seconds) ? 0 : 3,
  };
  if (count !== undefined) {
    if (!/^\d+$/.test(count) || Number(count) < 1) {
      throw new UsageError(`count '${count}' is not a whole number of samples of at least 1`);
    }
    plan.count = Number(count);
  }
  return plan;
}
