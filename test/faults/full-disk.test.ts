// Disks that fill and are freed, as tmpfs mounts of a few hundred KiB: the log dir of `sdr run`
// and of `sdr send`, and the data dir of `sdr collect`. Nothing is restarted by hand: each resumes
// by itself once the disk takes writes again, and the stored files are then the recorded ones,
// byte for byte (cmp), each row once.
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { CollectorProcess, compareDayFiles, dataSourceDir, mountTmpfs, rejectedRows, running, startSdr, stopChild, writePrivate, sleep } from '../../bench/faults.js';
import { sdr, sdrRun } from '../cli/sdr.js';
import { loadLmo } from '../../src/core/lmo.js';
import { FIXTURES } from '../helpers.js';
import { Receiver } from '../transport/receiver.js';
import { withTmpfs } from './needs-root.js';

const TREE = `${FIXTURES}/linux/lvm-bridge-host-pair/before`;
const TOKEN = 'full-disk-token-0123456789';

/** Waits for `what`, at most `ms`: whether it came. */
async function waitFor(what: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) return false;
    await sleep(100);
  }
  return true;
}

async function until(what: () => boolean, ms: number, why: string): Promise<void> {
  if (!(await waitFor(what, ms))) throw new Error(`timed out waiting: ${why}`);
}

/** Data rows of every day file of a recorder in a directory, as fields, oldest day first. */
function rowsIn(dir: string | undefined, rec: string): string[][] {
  if (dir === undefined || !existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.startsWith(`${rec}-`) && f.endsWith('.csv')).sort()
    .flatMap((f) => readFileSync(`${dir}/${f}`, 'utf8').split('\n').slice(1).filter((l) => l !== '').map((l) => l.split(',')));
}

/** A config of mode 600 naming the collector as platform 'c' for `recorders`. */
function config(dir: string, logDir: string, port: number, recorders: string[], more: Record<string, unknown> = {}): string {
  const path = `${dir}/sdr.json`;
  writePrivate(path, JSON.stringify({
    logDir, ...more,
    platforms: [{ name: 'c', url: `http://127.0.0.1:${port}`, subscription: 'SID', token: TOKEN, recorders }],
  }));
  return path;
}

/** Position files being written (a save cut short leaves none behind). */
function tempFiles(logDir: string): string[] {
  const dir = `${logDir}/.send/c`;
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.tmp')) : [];
}

/** `sdr sysrec -l` of the fixture tree: `count` rows, 0.1 s apart, appended to today's file. */
function record(logDir: string, count: number): void {
  const r = sdr(['sysrec', '-l', '--log-dir', logDir, '--procfs', `${TREE}/proc`, '--sysfs', `${TREE}/sys`, '0.1', String(count)]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

function expectStoredOnce(logDir: string, dataDir: string, recorders: string[]): void {
  const f = compareDayFiles(logDir, dataSourceDir(dataDir), recorders);
  expect(f.differing).toEqual([]);
  expect({ lost: f.lost, duplicated: f.duplicated, outOfOrder: f.outOfOrder }).toEqual({ lost: 0, duplicated: 0, outOfOrder: 0 });
  expect(f.recorded).toBeGreaterThan(0);
  expect(rejectedRows(logDir)).toBe(0);
}

withTmpfs('sdr run on a log disk that fills and is freed: every sample written once, in order; the sender resumes by itself; sdrrec and sdr doctor tell', async () => {
  const disk = mountTmpfs(512, 'log');
  const dir = mkdtempSync(`${tmpdir()}/sdr-full-log-`);
  const logDir = `${disk.dir}/log`;
  const collector = new CollectorProcess(dir, `${dir}/data`, { [TOKEN]: ['SID'] });
  let run: ReturnType<typeof startSdr> | undefined;
  try {
    const port = await collector.start();
    const cfg = config(dir, logDir, port, ['sysrec', 'cpurec'], {
      recorders: { sysrec: { interval: 0.25 }, cpurec: { interval: 0.5 }, sdrrec: { interval: 1 } },
    });
    run = startSdr(['run', '--config', cfg]);
    const stored = () => rowsIn(dataSourceDir(`${dir}/data`), 'sysrec');
    await until(() => stored().length >= 3, 20_000, 'the first rows stored');
    disk.fill();
    const filledAt = Date.now() / 1000;
    // The last page of a file may take a few rows more: full is when a write is refused.
    await waitFor(() => /cannot write raw file/.test(run!.stderr()), 15_000);
    await sleep(2000);
    disk.free();
    const freedAt = Date.now() / 1000;
    // Nothing restarted: rows sampled after the disk was freed reach the collector all the same.
    await until(() => stored().some((r) => Number(r[0]) > freedAt + 1), 40_000, 'rows recorded after the disk was freed to be stored');
    expect(running(run.child)).toBe(true);
    const said = run.stderr();
    expect(await stopChild(run.child)).toBe(0);
    // What was recorded after the sender's last pass goes with the next sender.
    const once = await sdrRun(['send', '--config', cfg, '--once']);
    expect(once.stderr).toBe('');
    expect(once.status).toBe(0);
    expectStoredOnce(logDir, `${dir}/data`, ['sysrec', 'cpurec']);
    expect(tempFiles(logDir)).toEqual([]);
    // The recorders kept their rows in memory while the disk was full: not a sample is missing.
    const times = rowsIn(logDir, 'sysrec').map((r) => Number(r[0]));
    expect(times[0]).toBeLessThan(filledAt);
    expect(times[times.length - 1]).toBeGreaterThan(freedAt);
    expect(times.slice(1).map((t, i) => Number((t - times[i]).toFixed(3))).filter((gap) => Math.abs(gap - 0.25) >= 0.1)).toEqual([]);
    const names = loadLmo('sdrrec').fields.map((f) => f.name);
    const self = rowsIn(logDir, 'sdrrec').map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]])));
    expect(self.reduce((n, r) => n + Number(r.write_errors), 0)).toBeGreaterThan(0);
    expect(self.filter((r) => Number(r.write_dropped) !== 0)).toEqual([]);
    expect(self.some((r) => /no space left on device/.test(r.write_fault))).toBe(true);
    const doctor = await sdrRun(['doctor', '--log-dir', logDir, '--since', '10m']);
    const told = doctor.stdout.replace(/\s+/g, ' '); // lines are wrapped to fit a terminal
    expect(told).toMatch(/Raw files could not be written .*no space left on device/);
    expect(told).toContain('The rows waited in memory and were written once the disk took them again: none lost.');
    expect(said).toMatch(/sysrec: cannot write raw file .*: no space left on device; \d+ rows? kept in memory, trying again/);
    expect(said).not.toMatch(/delivery stopped/);
  } finally {
    if (run) await stopChild(run.child);
    await collector.stop();
    disk.unmount();
  }
}, 120_000);

