// From sdrrec rows to findings, without I/O: rows go in one at a time (running aggregates, never
// the rows), findings come out worst first. Words are diagnosis.ts's business.
import type { Lmo } from '../core/lmo.js';
import type { SdrrecRow } from './sdrrec-rows.js';
import { parseDayFileName } from '../output/day-file-name.js';
import { SpikeTally, CountTally, Trend, Level } from './tallies.js';
import {
  SAMPLE_LATENCY, TICK_LATENESS, SLOW_WRITE_MS, BACKLOG_GROWTH, RSS_GROWTH_SHARE, CPU_BUSY_PCT, spikeThresholdMs,
} from './thresholds.js';

/** The recorders sdrrec watches: those with an `<recorder>_interval` field in its LMO. */
export function watchedRecorders(sdrrec: Lmo): string[] {
  return sdrrec.fields.filter((f) => f.name.endsWith('_interval')).map((f) => f.name.slice(0, -'_interval'.length));
}

/** The recorder of a raw file name: "diskrec-2026-11-27.csv" (or .1.csv) -> "diskrec". */
export function recorderOfFile(file: string): string {
  return parseDayFileName(file)?.recorder ?? file;
}

/** Spikes of one kind for one recorder, with the threshold that applied to the worst of them. */
export interface RecorderSpikes {
  recorder: string;
  spikes: SpikeTally;
  thresholdMs: number;
}

/** Stalls of the whole process: every late recorder at once (SIGSTOP, a paused VM, a suspend). */
export interface Stalls {
  /** The worst lateness of each stall, when it happened. */
  spikes: SpikeTally;
  /** The recorders that were late together. */
  recorders: Set<string>;
  /** Ticks that passed during the stalls: their samples were not taken. */
  missed: number;
  /** sdr's own CPU in the rows of the stalls, at most: high means its own work blocked it. */
  cpuPctMax: number;
}

export type Finding =
  | { kind: 'stall'; stalls: Stalls }
  | { kind: 'write-failures'; errors: CountTally; dropped: number; fault: string }
  | { kind: 'missed-ticks'; recorder: string; tally: CountTally }
  | { kind: 'failed-samples'; recorder: string; tally: CountTally }
  | { kind: 'rejected-rows'; tally: CountTally }
  | { kind: 'backlog'; trend: Trend; rowsPerHour: number }
  | ({ kind: 'tick-lateness'; cpuPctMax: number } & RecorderSpikes)
  | ({ kind: 'sample-latency'; duringSlowWrites: number } & RecorderSpikes)
  | { kind: 'slow-writes'; spikes: SpikeTally; thresholdMs: number; worstFile: string; files: string[] }
  | { kind: 'retries'; tally: CountTally }
  | { kind: 'memory-growth'; trend: Trend }
  | { kind: 'busy-cpu'; cpu: Level };

/** Rows lost come first, then what will lose rows, then delays, then what only costs resources. */
const SEVERITY: Finding['kind'][] = [
  'stall', 'write-failures', 'missed-ticks', 'failed-samples', 'rejected-rows', 'backlog', 'tick-lateness', 'sample-latency',
  'slow-writes', 'retries', 'memory-growth', 'busy-cpu',
];

/** Within one kind, the bigger number first. */
function magnitude(f: Finding): number {
  switch (f.kind) {
    case 'missed-ticks':
    case 'failed-samples':
    case 'rejected-rows':
    case 'retries':
      return f.tally.total;
    case 'backlog':
      return f.rowsPerHour;
    case 'tick-lateness':
    case 'sample-latency':
    case 'slow-writes':
      return f.spikes.max;
    case 'memory-growth':
      return f.trend.last - f.trend.first;
    case 'stall':
      return f.stalls.spikes.max;
    case 'write-failures':
      return f.dropped * 1e6 + f.errors.total;
    case 'busy-cpu':
      return f.cpu.average;
  }
}

class RecorderWatch {
  intervals = new Set<number>();
  latency = new SpikeTally();
  latencyThresholdMs = 0;
  latencyDuringSlowWrites = 0;
  lateness = new SpikeTally();
  latenessThresholdMs = 0;
  cpuWhenLate = new Level();
  missed = new CountTally();
  errors = new CountTally();
  constructor(readonly name: string) {}
}

