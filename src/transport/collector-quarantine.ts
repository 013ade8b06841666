// Rows an original agent sent that sdr collect knows no layout for (an unknown recorder, another
// field count, a timestamp that is no date). The original sender never sends a row again, so
// refusing one would lose it: it is kept instead, with the reason, in
// <dataDir>/<dsid>/quarantine-YYYY-MM-DD.csv (the collector's UTC day), answered 200, and counted.
// The collector says so at the first such row, then once a minute while more come, by kind. Its
// reasons and agents hold no comma, so awk -F, and cut read the columns before the row.
import { join } from 'node:path';
import { csvLines } from '../output/csv.js';
import { utcDay } from '../output/day-file-name.js';

export const QUARANTINE_HEADER = csvLines([['received', 'agent', 'msgid', 'devid', 'reason', 'row']], ',');

export interface QuarantinedRow {
  agent: string;
  msgid: string;
  devid?: string;
  /** Why no layout took it, in words. */
  reason: string;
  /** Counted together with the rows of the same kind: msgid and reason without its details. */
  kind: string;
  /** The row as sent. */
  row: string;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

export class Quarantine {
  private readonly kinds = new Map<string, number>();
  private total = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataDir: string,
    private readonly log: (line: string) => void,
    private readonly everyMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The file of a data source's quarantined rows of today. */
  pathOf(dsid: string): string {
    return join(this.dataDir, dsid, `quarantine-${utcDay(this.now())}.csv`);
  }

  /** The line a quarantined row is kept as; a line break in it is written %0D, %0A. */
  lineOf(q: QuarantinedRow): string {
    const row = q.row.replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    return csvLines([[iso(this.now()), q.agent, q.msgid, q.devid ?? '', q.reason, row]], ',');
  }

  /** Counts a row kept; said at once when the collector was quiet, else in the next minute's line. */
  count(q: QuarantinedRow, path: string): void {
    this.total++;
    if (this.timer === undefined) {
      this.log(`kept a row of ${q.agent} in quarantine, ${path}: ${q.reason}`);
      this.timer = setTimeout(() => this.report(), this.everyMs).unref();
      return;
    }
    this.kinds.set(q.kind, (this.kinds.get(q.kind) ?? 0) + 1);
  }

  /** The rows kept since the start. */
  get kept(): number {
    return this.total;
  }

  private report(): void {
    this.timer = undefined;
    if (this.kinds.size === 0) return;
    const rows = [...this.kinds.values()].reduce((a, b) => a + b, 0);
    const kinds = [...this.kinds].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} (${n})`).join('; ');
    const period = this.everyMs >= 1000 ? `${Math.round(this.everyMs / 1000)} s` : `${this.everyMs} ms`;
    this.log(`kept ${rows} more row${rows === 1 ? '' : 's'} in quarantine in the last ${period}, ` +
      `${this.total} since the start, in the quarantine-YYYY-MM-DD.csv of their data sources: ${kinds}`);
    this.kinds.clear();
    this.timer = setTimeout(() => this.report(), this.everyMs).unref();
  }

  /** Says what is not said yet, and stops. */
  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.report();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
