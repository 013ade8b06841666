// sdr report's summaries on raw files with known values: the figures exact, across midnight and a
// gzipped day, empty fields left out and counted, a torn last line and lines that are no rows
// skipped, --every buckets, time zones, a collector's host directory, and the refusals.
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { loadLmo } from '../../src/core/lmo.js';
import { splitCsvLine } from '../../src/transport/raw-reader.js';
import { sdr } from '../cli/sdr.js';
import { layoutHeader } from '../../src/output/originals/index.js';

const SYS = loadLmo('sysrec').fields.map((f) => f.name);
const DISK = loadLmo('diskrec').fields.map((f) => f.name);
const DAY0 = Date.UTC(2026, 10, 30) / 1000; // 2026-11-30 00:00:00 UTC

/** A row of the recorder's header with the given fields set, the others 0. */
function row(header: string[], values: Record<string, string | number>): string {
  return header.map((h) => (h in values ? String(values[h]) : '0')).join(',');
}

/** 1,000 sysrec rows a second apart from 23:50 of day 0 (across midnight), cpupct = i mod 100, stealpct empty every 4th. */
function sysrecDays(): { dir: string; rows: { t: number; cpu: number; steal: number | '' }[] } {
  const dir = mkdtempSync(`${tmpdir()}/sdr-report-`);
  const start = DAY0 + 86400 - 600;
  const rows = Array.from({ length: 1000 }, (_, i) => ({ t: start + i, cpu: i % 100, steal: i % 4 === 0 ? ('' as const) : i / 10 }));
  const text = (day: number) => [SYS.join(','), ...rows.filter((r) => Math.floor(r.t / 86400) === day)
    .map((r) => row(SYS, { timestamp: r.t, cpupct: r.cpu, stealpct: r.steal }))].join('\n') + '\n';
  // Day 0 is gzipped (an old day), and ends with a line that is no row; day 1 ends with a torn line.
  writeFileSync(`${dir}/sysrec-2026-11-30.csv.gz`, gzipSync(`${text(DAY0 / 86400)}not,a,row\n`));
  writeFileSync(`${dir}/sysrec-2026-12-01.csv`, `${text(DAY0 / 86400 + 1)}${DAY0 + 90000},12,3`);
  return { dir, rows };
}

/** The summary of --csv as objects by column. */
function csvRecords(stdout: string): Record<string, string>[] {
  const [head, ...lines] = stdout.trimEnd().split('\n').map((l) => splitCsvLine(l, ','));
  return lines.map((l) => Object.fromEntries(head.map((h, i) => [h, l[i]])));
}

/** Nearest-rank p95 of values, computed here on its own. */
function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.95 * sorted.length) - 1];
}