withTmpfs('sdr run started on a full log disk waits for room, saying so, and records once there is; a stop while it waits ends it with 0', async () => {
  const disk = mountTmpfs(256, 'log');
  const dir = mkdtempSync(`${tmpdir()}/sdr-full-start-`);
  const logDir = `${disk.dir}/log`;
  const cfg = `${dir}/sdr.json`;
  writePrivate(cfg, JSON.stringify({ logDir, recorders: { sysrec: { interval: 0.25 }, sdrrec: { enabled: false } } }));
  let run: ReturnType<typeof startSdr> | undefined;
  try {
    await disk.fill();
    run = startSdr(['run', '--config', cfg]);
    await until(() => /no space left on device: trying again every \d+ s until there is room/.test(run!.stderr()), 15_000, 'the full disk told');
    await sleep(1000);
    expect(running(run.child)).toBe(true);
    // One line, not one per try; no empty lock left by the tries.
    expect(run.stderr().trim().split('\n')).toHaveLength(1);
    expect(existsSync(`${logDir}/.sdr-run.lock`)).toBe(false);
    disk.free();
    await until(() => rowsIn(logDir, 'sysrec').length >= 3, 20_000, 'rows once the disk has room');
    expect(run.stderr()).toMatch(/recording into /);
    expect(await stopChild(run.child)).toBe(0);
    expect(existsSync(`${logDir}/.sdr-run.lock`)).toBe(false);
    // Stopped while it waits: status 0, nothing left behind.
    await disk.fill();
    const waiting = startSdr(['run', '--config', cfg]);
    run = waiting;
    await until(() => /trying again every/.test(waiting.stderr()), 15_000, 'the second start to wait');
    expect(await stopChild(waiting.child)).toBe(0);
    expect(waiting.stderr()).toMatch(/SIGTERM: stopped before recording\n$/);
  } finally {
    if (run) await stopChild(run.child);
    disk.unmount();
  }
}, 90_000);

withTmpfs('sdr send on a full log disk: positions that cannot be saved (ENOSPC) end nothing and leave no temp file; saved once the disk is freed', async () => {
  const disk = mountTmpfs(256, 'log');
  const dir = mkdtempSync(`${tmpdir()}/sdr-full-send-`);
  const logDir = `${disk.dir}/log`;
  const collector = new CollectorProcess(dir, `${dir}/data`, { [TOKEN]: ['SID'] });
  let send: ReturnType<typeof startSdr> | undefined;
  try {
    record(logDir, 10);
    const port = await collector.start();
    const cfg = config(dir, logDir, port, ['sysrec']);
    disk.fill();
    send = startSdr(['send', '--config', cfg]);
    const stored = () => rowsIn(dataSourceDir(`${dir}/data`), 'sysrec').length;
    await until(() => stored() === 10 || !running(send!.child), 20_000, 'the 10 rows stored');
    await sleep(1500);
    expect(running(send.child)).toBe(true);
    expect(tempFiles(logDir)).toEqual([]);
    expect(send.stderr()).toMatch(/c\/sysrec: cannot save the position in .*: no space left on device; delivering on, and trying again/);
    disk.free();
    record(logDir, 5);
    await until(() => stored() === 15, 30_000, 'the 5 rows recorded after the disk was freed');
    await until(() => /c\/sysrec: the position is saved again/.test(send!.stderr()), 10_000, 'the position to be saved');
    expect(await stopChild(send.child)).toBe(0);
    const [position] = readdirSync(`${logDir}/.send/c`);
    expect(JSON.parse(readFileSync(`${logDir}/.send/c/${position}`, 'utf8')).rows).toBe(15);
    expect(tempFiles(logDir)).toEqual([]);
    expectStoredOnce(logDir, `${dir}/data`, ['sysrec']);
  } finally {
    if (send) await stopChild(send.child);
    await collector.stop();
    disk.unmount();
  }
}, 90_000);

