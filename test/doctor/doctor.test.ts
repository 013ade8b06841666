// sdr doctor on sdrrec files with known spikes, run in this process with the clock fixed, so that
// every count, average, worst and period can be checked to the second.
import { writeFileSync, readFileSync, utimesSync } from 'node:fs';
import { FIXTURES } from '../helpers.js';
import { runDoctor, type DoctorOptions } from '../../src/commands/doctor-command.js';
import { at, logDir, rowsBetween, setAt, writeDay, quietRow, csv } from './sdrrec-files.js';

async function doctor(dir: string, now: string, options: DoctorOptions = {}) {
  let out = '';
  const warnings: string[] = [];
  const status = await runDoctor({ logDir: dir, ...options }, {
    now: () => at(now) * 1000,
    out: (text) => (out += text),
    warn: (message) => warnings.push(message),
    env: {},
  });
  return { status, out, warnings, lines: out.split('\n') };
}

/** The numbered finding lines, without their diagnosis. */
const facts = (lines: string[]) => lines.filter((l) => /^\d+\. /.test(l));
const diagnoses = (lines: string[]) => lines.filter((l) => l.startsWith('   Diagnosis: '));

const DAY = '2026-11-27';

test('a quiet hour: no latency spikes, the rows and their span', async () => {
  const dir = logDir();
  writeDay(dir, DAY, rowsBetween(`${DAY} 09:00:00`, `${DAY} 11:00:00`));
  const r = await doctor(dir, `${DAY} 11:00:00`);
  expect(r.status).toBe(0);
  expect(r.lines[0]).toBe('No latency spikes since 2026-11-27 10:00:00 UTC: 61 rows of sdrrec from 2026-11-27 10:00:00 UTC ' +
    'to 2026-11-27 11:00:00 UTC, every recorder on time.');
  expect(r.lines[1]).toBe('sdr itself: CPU 0.3% on average, 0.3% at most; RSS 40,000 KB at the end, 41,000 KB at most; ' +
    'recorders: sysrec every 60 s, cpurec every 60 s, diskrec every 60 s, nicrec every 60 s.');
  expect(r.warnings).toEqual([]);
});

test('slow raw-file writes: count, average, worst, period and the files; nothing lost', async () => {
  const dir = logDir();
  const rows = rowsBetween(`${DAY} 10:00:00`, `${DAY} 11:00:00`);
  setAt(rows, `${DAY} 10:02:00`, { write_max: 700, write_max_file: 'sysrec-2026-11-27.csv' });
  setAt(rows, `${DAY} 10:17:00`, { write_max: 1312, write_max_file: 'diskrec-2026-11-27.csv' });
  setAt(rows, `${DAY} 10:40:00`, { write_max: 523, write_max_file: 'diskrec-2026-11-27.csv' });
  setAt(rows, `${DAY} 10:41:00`, { write_max: 500, write_max_file: 'nicrec-2026-11-27.csv' }); // at the threshold: not a spike
  writeDay(dir, DAY, rows);
  const r = await doctor(dir, `${DAY} 11:00:00`);
  expect(r.status).toBe(0);
  expect(r.lines[0]).toBe(`Since 2026-11-27 10:00:00 UTC: 61 rows of sdrrec from 2026-11-27 10:00:00 UTC to 2026-11-27 11:00:00 UTC, in ${dir}.`);
  expect(facts(r.lines)).toEqual([
    '1. Raw-file writes: 3 spikes over 500 ms (average 845 ms), worst 1,312 ms at 2026-11-27 10:17:00 UTC, ' +
      'from 2026-11-27 10:02:00 to 10:40:00 UTC, worst to diskrec-2026-11-27.csv; files: diskrec-2026-11-27.csv, sysrec-2026-11-27.csv.',
  ]);
  const [diagnosis] = diagnoses(r.lines);
  expect(diagnosis).toContain('raw-file writes took up to 1.3 s (diskrec, sysrec): the disk holding ');
  expect(diagnosis).toContain(dir);
  expect(diagnosis).toContain('recording continued, the writes were queued, no rows lost.');
});