describe('figures', () => {
  const { dir, rows } = sysrecDays();

  test('a period across midnight and a gzipped day: count, average, minimum, maximum and its time, p95, exact', () => {
    const r = sdr(['report', 'sysrec', '--log-dir', dir, '--since', '2026-11-30 23:50', '--until', '2026-12-01 00:10', '--fields', 'cpupct,stealpct', '--csv']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [cpu, steal] = csvRecords(r.stdout);
    const inPeriod = rows.filter((x) => x.t < DAY0 + 86400 + 600);
    const cpus = inPeriod.map((x) => x.cpu);
    expect(cpu).toMatchObject({
      recorder: 'sysrec', field: 'cpupct', unit: '%', count: String(cpus.length), empty: '0',
      avg: String(cpus.reduce((a, b) => a + b, 0) / cpus.length), min: '0', max: '99', p95: String(p95(cpus)),
      max_at: String(inPeriod.find((x) => x.cpu === 99)!.t),
    });
    const steals = inPeriod.filter((x) => x.steal !== '').map((x) => x.steal as number);
    expect(steal).toMatchObject({ count: String(steals.length), empty: String(inPeriod.length - steals.length), p95: String(Number(p95(steals).toFixed(6))) });
    expect(Number(steal.max)).toBeCloseTo(Math.max(...steals), 6);
  });

  test('the text: a table with units, the row count and span, what was left out, a torn line and a non-row skipped', () => {
    const r = sdr(['report', 'sysrec', '--log-dir', dir, '--date', '2026-11-30', '--fields', 'cpupct,stealpct']);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('sysrec from ' + dir + ', 2026-11-30 00:00:00 to 2026-12-01 00:00:00 UTC: 600 rows, 2026-11-30 23:50:00 to 23:59:59');
    expect(lines[2]).toMatch(/^field +unit +count +avg +min +max +p95 +max at$/);
    expect(lines[3]).toMatch(/^cpupct +% +600 +49\.50 +0\.00 +99\.00 +94\.00 +23:51:39$/);
    expect(r.stdout).toContain('Left out of the figures: empty fields (not measured here, or a counter that went back): stealpct 150; 1 line that is not a row.');
  });

  test('--every 5m: one summary per bucket, from the start of the period', () => {
    const r = sdr(['report', 'sysrec', '--log-dir', dir, '--date', '2026-11-30', '--every', '5m', '--fields', 'cpupct', '--csv']);
    const buckets = csvRecords(r.stdout);
    expect(buckets.map((b) => [Number(b.from) - DAY0, Number(b.to) - DAY0, b.count])).toEqual([[85800, 86100, '300'], [86100, 86400, '300']]);
    expect(buckets.map((b) => b.max)).toEqual(['99', '99']);
  });

  test('--tz: the day of that zone, the times shown in it', () => {
    // Helsinki is UTC+2 in December: its 2026-12-01 began at 2026-11-30 22:00 UTC.
    const r = sdr(['report', 'sysrec', '--log-dir', dir, '--date', '2026-12-01', '--tz', 'Europe/Helsinki', '--fields', 'cpupct']);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`sysrec from ${dir}, 2026-12-01 00:00:00 to 2026-12-02 00:00:00 Europe/Helsinki: 1,000 rows, 2026-12-01 01:50:00 to 02:06:39`);
  });
});

test('a per-device recorder: a table per device, in natural order', () => {
  const dir = mkdtempSync(`${tmpdir()}/sdr-report-`);
  const lines = [DISK.join(',')];
  for (let i = 0; i < 10; i++) for (const [d, k] of [['sda10', 1], ['sda2', 2]] as const) lines.push(row(DISK, { timestamp: DAY0 + i, diskid: d, reads: k * i, mountpoint: '' }));
  writeFileSync(`${dir}/diskrec-2026-11-30.csv`, `${lines.join('\n')}\n`);
  const r = sdr(['report', 'diskrec', '--log-dir', dir, '--date', '2026-11-30', '--fields', 'reads', '--csv']);
  expect(csvRecords(r.stdout).map((x) => [x.device, x.avg, x.max])).toEqual([['sda2', '9', '18'], ['sda10', '4.5', '9']]);
  expect(sdr(['report', 'diskrec', '--log-dir', dir, '--date', '2026-11-30', '--fields', 'reads']).stdout).toMatch(/\ndiskid sda2:\n[^]*\ndiskid sda10:\n/);
});

test('a host of a collector, found by the name sources.csv gives it', () => {
  const data = mkdtempSync(`${tmpdir()}/sdr-report-data-`);
  const dsid = '0b7e3c1a-1d2e-5f60-8a9b-0c1d2e3f4a5b';
  mkdirSync(`${data}/${dsid}`);
  writeFileSync(`${data}/${dsid}/sysrec-2026-11-30.csv`, `${SYS.join(',')}\n${row(SYS, { timestamp: DAY0 + 5, cpupct: 42 })}\n`);
  writeFileSync(`${data}/sources.csv`, `dsid,host,os,subscription,recorders,first,last\n${dsid},db-7,linux,S,sysrec,2026-11-30T00:00:05Z,2026-11-30T00:00:05Z\n`);
  const r = sdr(['report', 'sysrec', '--data-dir', data, '--host', 'db-7', '--date', '2026-11-30', '--fields', 'cpupct', '--csv']);
  expect(csvRecords(r.stdout)[0]).toMatchObject({ count: '1', max: '42' });
  expect(sdr(['report', 'sysrec', '--data-dir', data, '--host', 'db7', '--date', '2026-11-30']).stderr).toBe(`sdr: report: no host db7 in ${data}/sources.csv: did you mean 'db-7'?\n`);
});

