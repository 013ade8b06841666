// When a value in sdrrec's rows counts as a spike. One place, so that the doctor, its man page
// and its tests agree. Thresholds relative to the interval follow the recorder's own pace (a
// 0.1 s recorder that needs 50 ms per sample is as much in trouble as a 60 s one that needs 30 s);
// the absolute caps keep slow recorders (hdwrec every 1800 s) from hiding a multi-second stall.

/** A sample is slow (tick to rows written) above this share of its interval, or above the cap. */
export const SAMPLE_LATENCY = { share: 0.25, capMs: 1000 };

/** A sample began late above this share of its interval, or above the cap. */
export const TICK_LATENESS = { share: 0.1, capMs: 500 };

/**
 * A raw-file write is slow above this. Writes are queued and never delay sampling, so the
 * interval does not matter; half a second is far beyond any healthy disk and what the SD
 * cards of the seed story showed (1 to 5 s).
 */
export const SLOW_WRITE_MS = 500;

/** The backlog grows when the end is this many rows above the start, and at least this share of it. */
export const BACKLOG_GROWTH = { minRows: 100, share: 0.5 };

/** The memory of sdr grew when its RSS at the end is this share above the start. */
export const RSS_GROWTH_SHARE = 0.1;

/** sdr itself is busy when it used this much of one CPU on average. */
export const CPU_BUSY_PCT = 25;

/** The threshold in ms for a recorder at `intervalSeconds`: the share of the interval, at most the cap. */
export function spikeThresholdMs(rule: { share: number; capMs: number }, intervalSeconds: number): number {
  return Math.min(rule.share * intervalSeconds * 1000, rule.capMs);
}