test('tick lateness and sample latency, each against its recorder\'s interval', async () => {
  const dir = logDir();
  const rows = rowsBetween(`${DAY} 10:00:00`, `${DAY} 11:00:00`, (row) => {
    Object.assign(row, { cpurec_interval: 1, hdwrec_interval: 1800, hdwrec_lat_max: 900, hdwrec_late_max: 2 });
  });
  setAt(rows, `${DAY} 10:30:00`, { sysrec_late_max: 2100 });
  setAt(rows, `${DAY} 10:31:00`, { sysrec_late_max: 900 });
  setAt(rows, `${DAY} 10:32:00`, { sysrec_late_max: 499 }); // under the 500 ms cap
  setAt(rows, `${DAY} 10:10:00`, { cpurec_late_max: 150, cpurec_lat_max: 90 }); // 1 s interval: 100 ms late is the limit
  setAt(rows, `${DAY} 10:11:00`, { cpurec_late_max: 90, cpurec_lat_max: 260 }); // 250 ms (25%) is the latency limit
  setAt(rows, `${DAY} 10:20:00`, { hdwrec_lat_max: 1200 }); // 1800 s interval: the 1 s cap applies
  writeDay(dir, DAY, rows);
  const r = await doctor(dir, `${DAY} 11:00:00`);
  expect(facts(r.lines)).toEqual([
    '1. sysrec tick lateness: 2 spikes over 500 ms (average 1,500 ms), worst 2,100 ms at 2026-11-27 10:30:00 UTC, from 2026-11-27 10:30:00 to 10:31:00 UTC.',
    '2. cpurec tick lateness: 1 spike over 100 ms: 150 ms at 2026-11-27 10:10:00 UTC.',
    '3. hdwrec sample latency: 1 spike over 1,000 ms: 1,200 ms at 2026-11-27 10:20:00 UTC.',
    '4. cpurec sample latency: 1 spike over 250 ms: 260 ms at 2026-11-27 10:11:00 UTC.',
  ]);
  const d = diagnoses(r.lines);
  expect(d[0]).toBe('   Diagnosis: sysrec samples began up to 2.1 s late: the process was starved of CPU or the event loop was blocked ' +
    '(sdr itself used at most 0.3% of a CPU then: look at the load of the machine). The samples were taken late, not lost.');
  expect(d[2]).toContain('reading its sources was slow');
});

test('sample latency that came with slow writes is put on the disk', async () => {
  const dir = logDir();
  const rows = rowsBetween(`${DAY} 10:00:00`, `${DAY} 11:00:00`);
  setAt(rows, `${DAY} 10:05:00`, { diskrec_lat_max: 16000, write_max: 15900, write_max_file: 'diskrec-2026-11-27.csv' });
  writeDay(dir, DAY, rows);
  const r = await doctor(dir, `${DAY} 11:00:00`);
  expect(facts(r.lines)).toEqual([expect.stringMatching(/^1\. diskrec sample latency: 1 spike /), expect.stringMatching(/^2\. Raw-file writes: 1 spike /)]);
  expect(diagnoses(r.lines)[0]).toBe('   Diagnosis: diskrec samples took up to 16.0 s from tick to rows written: ' +
    'the time went into writing the raw file (1 of them came with slow writes, below). The rows were written late, not lost.');
});

test('missed ticks and failed samples come first: those rows are lost', async () => {
  const dir = logDir();
  const rows = rowsBetween(`${DAY} 10:00:00`, `${DAY} 11:00:00`);
  setAt(rows, `${DAY} 10:10:00`, { sysrec_missed: 3, write_max: 2000 });
  setAt(rows, `${DAY} 10:20:00`, { sysrec_missed: 2 });
  setAt(rows, `${DAY} 10:25:00`, { nicrec_missed: 1, diskrec_errors: 4 });
  writeDay(dir, DAY, rows);
  const r = await doctor(dir, `${DAY} 11:00:00`);
  expect(facts(r.lines)).toEqual([
    '1. sysrec missed ticks: 5 ticks skipped in 2 intervals, from 2026-11-27 10:10:00 to 10:20:00 UTC.',
    '2. nicrec missed ticks: 1 tick skipped in 1 interval, at 2026-11-27 10:25:00 UTC.',
    '3. diskrec failed samples: 4 in 1 interval, at 2026-11-27 10:25:00 UTC.',
    expect.stringMatching(/^4\. Raw-file writes: 1 spike over 500 ms/),
  ]);
  expect(diagnoses(r.lines)[0]).toContain('5 samples were not taken, so their rows are missing from sysrec\'s raw files.');
  expect(r.lines).toContain('4 findings, worst first:');
});

