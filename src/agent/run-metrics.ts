// What `sdr run` measures of itself between two sdrrec rows: per recorder, how late each sample
// began and how long until its rows were written; the slowest raw-file write; the sender's counts.
// Each sdrrec reading takes the figures gathered since the one before and starts afresh.
import type { SampleObserver } from '../recording/recording.js';
import type { DeliveryCounters } from '../transport/feed-base.js';
import type { WriteFaults } from '../output/raw-file.js';
import type { Value } from '../recorders/recorder.js';

/** One recorder's samples over one sdrrec interval. */
export interface SampleFigures {
  intervalSeconds: number;
  samples: number;
  /** Tick to rows written, ms; undefined without samples. */
  latencyAvgMs?: number;
  latencyMaxMs?: number;
  lateMaxMs?: number;
  missed: number;
  errors: number;
  /** Sources left unread, summed over the readings (a reading missing two counts two). */
  sourceErrors: number;
}

export class RecorderFigures implements SampleObserver {
  private samples = 0;
  private latencySum = 0;
  private latencyMax = 0;
  private lateMax = 0;
  private missed = 0;
  private errors = 0;
  private sourceErrors = 0;

  constructor(public intervalSeconds: number) {}

  sampled(lateMs: number, missed: number, dueMs: number, written: Promise<void>): void {
    this.lateMax = Math.max(this.lateMax, lateMs);
    this.missed += missed;
    written.then(() => {
      const latency = performance.now() - dueMs;
      this.samples++;
      this.latencySum += latency;
      this.latencyMax = Math.max(this.latencyMax, latency);
    }, () => {});
  }

  failed(): void {
    this.errors++;
  }

  sourcesUnread(count: number): void {
    this.sourceErrors += count;
  }

  take(): SampleFigures {
    const figures: SampleFigures = {
      intervalSeconds: this.intervalSeconds,
      samples: this.samples,
      latencyAvgMs: this.samples > 0 ? this.latencySum / this.samples : undefined,
      latencyMaxMs: this.samples > 0 ? this.latencyMax : undefined,
      lateMaxMs: this.samples > 0 || this.errors > 0 ? this.lateMax : undefined,
      missed: this.missed,
      errors: this.errors,
      sourceErrors: this.sourceErrors,
    };
    this.samples = this.latencySum = this.latencyMax = this.lateMax = this.missed = this.errors = this.sourceErrors = 0;
    return figures;
  }
}

/** The sender's side: counters since start, and how to count what is still to deliver. */
export interface SenderFigures {
  counters: DeliveryCounters;
  pendingRows: () => Promise<number>;
}

export interface SlowestWrite {
  ms: number;
  file: string;
}

/** A recorder's sink, as sdrrec asks it. */
export interface WriteSource {
  takeSlowestWrite(): SlowestWrite;
  takeFaults(): WriteFaults;
}

/** A recorder's latest sample: its timestamp as written and its rows' values after it. */
export interface LatestRows {
  timestamp: string;
  rows: Value[][];
  /** RunMetrics.version when it was set: /metrics makes a recorder's text again only when it changed. */
  version?: number;
}

/** Everything sdrrec and /metrics read; the agent keeps it current as recorders and the sender come and go. */
export class RunMetrics {
  /** Each running recorder's latest sample, for /metrics; `version` grows at every change. */
  readonly latest = new Map<string, LatestRows>();
  version = 0;
  /** Told after every change of the latest rows (/metrics makes its text ahead of the next scrape). */
  onLatest: (() => void) | undefined;

  setLatest(recorder: string, latest: LatestRows | undefined): void {
    this.version++;
    if (latest === undefined) this.latest.delete(recorder);
    else this.latest.set(recorder, { ...latest, version: this.version });
    this.onLatest?.();
  }

  readonly recorders = new Map<string, RecorderFigures>();
  /** Each running recorder's sink, asked for its slowest write and its faults since the last reading. */
  readonly writeSources = new Map<string, WriteSource>();
  sender: SenderFigures | undefined;

  slowestWrite(): SlowestWrite | undefined {
    let worst: SlowestWrite | undefined;
    for (const source of this.writeSources.values()) {
      const w = source.takeSlowestWrite();
      if (w.file !== '' && (worst === undefined || w.ms > worst.ms)) worst = w;
    }
    return worst;
  }

  /** The write faults of every sink since the last reading: summed, and the last fault said. */
  writeFaults(): WriteFaults {
    const all: WriteFaults = { errors: 0, dropped: 0 };
    for (const source of this.writeSources.values()) {
      const f = source.takeFaults();
      all.errors += f.errors;
      all.dropped += f.dropped;
      all.fault ??= f.fault;
    }
    return all;
  }
}
