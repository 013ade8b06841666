// The summary of a recorder over a period, like `sar -f`: for each numeric field of the LMO (per
// device for a per-device recorder, per bucket with --every) its count, average, minimum, maximum
// with its time, and 95th percentile. Rows go in one at a time; see series-stats.ts for the memory.
import type { Lmo, LmoField } from '../core/lmo.js';
import type { RecordedRow } from '../transport/recorded-rows.js';
import { Series, KEPT_VALUES_BUDGET, type FieldStats } from './series-stats.js';

export interface SummaryOptions {
  /** The numeric fields to summarise (default: all). */
  fields: LmoField[];
  /** Bucket width in seconds (--every); undefined: one bucket for the period. */
  every?: number;
  /** The period's start: buckets are counted from it. */
  from: number;
}

export interface SeriesSummary {
  /** The bucket's start, epoch seconds (the period's start without --every). */
  bucket: number;
  /** The device of a per-device recorder; '' for a whole-system one. */
  device: string;
  field: LmoField;
  stats: FieldStats;
}

/** The LMO's numeric fields, timestamp aside. */
export function numericFields(lmo: Lmo): LmoField[] {
  return lmo.fields.filter((f) => f.type === 'int' || f.type === 'float');
}

/** The field that names a row's device in a per-device recorder, as its LMO says. */
export function deviceField(lmo: Lmo): string | undefined {
  return lmo.device;
}

function valueOf(row: RecordedRow, column: number | undefined): number | undefined {
  if (column === undefined) return undefined;
  const text = row.fields[column];
  if (text === undefined || text === '') return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}

export class Summary {
  /** bucket -> device -> field name -> series. */
  private readonly buckets = new Map<number, Map<string, Map<string, Series>>>();
  private readonly budget = { left: KEPT_VALUES_BUDGET };
  rows = 0;
  first: number | undefined;
  last: number | undefined;

  constructor(private readonly lmo: Lmo, private readonly o: SummaryOptions) {}

  private bucketOf(t: number): number {
    return this.o.every === undefined ? this.o.from : this.o.from + Math.floor((t - this.o.from) / this.o.every) * this.o.every;
  }

  private seriesOf(row: RecordedRow): Map<string, Series> {
    const device = this.deviceOf(row);
    const b = this.bucketOf(row.timestamp);
    let devices = this.buckets.get(b);
    if (devices === undefined) {
      devices = new Map();
      this.buckets.set(b, devices);
    }
    let fields = devices.get(device);
    if (fields === undefined) {
      fields = new Map(this.o.fields.map((f) => [f.name, new Series(this.budget)]));
      devices.set(device, fields);
    }
    return fields;
  }

  private deviceOf(row: RecordedRow): string {
    const d = deviceField(this.lmo);
    return d === undefined ? '' : row.fields[row.columns.get(d) ?? -1] ?? '';
  }

  add(row: RecordedRow): void {
    this.rows++;
    this.first = Math.min(this.first ?? row.timestamp, row.timestamp);
    this.last = Math.max(this.last ?? row.timestamp, row.timestamp);
    const series = this.seriesOf(row);
    for (const f of this.o.fields) series.get(f.name)!.add(valueOf(row, row.columns.get(f.name)), row.timestamp);
  }

  /** Some percentiles need the rows once more (their values did not fit the memory budget). */
  get needsSecondPass(): boolean {
    for (const devices of this.buckets.values()) {
      for (const fields of devices.values()) for (const s of fields.values()) if (s.needsSecondPass) return true;
    }
    return false;
  }

  addAgain(row: RecordedRow): void {
    const series = this.seriesOf(row);
    for (const f of this.o.fields) {
      const s = series.get(f.name)!;
      if (s.needsSecondPass) s.addAgain(valueOf(row, row.columns.get(f.name)));
    }
  }

  /** Every series, by bucket, then device in natural order, then field in LMO order. */
  results(order: (a: string, b: string) => number): SeriesSummary[] {
    const out: SeriesSummary[] = [];
    for (const bucket of [...this.buckets.keys()].sort((a, b) => a - b)) {
      const devices = this.buckets.get(bucket)!;
      for (const device of [...devices.keys()].sort(order)) {
        const fields = devices.get(device)!;
        for (const f of this.o.fields) out.push({ bucket, device, field: f, stats: fields.get(f.name)!.stats() });
      }
    }
    return out;
  }
}
