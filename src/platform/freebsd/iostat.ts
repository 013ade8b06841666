// iostat -x (extended device statistics): a banner, a header "device r/s w/s kr/s kw/s …" and a
// line per devstat device, names cut to 8 characters. With -I the columns are totals, not rates:
// "device r/i w/i kr/i kw/i qlen tsvc_t/i sb/i", and the first report counts since boot; those
// totals are the counters sdr takes its rates from. With several reports, the last one counts.
// tsvc_t/i is devstat's total time of the transactions and sb/i its busy time, both in seconds
// with one decimal: the queue's area and %util's numerator, as on Linux; qlen is only the queue of
// the moment, not read.
import type { DiskIo } from '../types.js';

/** One report: each device's values by header column. */
export type IostatTable = Map<string, Map<string, number>>;

export function parseIostatX(text: string): IostatTable | null {
  let table: IostatTable | null = null;
  let columns: string[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] === 'device') {
      columns = f;
      table = new Map();
      continue;
    }
    if (table === null || f.length !== columns.length || f[0] === 'extended') continue;
    const values = new Map<string, number>();
    columns.forEach((c, i) => i > 0 && values.set(c, Number(f[i])));
    if ([...values.values()].some((v) => !Number.isFinite(v))) continue;
    table.set(f[0], values);
  }
  return table;
}

/** The totals of an -I report as counters; null when the report holds rates (no -I). */
export function diskTotals(table: IostatTable): Map<string, DiskIo> | null {
  const disks = new Map<string, DiskIo>();
  for (const [name, v] of table) {
    const [reads, writes, kr, kw] = ['r/i', 'w/i', 'kr/i', 'kw/i'].map((c) => v.get(c));
    if (reads === undefined || writes === undefined || kr === undefined || kw === undefined) return null;
    const ms = (column: string) => {
      const s = v.get(column);
      return s === undefined ? undefined : s * 1000;
    };
    const duration = ms('tsvc_t/i');
    // KiB to 512-byte sectors. The transactions' total time is both what await divides and the
    // queue's area: the sum of each one's time in flight.
    disks.set(name, {
      name, readsCompleted: reads, writesCompleted: writes, sectorsRead: kr * 2, sectorsWritten: kw * 2,
      msRequests: duration, weightedMsDoingIo: duration, msDoingIo: ms('sb/i'),
    });
  }
  return disks;
}
