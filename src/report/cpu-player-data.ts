// cpurec's two pictures of a multiprocessor: a heat map of every CPU's busy share over time, and
// the cpuplayer, where each CPU is a point in a triangle whose corners are idle, user and system
// time (its barycentric coordinates are the three shares), moving over the period. Per bucket of
// time: the busiest moment of each CPU for the heat map (a spike stays visible), and the average
// shares for the player.
import type { RowValues } from './row-values.js';
import { naturalCompare } from '../core/natural-order.js';

/** What goes into each corner of the triangle, in cpurec's fields. */
export const CORNERS = {
  idle: ['idlepct', 'iowaitpct'],
  user: ['userpct', 'nicepct'],
  system: ['syspct', 'irqpct', 'softirqpct', 'stealpct'],
} as const;

export interface CpuPictures {
  cpus: string[];
  /** Bucket start times, epoch seconds. */
  t: number[];
  /** busy[c][b]: the highest busy % of CPU c in bucket b; null without rows. */
  busy: (number | null)[][];
  /** shares[c][b] = [idle, user, system], summing to 1; null without rows. */
  shares: ([number, number, number] | null)[][];
}

interface Cpu {
  busy: Float64Array;
  sums: Float64Array; // idle, user, system per bucket, interleaved
  n: Uint32Array;
}

/** The fields the player reads. */
export const PLAYER_FIELDS = ['totalpct', ...CORNERS.idle, ...CORNERS.user, ...CORNERS.system];

export class CpuPlayerBuilder {
  /** By device index of the RowValues. */
  private readonly cpus: (Cpu | undefined)[] = [];
  private readonly size: number;
  private readonly total: number;
  private readonly corners: number[][];

  constructor(private readonly from: number, to: number, private readonly bucket: number, private readonly rows: RowValues) {
    this.size = Math.max(1, Math.ceil((to - from) / bucket));
    this.total = rows.slot('totalpct');
    this.corners = [CORNERS.idle, CORNERS.user, CORNERS.system].map((fields) => fields.map((f) => rows.slot(f)));
  }

  /** The row just loaded into the RowValues, stamped t. */
  add(t: number): void {
    const b = Math.floor((t - this.from) / this.bucket);
    if (b < 0 || b >= this.size) return;
    const v = this.rows.values;
    let cpu = this.cpus[this.rows.device];
    if (cpu === undefined) {
      cpu = { busy: new Float64Array(this.size).fill(-1), sums: new Float64Array(this.size * 3), n: new Uint32Array(this.size) };
      this.cpus[this.rows.device] = cpu;
    }
    const idle = this.corners[0].reduce((s, k) => s + (Number.isNaN(v[k]) ? 0 : v[k]), 0);
    const busy = Number.isNaN(v[this.total]) ? 100 - idle : v[this.total];
    if (busy > cpu.busy[b]) cpu.busy[b] = busy;
    for (let i = 0; i < 3; i++) {
      let sum = 0;
      for (const k of this.corners[i]) if (!Number.isNaN(v[k])) sum += v[k];
      cpu.sums[b * 3 + i] += sum;
    }
    cpu.n[b]++;
  }

  data(): CpuPictures | undefined {
    const byName = new Map(this.cpus.flatMap((c, i) => (c === undefined ? [] : [[this.rows.devices[i], c] as const])));
    if (byName.size === 0) return undefined;
    const cpus = [...byName.keys()].sort(naturalCompare);
    const t = Array.from({ length: this.size }, (_, b) => this.from + b * this.bucket);
    const r = (v: number) => Number(v.toFixed(3));
    return {
      cpus,
      t,
      busy: cpus.map((c) => [...byName.get(c)!.busy].map((v) => (v < 0 ? null : Number(v.toFixed(1))))),
      shares: cpus.map((c) => {
        const cpu = byName.get(c)!;
        return t.map((_, b) => {
          if (cpu.n[b] === 0) return null;
          const [i, u, s] = [0, 1, 2].map((k) => cpu.sums[b * 3 + k]);
          const total = i + u + s;
          return total > 0 ? [r(i / total), r(u / total), r(s / total)] : null;
        });
      }),
    };
  }
}
