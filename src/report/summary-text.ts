// A summary as a person reads it (tables like sar's, a block per device and per bucket) and as R
// reads it (--csv: one line per series, times as epoch seconds like the raw files).
import type { Lmo } from '../core/lmo.js';
import { csvLines } from '../output/csv.js';
import type { SeriesSummary } from './summary.js';
import type { FieldStats } from './series-stats.js';
import { wallTime, type Period } from './period.js';

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 2 decimals, as the raw files print rates and shares; an int field's min and max as ints. */
function number(v: number | undefined, int: boolean): string {
  if (v === undefined) return '';
  return int && Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/** Columns padded to their widest cell, names left, numbers right. */
function table(rows: string[][], leftColumns: number): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd());
}

export interface SummaryContext {
  lmo: Lmo;
  period: Period;
  /** Where the rows came from, for the heading. */
  source: string;
  rows: number;
  first?: number;
  last?: number;
  every?: number;
  /** Lines that were not rows. */
  skipped: number;
}

function timeOf(t: number | undefined, ctx: SummaryContext, withDay: boolean): string {
  if (t === undefined) return '';
  const w = wallTime(t, ctx.period.tz);
  return withDay ? w : w.slice(11);
}

/** The heading, then a table per device and bucket, then what was left out. */
export function summaryText(series: SeriesSummary[], ctx: SummaryContext): string {
  const { lmo, period } = ctx;
  const zone = period.tz === 'UTC' ? 'UTC' : period.tz;
  const oneDay = wallTime(period.from, period.tz).slice(0, 10) === wallTime(period.to - 1, period.tz).slice(0, 10);
  const lines = [
    `${lmo.name} from ${ctx.source}, ${wallTime(period.from, period.tz)} to ${wallTime(period.to, period.tz)} ${zone}: ` +
      `${COUNT.format(ctx.rows)} row${ctx.rows === 1 ? '' : 's'}` +
      (ctx.first !== undefined ? `, ${timeOf(ctx.first, ctx, true)} to ${timeOf(ctx.last, ctx, !oneDay)}` : ''),
  ];
  const groups = new Map<string, SeriesSummary[]>();
  for (const s of series) {
    const key = `${s.bucket}\u0000${s.device}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  for (const group of groups.values()) {
    const { bucket, device } = group[0];
    const title = [device !== '' ? `${lmo.fields[1].name} ${device}` : '',
      ctx.every !== undefined ? `${timeOf(bucket, ctx, !oneDay)} to ${timeOf(Math.min(bucket + ctx.every, period.to), ctx, !oneDay)}` : '']
      .filter(Boolean).join(', ');
    const rows = [['field', 'unit', 'count', 'avg', 'min', 'max', 'p95', 'max at']];
    for (const s of group) {
      const int = s.field.type === 'int';
      const st: FieldStats = s.stats;
      rows.push([s.field.name, s.field.unit, COUNT.format(st.count), number(st.avg, false), number(st.min, int),
        number(st.max, int), number(st.p95, int), timeOf(st.maxAt, ctx, !oneDay)]);
    }
    lines.push('', ...(title !== '' ? [`${title}:`] : []), ...table(rows, 2));
  }
  const empty = new Map<string, number>();
  for (const s of series) if (s.stats.empty > 0) empty.set(s.field.name, (empty.get(s.field.name) ?? 0) + s.stats.empty);
  const left = [...empty].map(([name, n]) => `${name} ${COUNT.format(n)}`);
  if (left.length > 0 || ctx.skipped > 0) {
    lines.push('', 'Left out of the figures: ' + [
      ...(left.length > 0 ? [`empty fields (not measured here, or a counter that went back): ${left.join(', ')}`] : []),
      ...(ctx.skipped > 0 ? [ctx.skipped === 1 ? '1 line that is not a row' : `${COUNT.format(ctx.skipped)} lines that are not rows`] : []),
    ].join('; ') + '.');
  }
  return `${lines.join('\n')}\n`;
}

export const SUMMARY_CSV_COLUMNS = ['recorder', 'from', 'to', 'device', 'field', 'unit', 'count', 'empty', 'avg', 'min', 'max', 'max_at', 'p95'];

/** One line per series; times in epoch seconds, figures with their full precision. */
export function summaryCsv(series: SeriesSummary[], ctx: SummaryContext): string {
  const v = (x: number | undefined) => (x === undefined ? '' : String(Number(x.toFixed(6))));
  return csvLines([SUMMARY_CSV_COLUMNS, ...series.map((s) => [
    ctx.lmo.name, String(s.bucket), String(ctx.every === undefined ? ctx.period.to : Math.min(s.bucket + ctx.every, ctx.period.to)),
    s.device, s.field.name, s.field.unit, String(s.stats.count), String(s.stats.empty),
    v(s.stats.avg), v(s.stats.min), v(s.stats.max), s.stats.maxAt === undefined ? '' : String(s.stats.maxAt), v(s.stats.p95),
  ])], ',');
}
