// The recorder loop: a baseline snapshot, then on every tick a new snapshot, the rows for the
// interval between the two, and one write of them to the sink.
import type { Recorder, Value } from '../recorders/recorder.js';
import type { Snapshot } from '../platform/types.js';
import type { Sink } from '../output/sink.js';
import type { SamplingPlan } from '../core/interval.js';
import { Scheduler } from '../core/scheduler.js';
import { formatTimestamp } from '../output/format.js';
import { RuntimeError } from '../core/errors.js';
import { warnOnce, warning } from '../core/warn.js';
import { SourceReports } from './source-reports.js';
import { takeHeldSignals } from '../core/held-signals.js';

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

/** What a long run reports of each sample, for sdrrec: how late it began and when it was written. */
export interface SampleObserver {
  /**
   * A sample began `lateMs` after its tick was due, `missed` ticks having been skipped before it;
   * `written` settles once its rows are in the sink, `dueMs` is the tick's due time on
   * performance.now()'s clock (latency = written time - dueMs).
   */
  sampled(lateMs: number, missed: number, dueMs: number, written: Promise<void>): void;
  /** A sample could not be taken; the run goes on. */
  failed(message: string): void;
  /** A reading left `count` sources unread (their fields empty); called for readings that had any. */
  sourcesUnread(count: number): void;
}

/** How a run is stopped and watched when it is one of many in a process (sdr run). */
export interface RecordControl {
  /** Hands over the function that stops the run; returns the undo. Default: SIGINT and SIGTERM. */
  onStop?: (stop: () => void) => () => void;
  observer?: SampleObserver;
  /** Reports a skipped sample; default warnOnce. */
  warn?: (message: string) => void;
  /** Told once the baseline reading is taken: the recorder has started. */
  onStarted?: () => void;
  /** Reports a source that fails or can be read again, already paced (SourceReports); default: a warning. */
  reportSource?: (message: string) => void;
  /** Told each sample's rows (values in LMO order after the timestamp) as they go to the sink: sdr run's /metrics keeps the latest. */
  onRows?: (timestamp: string, rows: Value[][]) => void;
}

function onStopSignals(stop: () => void): () => void {
  for (const s of STOP_SIGNALS) process.on(s, stop);
  // A stop that came while sdr loaded stops the run now; a SIGHUP, which a recorder does not
  // handle, has its default effect as it would have had.
  for (const s of takeHeldSignals()) process.kill(process.pid, s);
  return () => {
    for (const s of STOP_SIGNALS) process.off(s, stop);
  };
}

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
 * Records until the plan's count of samples is written or a stop signal arrives; the sample being
 * written when a signal comes is completed. A reading that fails is skipped and not counted. Throws
 * RuntimeError when the baseline (or a one-shot's one sample) cannot be read or the sink fails.
 */
export async function record<S extends Snapshot>(r: Recording<S>, control: RecordControl = {}): Promise<void> {
  const oneShot = r.plan.intervalSeconds === undefined;
  // A one-shot sample of a recorder that needs two readings spans a short window.
  const scheduler = new Scheduler(oneShot ? ONE_SHOT_WINDOW_SECONDS : r.plan.intervalSeconds!);
  const count = oneShot ? 1 : r.plan.count ?? Infinity;
  const undoStop = (control.onStop ?? onStopSignals)(() => scheduler.stop());
  const warn = control.warn ?? warnOnce;
  const observer = control.observer;
  const sourceReports = new SourceReports(control.reportSource ?? warning);
  /** Sources that failed alone are reported (paced) and counted; the reading is still a sample. */
  const noteUnread = (s: S): void => {
    sourceReports.update(s.unread);
    if (s.unread !== undefined) observer?.sourcesUnread(s.unread.length);
  };
  const stampOf = (s: S) => formatTimestamp(s.epochMs, r.plan.timestampDecimals);
  let lastStamp: string | undefined;
  /** The rows for the interval from prev to cur, stamped as cur, written in one piece; settles once written. */
  const emit = (prev: S, cur: S, timestamp = stampOf(cur)): Promise<void> => {
    const seconds = Number(cur.monoNs - prev.monoNs) / 1e9;
    lastStamp = timestamp;
    const rows = r.recorder.rows(prev, cur, seconds);
    const text = sampleText(rows, timestamp, r.format, r.lines);
    control.onRows?.(timestamp, rows);
    return text === '' ? Promise.resolve() : Promise.resolve(r.sink.write(cur.epochMs, text));
  };
  try {
    let prev = await r.read();
    noteUnread(prev);
    control.onStarted?.();
    let n = 0;
    if (r.recorder.fromOneReading) {
      // The first reading is a sample already: write it now rather than a full interval later.
      const due = performance.now();
      const written = emit(prev, prev); // not inside observer?.(...): that would skip it without one
      observer?.sampled(0, 0, due, written);
      n = 1;
    }
    let missed = 0;
    let held = 0;
    // n counts samples written, not ticks: a skipped one does not bring the end nearer.
    while (n < count && (await scheduler.next())) {
      const dueMs = scheduler.dueMs;
      const lateMs = Math.max(0, performance.now() - dueMs);
      const skipped = scheduler.missed - missed + held;
      missed = scheduler.missed;
      held = 0;
      let cur: S;
      try {
        cur = await r.read();
      } catch (err) {
        // A long run outlives a passing fault: report it once and try again at the next tick. A
        // one-shot has no next tick to wait for: it fails as its baseline would.
        if (!(err instanceof RuntimeError) || oneShot) throw err;
        warn(`sample skipped: ${err.message}`);
        observer?.failed(err.message);
        continue;
      }
      noteUnread(cur);
      const timestamp = stampOf(cur);
      if (timestamp === lastStamp) {
        // The ticks are on a grid of the monotonic clock, not on the wall clock's seconds: a tick
        // that came late and the next one on time can both read within one second, and at whole
        // seconds their rows would share a timestamp. This reading is left out, counted with the
        // skipped ticks; prev is kept, so the next row's rates cover its interval too.
        held = 1;
        continue;
      }
      const written = emit(prev, cur, timestamp);
      observer?.sampled(lateMs, skipped, dueMs, written);
      prev = cur;
      n++;
      if (r.sink.failure) break;
    }
  } finally {
    undoStop();
    scheduler.stop();
    await r.sink.close();
  }
  if (r.sink.failure) throw r.sink.failure;
}
