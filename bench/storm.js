#!/usr/bin/env node
// The fault storm: sdr run records sysrec, cpurec, diskrec and nicrec and sends two of them, sdr
// send sends the other two from the same log dir, sdr collect stores them all, and meanwhile, at
// random (a seeded PRNG), sdr run and sdr send are killed with -9, the collector is killed or
// stopped (SIGSTOP), the log dir's or the data dir's disk fills and is freed, and the wall clock of
// sdr run steps back across midnight (libfaketime), so that rows go to the previous day's file
// again, some byte for byte the same as rows written there before. Then every fault is healed,
// sdr run and sdr send are stopped, `sdr send --once` delivers what is left, and each collected
// day file is compared with the recorder's (cmp): rows recorded, stored, lost, duplicated and out
// of order, of which only the first two may be more than 0.
//
//   node bench/storm.js          (after `npm run build`; as root for the full disks, with Debian's
//                                 faketime for the clock steps; BENCH_STORM_SECONDS, 150 by default)
//
// Environment: BENCH_STORM_SECONDS (150), BENCH_STORM_SEED (a random one, printed). Exits 1 when
// a row was lost, duplicated or reordered, or a file differs. storm() is also what the jest test
// runs, for 20 s.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CollectorProcess, FakeClock, canMount, compareDayFiles, dataSourceDir, faketimeLibrary, killChild, mountTmpfs, prng,
  rejectedRows, running, sleep, startSdr, stopChild, writePrivate,
} from './faults.js';

export const RECORDERS = ['sysrec', 'cpurec', 'diskrec', 'nicrec'];
const TOKEN = 'storm-token-0123456789abcdef';
const SID = 'STORM';
/** Each filesystem holds the storm's raw files (or stored files) many times over. */
const DISK_KIB = 8192;

/**
 * A process kept running as a service manager would: started again half a second after it ends
 * by itself (a start refused on a full disk, say). kill() takes it down until start().
 */
class Supervised {
  constructor(name, spawnIt) {
    this.name = name;
    this.spawnIt = spawnIt;
    this.proc = undefined;
    this.wanted = false;
    this.starts = 0;
    this.output = '';
  }

  start() {
    this.wanted = true;
    if (this.proc !== undefined && running(this.proc.child)) return;
    this.starts++;
    const proc = this.spawnIt();
    proc.startedAt = Date.now();
    this.proc = proc;
    proc.child.once('exit', () => {
      this.output += proc.stderr();
      setTimeout(() => {
        if (this.wanted && this.proc === proc) this.start();
      }, 500);
    });
  }

  async kill() {
    this.wanted = false;
    if (this.proc !== undefined) await killChild(this.proc.child);
  }

  /** SIGTERM: the way it is stopped for good; the exit code (null when it was not running). */
  async stop() {
    this.wanted = false;
    if (this.proc === undefined || !running(this.proc.child)) return null;
    return stopChild(this.proc.child);
  }
}

/** The day `days` before today (UTC), at midnight, ms: a date the collector takes. */
function midnightDaysAgo(days) {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  return d.getTime() - days * 86_400_000;
}

/**
 * Runs the storm for `seconds`, then heals, drains and compares. `seed` makes the faults the same
 * from run to run (their timing; not the machine's). Returns the figures; the temporary
 * directories and mounts are removed unless `keep`.
 */