test('a growing backlog with its rate; retries and rejected rows totalled', async () => {
  const dir = logDir();
  const rows = rowsBetween(`${DAY} 10:00:00`, `${DAY} 11:00:00`, (row, i) => {
    Object.assign(row, { send_pending: 120 + 200 * i, send_rows: 0, send_retries: i % 10 === 0 ? 2 : 0, send_rejected: 0 });
  });
  setAt(rows, `${DAY} 10:33:00`, { send_rejected: 3 });
  writeDay(dir, DAY, rows);
  const r = await doctor(dir, `${DAY} 11:00:00`);
  expect(facts(r.lines)).toEqual([
    '1. Rejected rows: 3 in 1 interval, at 2026-11-27 10:33:00 UTC.',
    '2. Backlog: send_pending grew from 120 rows to 12,120 from 2026-11-27 10:00:00 to 11:00:00 UTC (+12,000 rows/h).',
    '3. Delivery retries: 14 in 7 intervals, from 2026-11-27 10:00:00 to 11:00:00 UTC.',
  ]);
  expect(diagnoses(r.lines)[1]).toContain('the backlog grew from 120 to 12,120 rows (+12,000 rows/h): ' +
    'the platform is not keeping up or is unreachable; see `sdr send --status`.');
});

test('a backlog that comes and goes, as every interval\'s rows wait for the sender, is no finding', async () => {
  const dir = logDir();
  writeDay(dir, DAY, rowsBetween(`${DAY} 10:00:00`, `${DAY} 11:00:00`, (row, i) => {
    Object.assign(row, { send_pending: (i * 37) % 60, send_rows: 12, send_retries: 0, send_rejected: 0 });
  }));
  const r = await doctor(dir, `${DAY} 11:00:00`);
  expect(r.lines[0]).toMatch(/^No latency spikes since/);
});

test('memory growth over 10% and a busy CPU', async () => {
  const dir = logDir();
  writeDay(dir, DAY, rowsBetween(`${DAY} 10:00:00`, `${DAY} 11:00:00`, (row, i) => {
    Object.assign(row, { rss: 40000 + 200 * i, rss_max: 40000 + 200 * i, cpu_pct: i === 30 ? 95 : 30 });
  }));
  const r = await doctor(dir, `${DAY} 11:00:00`);
  expect(facts(r.lines)).toEqual([
    '1. Memory: RSS grew from 40,000 KB to 52,000 KB (+30.0%) from 2026-11-27 10:00:00 to 11:00:00 UTC.',
    '2. CPU: sdr used 31.1% of a CPU on average, 95.0% at most at 2026-11-27 10:30:00 UTC.',
  ]);
});

test('a gzipped day and today\'s file across midnight; older days are not read', async () => {
  const dir = logDir();
  const yesterday = rowsBetween('2026-11-26 23:00:00', '2026-11-26 23:59:00');
  setAt(yesterday, '2026-11-26 23:45:00', { nicrec_lat_max: 20000 });
  const today = rowsBetween('2026-11-27 00:00:00', '2026-11-27 00:30:00');
  setAt(today, '2026-11-27 00:15:00', { nicrec_lat_max: 30000 });
  writeDay(dir, '2026-11-26', yesterday, { gzip: true });
  writeDay(dir, '2026-11-27', today);
  // A day before the window, holding (untrue) rows inside it: were it read, they would count.
  writeDay(dir, '2026-11-25', rowsBetween('2026-11-26 23:50:00', '2026-11-26 23:55:00', (row) => (row.sysrec_missed = 9)));
  const r = await doctor(dir, '2026-11-27 00:30:00');
  expect(r.lines[0]).toBe(`Since 2026-11-26 23:30:00 UTC: 61 rows of sdrrec from 2026-11-26 23:30:00 UTC to 2026-11-27 00:30:00 UTC, in ${dir}.`);
  expect(facts(r.lines)).toEqual([
    '1. nicrec sample latency: 2 spikes over 1,000 ms (average 25,000 ms), worst 30,000 ms at 2026-11-27 00:15:00 UTC, ' +
      'from 2026-11-26 23:45:00 UTC to 2026-11-27 00:15:00 UTC.',
  ]);
});

