// The data of a recorder's charts, made small enough for a page however long the period and dense
// the rows: time is cut into at most MAX_BUCKETS buckets; where a bucket holds several rows, it keeps
// the minimum and the maximum of each line (so a spike of one second in a day still shows) and says
// so; stacked areas keep their averages, which stack. Per-device charts draw the busiest devices.
// All charts of a recorder are filled from one pass: per device, per field, per bucket, in flat
// typed arrays, so that a day of 64 CPUs costs a few array writes a row.
import type { ChartSpec } from './charts.js';
import type { RowValues } from './row-values.js';
import { naturalCompare } from '../core/natural-order.js';

export const MAX_BUCKETS = 1500;
/** Devices drawn in one per-device chart at most, the busiest first. */
export const MAX_DEVICES = 16;

export interface Line {
  label: string;
  values: (number | null)[];
  /** Its colour: a device keeps one colour in every chart (its place in natural order). */
  color: number;
}

export interface ChartData {
  spec: ChartSpec;
  /** Epoch seconds; two per bucket (its minimum, then its maximum) when reduced. */
  x: number[];
  lines: Line[];
  /** "the 16 busiest of 200" and the like, when not every device is drawn. */
  note?: string;
}

/** Bucket width in seconds for a period: whole seconds, at most MAX_BUCKETS buckets. */
export function bucketSeconds(from: number, to: number): number {
  return Math.max(1, Math.ceil((to - from) / MAX_BUCKETS));
}

/** One device's buckets of every field: index field * size + bucket. */
interface DeviceBuckets {
  min: Float64Array;
  max: Float64Array;
  sum: Float64Array;
  n: Uint32Array;
  /** Per field, the sum over the period: how busy the device was. */
  total: Float64Array;
}

const round = (v: number) => Number(v.toFixed(Math.abs(v) >= 100 ? 1 : 3));

export class RecorderCharts {
  private readonly size: number;
  /** The fields drawn, in slot order of the RowValues. */
  private readonly fields: string[];
  private readonly slots: Int32Array;
  /** By device index of the RowValues (0 for a whole-system recorder). */
  private readonly devices: (DeviceBuckets | undefined)[] = [];
  /** Some bucket held more than one row: the page says the data is reduced. */
  reduced = false;

  constructor(readonly specs: ChartSpec[], private readonly from: number, to: number, readonly bucket: number, private readonly rows: RowValues) {
    this.size = Math.max(1, Math.ceil((to - from) / bucket));
    this.fields = [...new Set(specs.flatMap((s) => s.fields))];
    this.slots = Int32Array.from(this.fields, (f) => rows.slot(f));
  }

  private bucketsOf(device: number): DeviceBuckets {
    let d = this.devices[device];
    if (d === undefined) {
      const n = this.fields.length * this.size;
      d = { min: new Float64Array(n).fill(Infinity), max: new Float64Array(n).fill(-Infinity), sum: new Float64Array(n), n: new Uint32Array(n), total: new Float64Array(this.fields.length) };
      this.devices[device] = d;
    }
    return d;
  }

  /** The row just read into the RowValues, stamped t. */
  add(t: number): void {
    const b = Math.floor((t - this.from) / this.bucket);
    if (b < 0 || b >= this.size) return;
    const d = this.bucketsOf(this.rows.device);
    const values = this.rows.values;
    for (let f = 0; f < this.slots.length; f++) {
      const v = values[this.slots[f]];
      if (v !== v) continue; // NaN: an empty field
      const i = f * this.size + b;
      if (v < d.min[i]) d.min[i] = v;
      if (v > d.max[i]) d.max[i] = v;
      d.sum[i] += v;
      if (++d.n[i] > 1) this.reduced = true;
      d.total[f] += v;
    }
  }

  /** Every chart that has something to draw (a per-device chart whose devices were all 0 has not). */
  data(): ChartData[] {
    return this.specs.flatMap((spec) => this.chart(spec) ?? []);
  }

  private chart(spec: ChartSpec): ChartData | undefined {
    const fieldIndex = spec.fields.map((f) => this.fields.indexOf(f));
    // A line: a field of device 0, or one field of each device.
    let keys: { device: number; field: number; label: string }[] = spec.perDevice
      ? this.devices.flatMap((d, device) => (d === undefined ? [] : [{ device, field: fieldIndex[0], label: this.rows.devices[device] }]))
      : spec.fields.map((label, k) => ({ device: 0, field: fieldIndex[k], label }));
    keys = keys.filter((k) => {
      const d = this.devices[k.device];
      if (d === undefined) return false;
      for (let b = 0; b < this.size; b++) if (d.n[k.field * this.size + b] > 0) return true;
      return false;
    });
    if (keys.length === 0) return undefined;
    const base = (k: { device: number; field: number }) => k.field * this.size;
    if (spec.perDevice) {
      const flat = keys.every((k) => {
        const d = this.devices[k.device]!;
        for (let b = 0; b < this.size; b++) {
          const i = base(k) + b;
          if (d.n[i] > 0 && (d.min[i] !== 0 || d.max[i] !== 0)) return false;
        }
        return true;
      });
      if (flat) return undefined;
    }
    const colorOf = new Map([...keys].sort((a, b) => naturalCompare(a.label, b.label)).map((k, i) => [k, spec.perDevice ? i : keys.indexOf(k)]));
    let note: string | undefined;
    if (spec.perDevice) {
      // The busiest first: the device with the largest sum of the measure over the period.
      keys.sort((a, b) => this.devices[b.device]!.total[b.field] - this.devices[a.device]!.total[a.field]);
      if (keys.length > MAX_DEVICES) note = `the ${MAX_DEVICES} busiest of ${keys.length}`;
      keys = keys.slice(0, MAX_DEVICES);
    }
    // Only the buckets with rows are kept, and the first empty one after each run of them, whose
    // nulls break the lines there: an hour without rows is a gap, and costs the page nothing.
    const used = (b: number) => keys.some((k) => this.devices[k.device]!.n[base(k) + b] > 0);
    const kept: number[] = [];
    for (let b = 0; b < this.size; b++) if (used(b) || (b > 0 && used(b - 1))) kept.push(b);
    const x: number[] = [];
    for (const b of kept) {
      const t = this.from + b * this.bucket;
      x.push(t);
      if (this.reduced) x.push(t + this.bucket / 2);
    }
    const lines = keys.map((k) => {
      const d = this.devices[k.device]!;
      const values: (number | null)[] = [];
      for (const b of kept) {
        const i = base(k) + b;
        if (d.n[i] === 0) {
          values.push(null);
          if (this.reduced) values.push(null);
        } else if (!this.reduced) {
          values.push(round(d.sum[i]));
        } else if (spec.stacked) {
          // Areas stack their averages; minima and maxima of parts do not add up.
          const avg = round(d.sum[i] / d.n[i]);
          values.push(avg, avg);
        } else {
          values.push(round(d.min[i]), round(d.max[i]));
        }
      }
      return { label: k.label, values, color: colorOf.get(k) ?? 0 };
    });
    return { spec, x, lines, note };
  }
}
