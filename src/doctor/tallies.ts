// Running aggregates over a stream of rows: each keeps a few numbers, never the rows, so a
// week of 0.1 s samples costs the same memory as an hour of minutes.

/** Counts reported per interval (missed ticks, failed samples): the total, in how many intervals, first and last. */
export class CountTally {
  total = 0;
  intervals = 0;
  first = 0;
  last = 0;

  add(at: number, n: number): void {
    if (!(n > 0)) return;
    if (this.intervals === 0) this.first = at;
    this.intervals++;
    this.total += n;
    this.last = at;
  }
}

/** A series' first and last point and its least-squares slope, from running sums. */
export class Trend {
  n = 0;
  firstAt = 0;
  first = 0;
  lastAt = 0;
  last = 0;
  // Sums over (t − firstAt, v), so that epoch seconds squared do not eat the precision.
  private st = 0;
  private sv = 0;
  private stt = 0;
  private stv = 0;

  add(at: number, value: number): void {
    if (this.n === 0) {
      this.firstAt = at;
      this.first = value;
    }
    const t = at - this.firstAt;
    this.n++;
    this.st += t;
    this.sv += value;
    this.stt += t * t;
    this.stv += t * value;
    this.lastAt = at;
    this.last = value;
  }

  /** Units per second; 0 with fewer than two distinct times. */
  get slope(): number {
    const d = this.n * this.stt - this.st * this.st;
    return this.n < 2 || d <= 0 ? 0 : (this.n * this.stv - this.st * this.sv) / d;
  }
}

/** A sum, an average and a maximum with its time. */
export class Level {
  n = 0;
  sum = 0;
  max = 0;
  maxAt = 0;

  add(at: number, value: number): void {
    this.n++;
    this.sum += value;
    if (this.n === 1 || value > this.max) {
      this.max = value;
      this.maxAt = at;
    }
  }

  get average(): number {
    return this.n === 0 ? 0 : this.sum / this.n;
  }
}

/** Values above a threshold: how many (n), their average, the worst (max) and when, first and last seen. */
export class SpikeTally extends Level {
  first = 0;
  last = 0;

  add(at: number, value: number): void {
    if (this.n === 0) this.first = at;
    super.add(at, value);
    this.last = at;
  }
}
