// Count, average, minimum, maximum (and when) and the 95th percentile of each series of a report:
// a field of a recorder, per device for per-device recorders, per bucket with --every. Pure: rows
// in, figures out. The percentile is exact (nearest rank: the value at rank ceil(0.95 n) of the
// sorted values). The values are kept while they fit a memory budget; beyond it they are let go, and
// a second pass over the rows keeps, per series, only the top 5 % it needs.

export interface FieldStats {
  count: number;
  /** Rows whose field was empty (or not a number): left out of the figures. */
  empty: number;
  avg?: number;
  min?: number;
  max?: number;
  /** Epoch seconds of the first row that held the maximum. */
  maxAt?: number;
  p95?: number;
}

/** Values kept for the percentiles at most, over every series: 16 M numbers, 128 MB. */
export const KEPT_VALUES_BUDGET = 16 * 1024 * 1024;

/** A min-heap of the largest values seen, of a fixed size. */
class TopHeap {
  private readonly a: number[] = [];
  constructor(private readonly size: number) {}

  push(v: number): void {
    const a = this.a;
    if (a.length < this.size) {
      a.push(v);
      for (let i = a.length - 1; i > 0;) {
        const p = (i - 1) >> 1;
        if (a[p] <= a[i]) break;
        [a[p], a[i]] = [a[i], a[p]];
        i = p;
      }
    } else if (v > a[0]) {
      a[0] = v;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l] < a[m]) m = l;
        if (r < a.length && a[r] < a[m]) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
  }

  /** The smallest of the kept: the value at rank n - size + 1. */
  get top(): number {
    return this.a[0];
  }
}

/** Nearest-rank 95th percentile: its rank among n sorted values, from 1. */
export function p95Rank(n: number): number {
  return Math.ceil(0.95 * n);
}

export class Series {
  count = 0;
  empty = 0;
  private sum = 0;
  private min = Infinity;
  private max = -Infinity;
  private maxAt = 0;
  private values: Float64Array | undefined = new Float64Array(64);
  private heap: TopHeap | undefined;

  constructor(private readonly budget: { left: number }) {}

  add(value: number | undefined, at: number): void {
    if (value === undefined) {
      this.empty++;
      return;
    }
    if (this.values !== undefined) {
      if (this.count === this.values.length) {
        if (this.budget.left < this.count) {
          this.budget.left += this.values.length;
          this.values = undefined;
        } else {
          const bigger = new Float64Array(this.count * 2);
          bigger.set(this.values);
          this.budget.left -= this.count;
          this.values = bigger;
        }
      }
      if (this.values !== undefined) this.values[this.count] = value;
    }
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) {
      this.max = value;
      this.maxAt = at;
    }
  }

  /** The percentile needs a second pass over the rows: the values were let go. */
  get needsSecondPass(): boolean {
    return this.values === undefined && this.count > 0;
  }

  /** In the second pass, each value again (the same as in the first). */
  addAgain(value: number | undefined): void {
    if (value === undefined) return;
    this.heap ??= new TopHeap(this.count - p95Rank(this.count) + 1);
    this.heap.push(value);
  }

  stats(): FieldStats {
    const s: FieldStats = { count: this.count, empty: this.empty };
    if (this.count === 0) return s;
    s.avg = this.sum / this.count;
    s.min = this.min;
    s.max = this.max;
    s.maxAt = this.maxAt;
    if (this.values !== undefined) {
      const sorted = this.values.subarray(0, this.count).sort();
      s.p95 = sorted[p95Rank(this.count) - 1];
    } else if (this.heap !== undefined) {
      s.p95 = this.heap.top;
    }
    return s;
  }
}