describe('refusals: one line, exit 1 or 2', () => {
  const { dir } = sysrecDays();
  test.each([
    [['report', 'sysrec', '--log-dir', dir, '--date', '2026-10-01'], 1, `sdr: report: no sysrec files in ${dir} for the period asked\n`],
    [['report', 'sysrec', '--log-dir', dir, '--since', 'yesterday'], 2, "sdr: report: --since 'yesterday' must be a duration back from now (30m, 6h, 2d), a date YYYY-MM-DD or a time 'YYYY-MM-DD HH:MM'\n"],
    [['report', 'sysrec', '--log-dir', dir, '--date', '2026-02-30'], 2, "sdr: report: --date '2026-02-30' is not a date\n"],
    [['report', 'sysrec', '--log-dir', dir, '--tz', 'Mars/Olympus'], 2, "sdr: report: --tz 'Mars/Olympus' is not a time zone this system knows (as UTC, Europe/Helsinki, America/New_York)\n"],
    [['report', 'sysrek', '--log-dir', dir], 2, "sdr: report: no recorder 'sysrek': did you mean 'sysrec'?\n"],
    [['report', 'sysrec', '--log-dir', dir, '--fields', 'cpupcnt'], 2, "sdr: report: --fields: sysrec has no numeric field 'cpupcnt': did you mean 'cpupct'?\n"],
    [['report', '--log-dir', dir], 2, 'sdr: report: which recorder? as: sdr report sysrec --date 2026-12-01\n'],
  ])('%j', (args, status, stderr) => {
    const r = sdr(args as string[]);
    expect([r.status, r.stderr]).toEqual([status, stderr]);
  });

  test('a file that is not a raw file of the recorder', () => {
    const f = `${dir}/notes.csv`;
    writeFileSync(f, 'name,value\na,1\n');
    const r = sdr(['report', 'sysrec', '--file', f]);
    expect([r.status, r.stderr]).toEqual([1, `sdr: report: ${f} is not a raw file of sysrec: its first line is not sysrec's header\n`]);
  });
});

test('a collector\'s host with rows of an original agent: its layout files read as rows of the LMO, beside sdr\'s', () => {
  const data = mkdtempSync(`${tmpdir()}/sdr-report-orig-`);
  const dsid = '5d1c0e2a-7b3f-5c4d-9e8f-1a2b3c4d5e6f';
  mkdirSync(`${data}/${dsid}`);
  // Two rows as the original Linux sysrec sent them (46 fields, ':'), as sdr collect keeps them.
  const original = (t: number, cpu: string) =>
    `${t}:${cpu}:0.00:100.00:0.00:0.00:0.00:100.00:0.00:0.00:0.00:0.00:0:84:88.12:899072:121172:1020244:61740:693284:876196:85.88:1.03:10748:1034752:1045500:996:0:0.00:0:0.00:0:0.00:11:0.72:0:0:0:0.00:0:0:11:0.72:0.00:0.00:0.00`;
  writeFileSync(`${data}/${dsid}/sysrec-linux-2026-11-30.csv`, `${layoutHeader('sysrec', 'linux')}${original(DAY0 + 10, '30.00')}\n${original(DAY0 + 70, '50.00')}\n`);
  writeFileSync(`${data}/${dsid}/sysrec-2026-11-30.csv`, `${SYS.join(',')}\n${row(SYS, { timestamp: DAY0 + 130, cpupct: 10 })}\n`);
  const r = sdr(['report', 'sysrec', '--data-dir', data, '--host', dsid, '--date', '2026-11-30', '--fields', 'cpupct,memtotal', '--csv']);
  expect(r.stderr).toBe('');
  const [cpu, mem] = csvRecords(r.stdout);
  expect([cpu.count, cpu.avg, cpu.max, cpu.max_at]).toEqual(['3', '30', '50', String(DAY0 + 70)]);
  // The original's memtotal (KiB, the same unit) counts too; sdr's row had it 0.
  expect([mem.count, mem.max]).toEqual(['3', '1020244']);
});