test('a day being compressed, both .csv and .csv.gz there, is read once, from the .csv', async () => {
  const dir = logDir();
  const rows = rowsBetween(`${DAY} 10:00:00`, `${DAY} 11:00:00`);
  writeDay(dir, DAY, rows);
  writeDay(dir, DAY, rows.slice(0, 10), { gzip: true });
  const r = await doctor(dir, `${DAY} 11:00:00`);
  expect(r.lines[0]).toContain(': 61 rows of sdrrec');
});

test('a day in two layouts (an older sdr\'s file, then its .1 part) is read whole, each by its own header', async () => {
  const dir = logDir();
  const rows = rowsBetween(`${DAY} 10:00:00`, `${DAY} 11:00:00`);
  setAt(rows, `${DAY} 10:10:00`, { sysrec_late_max: 5000 });
  setAt(rows, `${DAY} 10:50:00`, { sysrec_late_max: 7000 });
  // The older sdr's file: fewer columns, in another order.
  const older = ['timestamp', 'sysrec_interval', 'sysrec_late_max', 'cpu_pct'];
  writeFileSync(`${dir}/sdrrec-${DAY}.csv`, [older.join(','), ...rows.slice(0, 30).map((r) => older.map((c) => r[c]).join(','))].join('\n') + '\n');
  writeFileSync(`${dir}/sdrrec-${DAY}.1.csv`, csv(rows.slice(30)));
  const r = await doctor(dir, `${DAY} 11:00:00`);
  expect(r.lines[0]).toContain(': 61 rows of sdrrec');
  expect(facts(r.lines)[0]).toMatch(/^1\. sysrec tick lateness: 2 spikes .* worst 7,000 ms at 2026-11-27 10:50:00 UTC, from 2026-11-27 10:10:00 to 10:50:00 UTC\.$/);
});

test.each([
  ['30m', 'No latency spikes since 2026-11-27 10:30:00 UTC: 31 rows'],
  ['90s', 'No latency spikes since 2026-11-27 10:58:30 UTC: 2 rows'],
  ['1h', 'Since 2026-11-27 10:00:00 UTC: 61 rows'],
  ['2d', 'Since 2026-11-25 11:00:00 UTC: 61 rows'],
])('--since %s takes in the spike at 10:10 or not', async (since, start) => {
  const dir = logDir();
  const rows = rowsBetween(`${DAY} 10:00:00`, `${DAY} 11:00:00`);
  setAt(rows, `${DAY} 10:10:00`, { sysrec_late_max: 5000 });
  writeDay(dir, DAY, rows);
  const r = await doctor(dir, `${DAY} 11:00:00`, { since });
  expect(r.lines[0].startsWith(start)).toBe(true);
});

test('a torn last line is left out', async () => {
  const dir = logDir();
  const torn = csv([{ ...quietRow(at(`${DAY} 11:01:00`)), write_max: 99999 }]).split('\n')[1].slice(0, 200);
  writeDay(dir, DAY, rowsBetween(`${DAY} 10:00:00`, `${DAY} 11:00:00`), { tail: torn });
  const r = await doctor(dir, `${DAY} 11:01:00`);
  expect(r.lines[0]).toBe('No latency spikes since 2026-11-27 10:01:00 UTC: 60 rows of sdrrec from 2026-11-27 10:01:00 UTC ' +
    'to 2026-11-27 11:00:00 UTC, every recorder on time.');
  expect(r.warnings).toEqual([]);
});

test('a recorder that is not running (empty interval) is not judged; lines that are not rows are counted', async () => {
  const dir = logDir();
  const rows = rowsBetween(`${DAY} 10:00:00`, `${DAY} 11:00:00`, (row) => {
    Object.assign(row, { xenrec_lat_max: 50000, xenrec_missed: 7 }); // xenrec_interval stays empty
  });
  writeFileSync(`${dir}/sdrrec-${DAY}.csv`, csv(rows) + 'garbage,line\n"unterminated\n');
  const r = await doctor(dir, `${DAY} 11:00:00`);
  expect(r.lines[0]).toMatch(/^No latency spikes since/);
  expect(r.warnings).toEqual(['2 line(s) of sdrrec are not rows and were left out']);
});

test('no rows in the window: a runtime error naming the time and the dir', async () => {
  const dir = logDir();
  writeDay(dir, DAY, rowsBetween(`${DAY} 08:00:00`, `${DAY} 09:00:00`));
  await expect(doctor(dir, `${DAY} 11:00:00`)).rejects.toThrow(
    `no sdrrec rows since 2026-11-27 10:00:00 UTC in ${dir}: is \`sdr run\` running with sdrrec on?`);
});