withTmpfs('sdr send on a full log disk sends each row once: the position it cannot save is kept, not read again from the disk at each pass', async () => {
  const disk = mountTmpfs(256, 'log');
  const dir = mkdtempSync(`${tmpdir()}/sdr-full-resend-`);
  const logDir = `${disk.dir}/log`;
  const receiver = new Receiver();
  let send: ReturnType<typeof startSdr> | undefined;
  try {
    record(logDir, 10);
    const cfg = config(dir, logDir, await receiver.start(), ['sysrec']);
    disk.fill();
    send = startSdr(['send', '--config', cfg]);
    await until(() => receiver.bodies.length >= 10 || !running(send!.child), 20_000, 'the 10 rows sent');
    await sleep(2500); // two passes or more over a file that has not grown
    expect(receiver.bodies.length).toBe(10);
    disk.free();
    record(logDir, 5);
    await until(() => receiver.bodies.length >= 15, 20_000, 'the 5 rows recorded after the disk was freed');
    await sleep(1500);
    expect(receiver.bodies.length).toBe(15);
    expect(await stopChild(send.child)).toBe(0);
  } finally {
    if (send) await stopChild(send.child);
    await receiver.stop();
    disk.unmount();
  }
}, 90_000);

withTmpfs('sdr collect on a data disk that fills and is freed: 503 while full, the sender tries again by itself, every row stored once', async () => {
  const disk = mountTmpfs(256, 'data');
  const dir = mkdtempSync(`${tmpdir()}/sdr-full-data-`);
  const logDir = `${dir}/log`;
  const dataDir = `${disk.dir}/data`;
  const collector = new CollectorProcess(dir, dataDir, { [TOKEN]: ['SID'] });
  let send: ReturnType<typeof startSdr> | undefined;
  try {
    record(logDir, 10);
    const port = await collector.start();
    send = startSdr(['send', '--config', config(dir, logDir, port, ['sysrec'])]);
    const stored = () => rowsIn(dataSourceDir(dataDir), 'sysrec').length;
    await until(() => stored() === 10, 20_000, 'the first 10 rows stored');
    disk.fill();
    record(logDir, 15);
    await sleep(2000);
    expect(stored()).toBeLessThan(25); // a few may fit in the file's last page, not 6 KiB of rows
    disk.free();
    await until(() => stored() === 25, 60_000, 'every row stored once the disk was freed');
    expect(running(send.child)).toBe(true);
    expect(await stopChild(send.child)).toBe(0);
    await collector.stop(); // syncs and closes the files
    expectStoredOnce(logDir, dataDir, ['sysrec']);
    expect(send.stderr()).toMatch(/c\/sysrec: delivery failed \(503 cannot store a row in .*: no space left on device\); retrying in/);
  } finally {
    if (send) await stopChild(send.child);
    await collector.stop();
    disk.unmount();
  }
}, 120_000);

withTmpfs('sdr collect on a full data disk when a data source first writes: 503 while full, its rows stored once the disk is freed', async () => {
  const disk = mountTmpfs(256, 'data');
  const dir = mkdtempSync(`${tmpdir()}/sdr-full-owner-`);
  const logDir = `${dir}/log`;
  const dataDir = `${disk.dir}/data`;
  const collector = new CollectorProcess(dir, dataDir, { [TOKEN]: ['SID'] });
  let send: ReturnType<typeof startSdr> | undefined;
  try {
    record(logDir, 5);
    const port = await collector.start();
    disk.fill(); // before the data source's first row: its owner cannot be recorded either
    send = startSdr(['send', '--config', config(dir, logDir, port, ['sysrec'])]);
    await sleep(2000);
    disk.free();
    await until(() => rowsIn(dataSourceDir(dataDir), 'sysrec').length === 5, 30_000, 'the 5 rows stored once the disk was freed');
    expect(await stopChild(send.child)).toBe(0);
    await collector.stop();
    expectStoredOnce(logDir, dataDir, ['sysrec']);
    expect(send.stderr()).toMatch(/c\/sysrec: delivery failed \(503 cannot record the owner of data source [0-9a-f-]{36}: no space left on device\); retrying in/);
  } finally {
    if (send) await stopChild(send.child);
    await collector.stop();
    disk.unmount();
  }
}, 60_000);
