// macOS iostat: a line of disk names, a line of column names (three per disk, then cpu and load
// average columns unless -d), then a row per report. By default each disk's columns are rates
// "KB/t tps MB/s"; with -I they are totals "KB/t xfrs MB" (MB: MiB), since boot in the first report.
// Those totals are the counters sdr takes its rates from. macOS does not split reads from writes.
import type { DiskIo } from '../types.js';

export interface IostatReport {
  /** Each disk's first report, by column name. */
  disks: Map<string, Map<string, number>>;
}

export function parseDarwinIostat(text: string): IostatReport | null {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const names = (lines[0] ?? '').trim().split(/\s+/).filter((n) => /^disk\d+$/.test(n));
  const columns = (lines[1] ?? '').trim().split(/\s+/);
  const values = (lines[2] ?? '').trim().split(/\s+/).map(Number);
  if (names.length === 0 || columns[0] !== 'KB/t' || values.length < names.length * 3) return null;
  const disks = new Map<string, Map<string, number>>();
  names.forEach((name, d) => {
    const own = new Map<string, number>();
    for (let c = 0; c < 3; c++) own.set(columns[d * 3 + c], values[d * 3 + c]);
    disks.set(name, own);
  });
  if ([...disks.values()].some((d) => [...d.values()].some((v) => !Number.isFinite(v)))) return null;
  return { disks };
}

/** The -I totals as counters; null when the report holds rates (no -I). */
export function diskTotals(report: IostatReport): Map<string, DiskIo> | null {
  const out = new Map<string, DiskIo>();
  for (const [name, v] of report.disks) {
    const transfers = v.get('xfrs');
    const mib = v.get('MB');
    if (transfers === undefined || mib === undefined) return null;
    out.set(name, { name, transfers, sectorsTransferred: mib * 2048 });
  }
  return out;
}