test('a large gzipped day is read in chunks without losing a row at their seams', async () => {
  const dir = logDir();
  const rows = rowsBetween(`${DAY} 09:00:00`, `${DAY} 11:00:00`, () => {}, 1);
  setAt(rows, `${DAY} 10:59:59`, { sysrec_missed: 1 });
  writeDay(dir, DAY, rows, { gzip: true });
  const r = await doctor(dir, `${DAY} 11:00:00`, { since: '2h' });
  expect(r.lines[0]).toBe(`Since 2026-11-27 09:00:00 UTC: 7,201 rows of sdrrec from 2026-11-27 09:00:00 UTC to 2026-11-27 11:00:00 UTC, in ${dir}.`);
  expect(facts(r.lines)).toEqual(['1. sysrec missed ticks: 1 tick skipped in 1 interval, at 2026-11-27 10:59:59 UTC.']);
});

test('a stall of the whole process (SIGSTOP for 7 s, captured) is one finding that says so, not one per recorder', async () => {
  const dir = logDir();
  writeFileSync(`${dir}/sdrrec-2026-12-01.csv`, readFileSync(`${FIXTURES}/doctor/sigstop-7s/sdrrec-2026-12-01.csv`));
  const r = await doctor(dir, '2026-12-01 23:14:00');
  expect(r.status).toBe(0);
  expect(facts(r.lines)).toEqual([
    '1. Stall of sdr as a whole: 1 stall of 6.8 s at 2026-12-01 23:13:03 UTC: sysrec, cpurec, diskrec and nicrec began late together, 31 ticks skipped.',
  ]);
  expect(diagnoses(r.lines)[0]).toMatch(/^ {3}Diagnosis: sdr did not run for up to 6\.8 s: .*stopped \(SIGSTOP.*31 ticks passed meanwhile: those samples were not taken/);
  expect(r.out).not.toMatch(/reading its sources was slow/);
});

test('one recorder late alone is its own finding, not a stall', async () => {
  const dir = logDir();
  const rows = rowsBetween(`${DAY} 10:00:00`, `${DAY} 11:00:00`);
  setAt(rows, `${DAY} 10:10:00`, { sysrec_late_max: 4000 });
  setAt(rows, `${DAY} 10:11:00`, { sysrec_lat_max: 4100 });
  writeDay(dir, DAY, rows);
  const r = await doctor(dir, `${DAY} 11:00:00`);
  expect(facts(r.lines).map((l) => l.replace(/:.*/, ''))).toEqual(['1. sysrec tick lateness', '2. sysrec sample latency']);
});

test('a young sdr run, before sdrrec has a row: what it records so far, and when to ask; exit 0', async () => {
  const dir = logDir();
  const now = Date.now();
  writeFileSync(`${dir}/.sdr-run.lock`, `${process.ppid}\n`);
  utimesSync(`${dir}/.sdr-run.lock`, (now - 23_000) / 1000, (now - 23_000) / 1000);
  const day = new Date(now).toISOString().slice(0, 10);
  writeFileSync(`${dir}/sysrec-${day}.csv`, 'timestamp,cpupct\n1,2\n3,4\n');
  writeFileSync(`${dir}/nicrec-${day}.csv`, 'timestamp,nicid\n1,eth0\n');
  const r = await runDoctor({ logDir: dir }, { now: () => now, out: (t) => void (out += t), warn: () => {}, env: {} });
  expect(r).toBe(0);
  expect(out).toBe(`sdr run (pid ${process.ppid}) started 23 s ago and is recording into ${dir}: so far today nicrec 1 row, sysrec 2 rows.\n` +
    'sdrrec writes its first row one interval after the start (60 s unless the config sets another): there is nothing to judge yet; ask again after it.\n');
  // Gone, or long since started: no rows is no rows.
  utimesSync(`${dir}/.sdr-run.lock`, (now - 3600_000) / 1000, (now - 3600_000) / 1000);
  await expect(runDoctor({ logDir: dir }, { now: () => now, out: () => {}, warn: () => {}, env: {} })).rejects.toThrow(/^no sdrrec rows since/);
});
let out = '';