/** A number from a field, or undefined when it is empty ("not measured") or not a number. */
function numberOf(row: SdrrecRow, column: string): number | undefined {
  const text = row.value(column);
  const n = text === '' ? NaN : Number(text);
  return Number.isFinite(n) ? n : undefined;
}

export class SdrrecAnalysis {
  rows = 0;
  first = 0;
  last = 0;
  readonly cpu = new Level();
  readonly rss = new Trend();
  rssMax = 0;
  private readonly watches: RecorderWatch[];
  private readonly writes = new SpikeTally();
  private worstWriteFile = '';
  private readonly slowWriteFiles = new Set<string>();
  private readonly pending = new Trend();
  private readonly retries = new CountTally();
  private readonly rejected = new CountTally();
  private readonly writeErrors = new CountTally();
  private writeDropped = 0;
  private writeFault = '';
  private readonly stalls: Stalls = { spikes: new SpikeTally(), recorders: new Set(), missed: 0, cpuPctMax: 0 };
  /** The row before was a stall's: its held-up samples finish in this one. */
  private stallRowBefore = false;
  /** A stall is being followed over consecutive rows. */
  private stallOpen = false;

  constructor(recorders: string[]) {
    this.watches = recorders.map((r) => new RecorderWatch(r));
  }

  add(row: SdrrecRow): void {
    const at = row.timestamp;
    if (this.rows === 0) this.first = at;
    this.rows++;
    this.last = at;
    const cpuPct = numberOf(row, 'cpu_pct');
    if (cpuPct !== undefined) this.cpu.add(at, cpuPct);
    const rss = numberOf(row, 'rss');
    if (rss !== undefined) this.rss.add(at, rss);
    this.rssMax = Math.max(this.rssMax, numberOf(row, 'rss_max') ?? 0);

    const write = numberOf(row, 'write_max');
    const slowWrite = write !== undefined && write > SLOW_WRITE_MS;
    // A write that a stall held up is the stall's, not the disk's.
    if (slowWrite && !this.stallOwnsRow(row)) {
      if (write > this.writes.max) this.worstWriteFile = row.value('write_max_file');
      this.writes.add(at, write);
      if (row.value('write_max_file') !== '') this.slowWriteFiles.add(row.value('write_max_file'));
    }

    const lateTogether = this.lateRecorders(row);
    // Two or more recorders late in one row is not two slow sources but one process that did not
    // run: one stall. Its consequences (samples written late, ticks skipped, a write that spans
    // it) come in that row and, for the samples it held up, in the next: they are the stall's.
    const inStall = lateTogether.length >= 2;
    const afterStall = !inStall && this.stallRowBefore;
    this.stallRowBefore = inStall;
    if (inStall) {
      const worst = Math.max(...lateTogether.map((l) => l.ms));
      if (this.stallOpen) {
        // The same stall, seen over two rows of sdrrec: one stall, at its worst.
        if (worst > this.stalls.spikes.max) Object.assign(this.stalls.spikes, { max: worst, maxAt: at, last: at });
      } else {
        this.stalls.spikes.add(at, worst);
      }
      for (const l of lateTogether) this.stalls.recorders.add(l.recorder);
      this.stalls.cpuPctMax = Math.max(this.stalls.cpuPctMax, cpuPct ?? 0);
    }
    this.stallOpen = inStall;
    const stallOwns = inStall || afterStall;

    for (const w of this.watches) {
      const interval = numberOf(row, `${w.name}_interval`);
      if (interval === undefined) continue; // not running
      w.intervals.add(interval);
      const missed = numberOf(row, `${w.name}_missed`) ?? 0;
      w.errors.add(at, numberOf(row, `${w.name}_errors`) ?? 0);
      if (stallOwns) this.stalls.missed += missed;
      else w.missed.add(at, missed);
      if (inStall) continue;
      const latency = numberOf(row, `${w.name}_lat_max`);
      const latencyThreshold = spikeThresholdMs(SAMPLE_LATENCY, interval);
      // After a stall, the samples it held up are written late: that was the stall, not their sources.
      if (latency !== undefined && latency > latencyThreshold && !afterStall) {
        if (latency > w.latency.max) w.latencyThresholdMs = latencyThreshold;
        w.latency.add(at, latency);
        if (slowWrite) w.latencyDuringSlowWrites++;
      }
      const late = numberOf(row, `${w.name}_late_max`);
      const lateThreshold = spikeThresholdMs(TICK_LATENESS, interval);
      if (late !== undefined && late > lateThreshold) {
        if (late > w.lateness.max) w.latenessThresholdMs = lateThreshold;
        w.lateness.add(at, late);
        if (cpuPct !== undefined) w.cpuWhenLate.add(at, cpuPct);
      }
    }

    const writeErrors = numberOf(row, 'write_errors') ?? 0;
    this.writeErrors.add(at, writeErrors);
    this.writeDropped += numberOf(row, 'write_dropped') ?? 0;
    if (writeErrors > 0 && row.value('write_fault') !== '') this.writeFault = row.value('write_fault');

    const pending = numberOf(row, 'send_pending');
    if (pending !== undefined) this.pending.add(at, pending);
    this.retries.add(at, numberOf(row, 'send_retries') ?? 0);
    this.rejected.add(at, numberOf(row, 'send_rejected') ?? 0);
  }