export async function storm({ seconds = 20, seed = 1, log = () => {}, keep = false } = {}) {
  // Each fault has its own sequence of the seed's, so that its schedule does not hang on when the
  // others happened to draw.
  const streams = (k) => prng(seed * 7919 + k);
  const base = mkdtempSync(join(tmpdir(), 'sdr-storm-'));
  const skipped = [];
  const noMount = canMount();
  if (noMount !== undefined) skipped.push(`full disks (${noMount})`);
  if (faketimeLibrary() === undefined) skipped.push('clock steps (libfaketime is not installed: apt-get install faketime)');
  const logFs = noMount === undefined ? mountTmpfs(DISK_KIB, 'storm-log') : undefined;
  const dataFs = noMount === undefined ? mountTmpfs(DISK_KIB, 'storm-data') : undefined;
  const logDir = join(logFs?.dir ?? base, 'log');
  const dataDir = join(dataFs?.dir ?? base, 'data');
  mkdirSync(logDir, { recursive: true });
  const faults = { runKills: 0, sendKills: 0, collectorKills: 0, collectorStops: 0, logDiskFills: 0, dataDiskFills: 0, clockSteps: 0 };
  const collector = new CollectorProcess(base, dataDir, { [TOKEN]: [SID] });
  // The clock of sdr run: from a few seconds before midnight two days ago.
  const midnight = midnightDaysAgo(2);
  const clock = faketimeLibrary() === undefined ? undefined : new FakeClock(base);
  clock?.setNow(midnight - 6000);
  let run;
  let send;
  try {
    const port = await collector.start();
    const platform = (name, recorders) => ({ name, url: `http://127.0.0.1:${port}`, subscription: SID, token: TOKEN, recorders });
    const runConfig = join(base, 'run.json');
    writePrivate(runConfig, JSON.stringify({
      logDir,
      recorders: { sysrec: { interval: 1 }, cpurec: { interval: 1 }, diskrec: { interval: 1 }, nicrec: { interval: 1 }, sdrrec: { interval: 5 } },
      platforms: [platform('run', ['sysrec', 'cpurec'])],
    }));
    const sendConfig = join(base, 'send.json');
    writePrivate(sendConfig, JSON.stringify({ logDir, platforms: [platform('send', ['diskrec', 'nicrec'])] }));
    run = new Supervised('sdr run', () => startSdr(['run', '--config', runConfig], clock?.env() ?? {}));
    send = new Supervised('sdr send', () => startSdr(['send', '--config', sendConfig]));
    run.start();
    send.start();

    const end = Date.now() + seconds * 1000;
    const waiting = new Set();
    const endTimer = setTimeout(() => waiting.forEach((wake) => wake()), seconds * 1000);
    /** Waits `s` seconds, or less when the storm is over; true while it is not. */
    const pause = (s) => new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        waiting.delete(wake);
        resolve(Date.now() < end);
      };
      const timer = setTimeout(wake, Date.now() < end ? s * 1000 : 0);
      waiting.add(wake);
    });

    const killing = async (proc, count, first, every, rnd) => {
      if (!(await pause(rnd.between(...first)))) return;
      do {
        await proc.kill();
        faults[count]++;
        log(`kill -9 ${proc.name}`);
        await pause(rnd.between(0.2, 2));
        proc.start();
      } while (await pause(rnd.between(...every)));
    };
    const collectorFaults = async (rnd) => {
      if (!(await pause(rnd.between(2, 5)))) return;
      do {
        if (rnd.next() < 0.5) {
          await collector.kill();
          faults.collectorKills++;
          log('kill -9 sdr collect');
          await pause(rnd.between(0.5, 3));
          await collector.start();
        } else {
          collector.child.kill('SIGSTOP');
          faults.collectorStops++;
          log('SIGSTOP sdr collect');
          await pause(rnd.between(0.5, 4));
          collector.child.kill('SIGCONT');
        }
      } while (await pause(rnd.between(1, 4)));
    };
    const diskFaults = async (rnd) => {
      if (logFs === undefined || !(await pause(rnd.between(2, 5)))) return;
      do {
        const [fs, count] = rnd.next() < 0.5 ? [logFs, 'logDiskFills'] : [dataFs, 'dataDiskFills'];
        fs.fill();
        faults[count]++;
        log(`${count === 'logDiskFills' ? 'log' : 'data'} disk full`);
        await pause(rnd.between(2, 5));
        fs.free();
      } while (await pause(rnd.between(1, 4)));
    };
    // Midnight is crossed, a few seconds later the clock is set back to a few seconds before it:
    // over and over, so the previous day's file is written again each time.
    const clockSteps = async (rnd) => {
      if (clock === undefined) return;
      for (;;) {
        const after = midnight + rnd.between(2, 6) * 1000;
        if (!(await pause(Math.max(0, after - clock.now()) / 1000))) return;
        const back = midnight - rnd.between(4, 10) * 1000;
        log(`clock stepped back ${((clock.now() - back) / 1000).toFixed(1)} s, to ${new Date(back).toISOString()}`);
        clock.setNow(back);
        faults.clockSteps++;
      }
    };
    await Promise.all([
      killing(run, 'runKills', [3, 7], [3, 8], streams(1)),
      killing(send, 'sendKills', [2, 6], [2, 6], streams(2)),
      collectorFaults(streams(3)),
      diskFaults(streams(4)),
      clockSteps(streams(5)),
    ]);
    clearTimeout(endTimer);

    // Healed, stopped, drained: the end state must be exact.
    log('storm over: healing, stopping, draining');
    logFs?.free();
    dataFs?.free();
    if (collector.child !== undefined && running(collector.child)) collector.child.kill('SIGCONT');
    else await collector.start();
    // Stopped as a service is, once started: a SIGTERM before sdr run or sdr send has set up its
    // handlers would end it without saving a thing, which is no fault of the storm's.
    const started = () => /recording into/.test(run.proc.stderr()) && [run, send].every((p) => Date.now() - p.proc.startedAt >= 2000);
    for (let waited = 0; !started() && waited < 15_000; waited += 100) await sleep(100);
    const stops = await Promise.all([run.stop(), send.stop()]);
    let drained = false;
    for (let round = 0; round < 6 && !drained; round++) {
      const results = await Promise.all([runConfig, sendConfig].map((c) => runOnce(['send', '--config', c, '--once'])));
      drained = results.every((r) => r.code === 0);
      if (!drained) {
        log(`drain round ${round + 1}: ${results.map((r) => `exit ${r.code}${r.stderr ? `: ${r.stderr.trim().split('\n').pop()}` : ''}`).join('; ')}`);
        await sleep(1000);
      }
    }
    await collector.stop();
    const store = dataSourceDir(dataDir);
    const perRecorder = Object.fromEntries(RECORDERS.map((r) => [r, compareDayFiles(logDir, store, [r])]));
    const all = compareDayFiles(logDir, store, RECORDERS);
    return {
      seconds, seed, skipped, faults, drained,
      stopCodes: { run: stops[0], send: stops[1] },
      starts: { run: run.starts, send: send.starts },
      recorded: all.recorded, stored: all.stored, lost: all.lost, duplicated: all.duplicated, outOfOrder: all.outOfOrder,
      identicalRows: all.identicalRows, files: all.files, differing: all.differing, rejected: rejectedRows(logDir), perRecorder,
      logs: { run: run.output + (run.proc?.stderr() ?? ''), send: send.output + (send.proc?.stderr() ?? ''), collect: collector.output() },
    };
  } finally {
    await Promise.all([run?.kill(), send?.kill(), collector.kill()]);
    logFs?.unmount();
    dataFs?.unmount();
    if (!keep) rmSync(base, { recursive: true, force: true });
  }
}

