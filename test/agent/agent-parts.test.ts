import { mkdtempSync, writeFileSync, readFileSync, existsSync, readdirSync, mkdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { spawnSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { lockLogDir, LOCK_FILE } from '../../src/agent/lock.js';
import { planRetention, parseDayFile, ageInDays, Retention, type DayFile } from '../../src/agent/retention.js';
import { sdrrecValues, type SdrSnapshot } from '../../src/agent/sdrrec.js';
import { loadLmo } from '../../src/core/lmo.js';
import { savePosition, positionPath } from '../../src/transport/position.js';
import { lineChunks, countLinesAfter, firstLine } from '../../src/transport/line-source.js';
import { dayFiles } from '../../src/transport/raw-reader.js';
import type { PlatformConfig } from '../../src/config/config.js';
import { RecorderTask } from '../../src/agent/recorder-task.js';
import { RuntimeError } from '../../src/core/errors.js';
import { RunMetrics } from '../../src/agent/run-metrics.js';
import { rawFileName } from '../../src/output/raw-file.js';

const tmp = () => mkdtempSync(`${tmpdir()}/sdr-agent-`);

describe('the log dir lock', () => {
  test('held: a second taker is told the pid; released: free again', () => {
    const dir = tmp();
    const lock = lockLogDir(dir);
    expect(readFileSync(`${dir}/${LOCK_FILE}`, 'utf8')).toBe(`${process.pid}\n`);
    // Another live process holds it.
    writeFileSync(`${dir}/${LOCK_FILE}`, `${process.ppid}\n`);
    expect(() => lockLogDir(dir)).toThrow(`another sdr run (pid ${process.ppid}) is recording into ${dir}`);
    writeFileSync(`${dir}/${LOCK_FILE}`, `${process.pid}\n`);
    lock.release();
    expect(existsSync(`${dir}/${LOCK_FILE}`)).toBe(false);
  });

  test('left by a process that is gone (kill -9, a reboot): taken over', () => {
    const dir = tmp();
    const gone = spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim();
    writeFileSync(`${dir}/${LOCK_FILE}`, `${gone}\n`);
    const lock = lockLogDir(dir);
    expect(readFileSync(`${dir}/${LOCK_FILE}`, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
  });
});

describe('retention', () => {
  const NOW = Date.parse('2026-11-27T12:00:00Z');
  const files = ['sysrec-2026-11-27.csv', 'sysrec-2026-11-25.csv', 'sysrec-2026-11-24.csv', 'sysrec-2026-10-01.csv.gz', 'sysrec-2026-10-02.csv']
    .map((n) => parseDayFile(n)!);

  test('ages are whole UTC days; today is never touched', () => {
    expect(files.map((f) => ageInDays(f.day, NOW))).toEqual([0, 2, 3, 57, 56]);
    expect(parseDayFile('sysrec-2026-11-27.csv.gz.tmp')).toBeUndefined();
    expect(planRetention(files, NOW, { compressAfterDays: 1, retentionDays: 1 }, () => false).map((a) => a.file.day)).not.toContain('2026-11-27');
  });

  test('compress after N days, remove after M days unless undelivered (then at least compressed)', () => {
    const undelivered = (f: DayFile) => f.day === '2026-10-02';
    const plan = planRetention(files, NOW, { compressAfterDays: 2, retentionDays: 30 }, undelivered);
    expect(plan.map((a) => `${a.kind} ${a.file.name}`)).toEqual([
      'compress sysrec-2026-11-24.csv',
      'remove sysrec-2026-10-01.csv.gz',
      'compress sysrec-2026-10-02.csv',
    ]);
    expect(planRetention(files, NOW, {}, () => false)).toEqual([]);
  });

  test('a sweep: old delivered files go with their positions, undelivered stay; gzipped days read as before', async () => {
    const dir = tmp();
    const text = (day: string) => `timestamp,a\n${[1, 2, 3].map((i) => `${Date.parse(`${day}T00:00:0${i}Z`) / 1000},${i}`).join('\n')}\n`;
    for (const day of ['2026-11-27', '2026-11-20', '2026-10-01', '2026-10-02']) writeFileSync(`${dir}/sysrec-${day}.csv`, text(day));
    writeFileSync(`${dir}/nicrec-2026-10-01.csv`, text('2026-10-01')); // no platform receives nicrec
    mkdirSync(`${dir}/rejected`);
    const platform = { name: 'central', recorders: ['sysrec'] } as PlatformConfig;
    const delivered = positionPath(dir, 'central', 'sysrec-2026-10-01.csv');
    savePosition(delivered, { offset: text('2026-10-01').length, rows: 3 });
    savePosition(positionPath(dir, 'central', 'sysrec-2026-10-02.csv'), { offset: 12, rows: 0 });
    const logs: string[] = [];
    const done = await new Retention(dir, { retentionDays: 30, compressAfterDays: 2 }, [platform], (m) => logs.push(m)).sweep(NOW);
    expect(done.map((a) => `${a.kind} ${a.file.name}`).sort()).toEqual([
      'compress sysrec-2026-10-02.csv', 'compress sysrec-2026-11-20.csv', 'remove nicrec-2026-10-01.csv', 'remove sysrec-2026-10-01.csv',
    ]);
    expect(logs).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.csv') || f.endsWith('.gz')).sort())
      .toEqual(['sysrec-2026-10-02.csv.gz', 'sysrec-2026-11-20.csv.gz', 'sysrec-2026-11-27.csv']);
    expect(existsSync(delivered)).toBe(false);
    expect(gunzipSync(readFileSync(`${dir}/sysrec-2026-11-20.csv.gz`)).toString()).toBe(text('2026-11-20'));
    // The sender reads a gzipped day from the same offset its position holds.
    expect(dayFiles(dir, 'sysrec')).toEqual(['sysrec-2026-10-02.csv.gz', 'sysrec-2026-11-20.csv.gz', 'sysrec-2026-11-27.csv']);
    const gz = `${dir}/sysrec-2026-10-02.csv.gz`;
    expect(await firstLine(gz)).toBe('timestamp,a');
    const got: string[] = [];
    for await (const lines of lineChunks(gz, 12)) got.push(...lines.map((l) => `${l.text}@${l.end}`));
    const plain = text('2026-10-02');
    const expected = plain.slice(12).split('\n').slice(0, -1);
    expect(got.map((g) => g.split('@')[0])).toEqual(expected);
    expect(Number(got[got.length - 1].split('@')[1])).toBe(plain.length);
    expect(await countLinesAfter(gz, 12)).toBe(3);
    expect(await countLinesAfter(gz, plain.length)).toBe(0);
  });
});

test('sdrrec gives a value for every LMO field, and only those', () => {
  const snap = (cpuMicros: number, sent: number): SdrSnapshot => ({
    monoNs: 0n, epochMs: 0, cpuMicros, rssKB: 50_000, maxRssKB: 60_000,
    recorders: new Map([['sysrec', { intervalSeconds: 1, samples: 60, latencyAvgMs: 2.5, latencyMaxMs: 9.25, lateMaxMs: 1.5, missed: 1, errors: 0, sourceErrors: 3 }]]),
    slowestWrite: { ms: 12.5, file: 'sysrec-2026-11-27.csv' },
    sender: { sent, retries: 0, rejected: 0, pending: 7 },
  });
  const values = sdrrecValues(snap(1_000_000, 100), snap(1_600_000, 160), 60);
  expect(Object.keys(values).sort()).toEqual(loadLmo('sdrrec').fields.slice(1).map((f) => f.name).sort());
  expect(values).toMatchObject({ cpu_sec: 0.6, cpu_pct: 1, rss: 50_000, sysrec_samples: 60, sysrec_lat_max: 9.25, sysrec_missed: 1,
    cpurec_interval: null, write_max: 12.5, write_max_file: 'sysrec-2026-11-27.csv', send_rows: 60, send_pending: 7,
    source_errors: 3 });
});

describe('a recorder task', () => {
  const clock = () => ({ monoNs: process.hrtime.bigint(), epochMs: Date.now() });
  const fake = (rows: () => (string | number)[][]) => ({
    name: 'sysrec',
    reader: () => () => clock(),
    rows,
  });

  test('a fault of its own (not a source) is reported once, retried, and does not end the process', async () => {
    const dir = tmp();
    const logs: string[] = [];
    const metrics = new RunMetrics();
    const broken = new RecorderTask({ name: 'sysrec', intervalSeconds: 0.1, options: {} }, {
      logDir: dir, metrics, log: (m) => logs.push(m), retryMs: 50,
      recorderOf: () => fake(() => { throw new TypeError('cannot read x of undefined'); }) as never,
    });
    let n = 0;
    const fine = new RecorderTask({ name: 'cpurec', intervalSeconds: 0.1, options: {} }, {
      logDir: dir, metrics, log: (m) => logs.push(m),
      recorderOf: () => ({ ...fake(() => [['cpu0', ++n, ...Array(loadLmo('cpurec').fields.length - 3).fill(0)]]), name: 'cpurec' }) as never,
    });
    await new Promise((r) => setTimeout(r, 700));
    await Promise.all([broken.stop(), fine.stop()]);
    expect(logs).toEqual(['sysrec: internal error: cannot read x of undefined; trying again every 0.05 s']);
    expect(metrics.recorders.size).toBe(0); // both gone from sdrrec once stopped
    const rows = readFileSync(`${dir}/${rawFileName('cpurec', Date.now())}`, 'utf8').split('\n').slice(1, -1);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.map((r) => Number(r.split(',')[2]))).toEqual(rows.map((_r, i) => i + 1));
  });

  test('a failure a setting would cure names the config key, not the command-line option; the first start tells', async () => {
    const logs: string[] = [];
    const failing = new RecorderTask({ name: 'xenrec', intervalSeconds: 5, options: {} }, {
      logDir: tmp(), metrics: new RunMetrics(), log: (m) => logs.push(m), retryMs: 60_000, configPath: '/etc/sdr/sdr.json',
      recorderOf: () => ({ ...fake(() => []), name: 'xenrec', reader: () => {
        throw new RuntimeError('xentop not found on PATH or as /usr/sbin/xentop', { name: 'xentop', takes: 'PATH' });
      } }) as never,
    });
    const working = new RecorderTask({ name: 'cpurec', intervalSeconds: 0.1, options: {} }, {
      logDir: tmp(), metrics: new RunMetrics(), log: (m) => logs.push(m), recorderOf: () => ({ ...fake(() => []), name: 'cpurec' }) as never,
    });
    expect(await failing.firstStart).toBe(false);
    expect(await working.firstStart).toBe(true);
    await Promise.all([failing.stop(), working.stop()]);
    expect(logs).toEqual(['xenrec: xentop not found on PATH or as /usr/sbin/xentop, or set "xentop" in recorders.xenrec of /etc/sdr/sdr.json; trying again every 60 s']);
  });

  test('a source that fails alone: logged once as a warning, counted for sdrrec, and the rows still written', async () => {
    const dir = tmp();
    const logs: string[] = [];
    const metrics = new RunMetrics();
    const unread = [{ source: '/proc/net/dev', message: 'cannot read /proc/net/dev: no such file or directory' }];
    const task = new RecorderTask({ name: 'cpurec', intervalSeconds: 0.1, options: {} }, {
      logDir: dir, metrics, log: (m) => logs.push(m),
      recorderOf: () => ({
        name: 'cpurec',
        reader: () => () => ({ ...clock(), unread }),
        rows: () => [['cpu0', ...Array(loadLmo('cpurec').fields.length - 2).fill(0)]],
      }) as never,
    });
    await new Promise((r) => setTimeout(r, 500));
    const figures = metrics.recorders.get('cpurec')!.take();
    await task.stop();
    expect(logs).toEqual(['cpurec: warning: cannot read /proc/net/dev: no such file or directory; the fields it feeds are left empty']);
    // One for the baseline and one for each sample (whose write may not have settled when taken).
    expect(figures.sourceErrors).toBeGreaterThanOrEqual(figures.samples + 1);
    expect(figures.sourceErrors).toBeLessThanOrEqual(figures.samples + 2);
    expect(figures.samples).toBeGreaterThanOrEqual(2);
    expect(readFileSync(`${dir}/${rawFileName('cpurec', Date.now())}`, 'utf8').split('\n').slice(1, -1).length).toBeGreaterThanOrEqual(2);
  });

  test('while sdr <rec> -l holds the recorder\'s lock: reported once, retried, taken over once that run is gone', async () => {
    const dir = tmp();
    const holder = spawn('sleep', ['30']);
    writeFileSync(`${dir}/.cpurec.lock`, `${holder.pid}\n`);
    const logs: string[] = [];
    let n = 0;
    const task = new RecorderTask({ name: 'cpurec', intervalSeconds: 0.1, options: {} }, {
      logDir: dir, metrics: new RunMetrics(), log: (m) => logs.push(m), retryMs: 100,
      recorderOf: () => ({ ...fake(() => [['cpu0', ++n, ...Array(loadLmo('cpurec').fields.length - 3).fill(0)]]), name: 'cpurec' }) as never,
    });
    const file = `${dir}/${rawFileName('cpurec', Date.now())}`;
    try {
      await new Promise((r) => setTimeout(r, 500));
      expect(existsSync(file)).toBe(false); // not a row while the other writer holds the files
      holder.kill('SIGKILL');
      await once(holder, 'exit');
      await new Promise((r) => setTimeout(r, 800));
      expect(readFileSync(`${dir}/.cpurec.lock`, 'utf8')).toBe(`${process.pid}\n`);
    } finally {
      holder.kill('SIGKILL');
      await task.stop();
    }
    expect(logs).toEqual([`cpurec: already being recorded into ${dir} by sdr cpurec -l (pid ${holder.pid}); trying again every 0.1 s`]);
    expect(readFileSync(file, 'utf8').split('\n').slice(1, -1).length).toBeGreaterThanOrEqual(2);
    expect(existsSync(`${dir}/.cpurec.lock`)).toBe(false); // released when stopped
  });
});
