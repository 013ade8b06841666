// The recorder loop: a baseline snapshot, then on every tick a new snapshot, the rows for the
// interval between the two, and one write of them to the sink.
import type { Recorder, Value } from '../recorders/recorder.js';
import type { Snapshot } from '../platform/types.js';
import type { Sink } from '../output/sink.js';
import type { SamplingPlan } from './interval.js';
import { Scheduler } from './scheduler.js';
import { formatTimestamp } from '../output/format.js';
import { RuntimeError } from './errors.js';
import { warnOnce } from './warn.js';

/** The window of a one-shot sample, as the original recorders measured it. */
export const ONE_SHOT_WINDOW_SECONDS = 0.1;

export interface Recording<S extends Snapshot> {
  recorder: Recorder<S>;
  read: () => S | Promise<S>;
  plan: SamplingPlan;
  sink: Sink;
  /** Fields after the timestamp to text, by LMO type. */
  format: (values: Value[]) => string[];
  /** Formatted records to lines. */
  lines: (records: string[][]) => string;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Rows formatted at a time: a sample of thousands of devices then keeps a small working set. */
const BATCH = 256;

/** The text of one sample: every row stamped, formatted by LMO type and turned into CSV lines. */
export function sampleText(
  rows: Value[][],
  timestamp: string,
  format: (values: Value[]) => string[],
  lines: (records: string[][]) => string,
): string {
  let text = '';
  for (let i = 0; i < rows.length; i += BATCH) {
    text += lines(rows.slice(i, i + BATCH).map((values) => [timestamp, ...format(values)]));
  }
  return text;
}

/**
 * Records until the plan's count is reached or a stop signal arrives; the sample being written
 * when a signal comes is completed. Throws RuntimeError when the baseline cannot be read or the
 * sink fails.
 */
export async function record<S extends Snapshot>(r: Recording<S>): Promise<void> {
  const oneShot = r.plan.intervalSeconds === undefined;
  // A one-shot sample of a recorder that needs two readings spans a short window.
  const scheduler = new Scheduler(oneShot ? ONE_SHOT_WINDOW_SECONDS : r.plan.intervalSeconds!);
  const count = oneShot ? 1 : r.plan.count ?? Infinity;
  const stop = () => scheduler.stop();
  for (const s of STOP_SIGNALS) process.on(s, stop);
  /** The rows for the interval from prev to cur, written in one piece. */
  const emit = (prev: S, cur: S) => {
    const seconds = Number(cur.monoNs - prev.monoNs) / 1e9;
    const timestamp = formatTimestamp(cur.epochMs, r.plan.timestampDecimals);
    const text = sampleText(r.recorder.rows(prev, cur, seconds), timestamp, r.format, r.lines);
    if (text !== '') r.sink.write(cur.epochMs, text);
  };
  try {
    let prev = await r.read();
    let n = 0;
    if (r.recorder.fromOneReading) {
      // The first reading is a sample already: write it now rather than a full interval later.
      emit(prev, prev);
      n = 1;
    }
    for (; n < count && (await scheduler.next()); n++) {
      let cur: S;
      try {
        cur = await r.read();
      } catch (err) {
        // A long run outlives a passing fault: report it once and try again at the next tick.
        if (!(err instanceof RuntimeError)) throw err;
        warnOnce(`sample skipped: ${err.message}`);
        continue;
      }
      emit(prev, cur);
      prev = cur;
      if (r.sink.failure) break;
    }
  } finally {
    for (const s of STOP_SIGNALS) process.off(s, stop);
    scheduler.stop();
    await r.sink.close();
  }
  if (r.sink.failure) throw r.sink.failure;
}
