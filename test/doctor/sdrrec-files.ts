// sdrrec raw files with known contents for the doctor's tests. The header comes from the LMO, so
// these files follow the schema as it changes; a row is the quiet one below with some fields set.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { loadLmo } from '../../src/core/lmo.js';
import { watchedRecorders } from '../../src/doctor/findings.js';

export const HEADER = loadLmo('sdrrec').fields.map((f) => f.name);
export const RECORDERS = watchedRecorders(loadLmo('sdrrec'));

/** Epoch seconds of a UTC time "2026-11-27 10:02:00". */
export function at(time: string): number {
  return Date.parse(`${time.replace(' ', 'T')}Z`) / 1000;
}

export type Row = Record<string, string | number>;

/** A healthy minute: sysrec, cpurec, diskrec and nicrec every 60 s, fast, nothing missed, no platform. */
export function quietRow(timestamp: number): Row {
  const row: Row = { timestamp, cpu_sec: 0.18, cpu_pct: 0.3, rss: 40000, rss_max: 41000, write_max: 2.5, write_max_file: 'sysrec-2026-11-27.csv' };
  for (const r of ['sysrec', 'cpurec', 'diskrec', 'nicrec']) {
    Object.assign(row, { [`${r}_interval`]: 60, [`${r}_samples`]: 1, [`${r}_lat_avg`]: 4, [`${r}_lat_max`]: 6, [`${r}_late_max`]: 1, [`${r}_missed`]: 0, [`${r}_errors`]: 0 });
  }
  return row;
}

/** Quiet rows every `step` seconds from `from` to `to` (UTC times), each changed by `change`. */
export function rowsBetween(from: string, to: string, change: (row: Row, i: number) => void = () => {}, step = 60): Row[] {
  const rows: Row[] = [];
  for (let t = at(from), i = 0; t <= at(to); t += step, i++) {
    const row = quietRow(t);
    change(row, i);
    rows.push(row);
  }
  return rows;
}

/** Sets fields of the rows at the given times. */
export function setAt(rows: Row[], time: string, fields: Row): void {
  const row = rows.find((r) => r.timestamp === at(time));
  if (row === undefined) throw new Error(`no row at ${time}`);
  Object.assign(row, fields);
}

export function csv(rows: Row[]): string {
  return [HEADER.join(','), ...rows.map((r) => HEADER.map((name) => r[name] ?? '').join(','))].join('\n') + '\n';
}

export function logDir(): string {
  return mkdtempSync(`${tmpdir()}/sdr-doctor-`);
}

/** Writes sdrrec-<day>.csv, or .csv.gz, in `dir`; `tail` is appended as is (a torn line, say). */
export function writeDay(dir: string, day: string, rows: Row[], options: { gzip?: boolean; tail?: string } = {}): string {
  const text = csv(rows) + (options.tail ?? '');
  const path = `${dir}/sdrrec-${day}.csv${options.gzip ? '.gz' : ''}`;
  writeFileSync(path, options.gzip ? gzipSync(text) : text);
  return path;
}