/** An sdr command to its end, bounded: its exit code and stderr. */
async function runOnce(args, limitMs = 120_000) {
  const p = startSdr(args);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), limitMs);
  const code = await new Promise((resolve) => p.child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, stderr: p.stderr() };
}

/** The figures as the bench prints them. */
export function report(f) {
  const lines = [
    `storm of ${f.seconds} s, seed ${f.seed}: ${Object.entries(f.faults).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    ...f.skipped.map((s) => `  not in this storm: ${s}`),
    `  ${'recorder'.padEnd(8)}  ${['recorded', 'stored', 'lost', 'duplicated', 'out of order', 'rows written twice'].map((h) => h.padStart(8)).join('  ')}`,
    ...Object.entries(f.perRecorder).map(([r, p]) => `  ${r.padEnd(8)}  ${[p.recorded, p.stored, p.lost, p.duplicated, p.outOfOrder, p.identicalRows].map((n) => String(n).padStart(8)).join('  ')}`),
    `  ${'all'.padEnd(8)}  ${[f.recorded, f.stored, f.lost, f.duplicated, f.outOfOrder, f.identicalRows].map((n) => String(n).padStart(8)).join('  ')}`,
    `  ${f.files} day files compared with cmp, ${f.differing.length} differ${f.differing.length ? `: ${f.differing.join('; ')}` : ''}; ${f.rejected} rows rejected; drained: ${f.drained}`,
  ];
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const seconds = Number(process.env.BENCH_STORM_SECONDS ?? 150);
  const seed = Number(process.env.BENCH_STORM_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const t0 = Date.now();
  const f = await storm({ seconds, seed, log: (m) => console.log(`  ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s  ${m}`) });
  console.log(report(f));
  const ok = f.lost === 0 && f.duplicated === 0 && f.outOfOrder === 0 && f.differing.length === 0 && f.rejected === 0 && f.drained && f.recorded > 0;
  console.log(`${ok ? 'PASS' : 'FAIL'} storm: ${f.recorded} rows recorded, ${f.stored} stored, ${f.lost} lost, ${f.duplicated} duplicated, ${f.outOfOrder} out of order`);
  process.exitCode = ok ? 0 : 1;
}