  /** The recorders whose samples began late in this row, and by how much. */
  private lateRecorders(row: SdrrecRow): { recorder: string; ms: number }[] {
    return this.watches.flatMap((w) => {
      const interval = numberOf(row, `${w.name}_interval`);
      const late = numberOf(row, `${w.name}_late_max`);
      return interval !== undefined && late !== undefined && late > spikeThresholdMs(TICK_LATENESS, interval)
        ? [{ recorder: w.name, ms: late }] : [];
    });
  }

  /** Whether this row is a stall's or the one after it (decided before the row's own tallies). */
  private stallOwnsRow(row: SdrrecRow): boolean {
    return this.lateRecorders(row).length >= 2 || this.stallRowBefore;
  }

  /** The recorders that ran in the window, with the intervals they ran at. */
  recordersSeen(): { recorder: string; intervals: number[] }[] {
    return this.watches.filter((w) => w.intervals.size > 0)
      .map((w) => ({ recorder: w.name, intervals: [...w.intervals].sort((a, b) => a - b) }));
  }

  /** Whether the backlog grew: the end well above the start and a rising least-squares line. */
  private backlogGrew(): boolean {
    const p = this.pending;
    const growth = p.last - p.first;
    return p.n >= 3 && p.slope > 0 && growth >= BACKLOG_GROWTH.minRows && growth >= BACKLOG_GROWTH.share * p.first;
  }

  findings(): Finding[] {
    const found: Finding[] = [];
    if (this.stalls.spikes.n > 0) found.push({ kind: 'stall', stalls: this.stalls });
    if (this.writeErrors.total > 0) found.push({ kind: 'write-failures', errors: this.writeErrors, dropped: this.writeDropped, fault: this.writeFault });
    for (const w of this.watches) {
      if (w.missed.total > 0) found.push({ kind: 'missed-ticks', recorder: w.name, tally: w.missed });
      if (w.errors.total > 0) found.push({ kind: 'failed-samples', recorder: w.name, tally: w.errors });
      if (w.lateness.n > 0) {
        found.push({ kind: 'tick-lateness', recorder: w.name, spikes: w.lateness, thresholdMs: w.latenessThresholdMs, cpuPctMax: w.cpuWhenLate.max });
      }
      if (w.latency.n > 0) {
        found.push({ kind: 'sample-latency', recorder: w.name, spikes: w.latency, thresholdMs: w.latencyThresholdMs, duringSlowWrites: w.latencyDuringSlowWrites });
      }
    }
    if (this.rejected.total > 0) found.push({ kind: 'rejected-rows', tally: this.rejected });
    if (this.backlogGrew()) found.push({ kind: 'backlog', trend: this.pending, rowsPerHour: this.pending.slope * 3600 });
    if (this.writes.n > 0) {
      found.push({ kind: 'slow-writes', spikes: this.writes, thresholdMs: SLOW_WRITE_MS, worstFile: this.worstWriteFile, files: [...this.slowWriteFiles].sort() });
    }
    if (this.retries.total > 0) found.push({ kind: 'retries', tally: this.retries });
    if (this.rss.n >= 2 && this.rss.last > this.rss.first * (1 + RSS_GROWTH_SHARE)) found.push({ kind: 'memory-growth', trend: this.rss });
    if (this.cpu.n > 0 && this.cpu.average > CPU_BUSY_PCT) found.push({ kind: 'busy-cpu', cpu: this.cpu });
    return found.sort((a, b) => SEVERITY.indexOf(a.kind) - SEVERITY.indexOf(b.kind) || magnitude(b) - magnitude(a));
  }
}
