// Real faults for the delivery tests and the storm bench: small filesystems that fill and are
// freed, a wall clock that steps (libfaketime), sdr processes killed and stopped, and the byte for
// byte comparison of what the recorders wrote with what the collector stored. Plain ESM over
// node's own modules and bin/sdr.js (built), so that bench/ and the jest tests share it.
//
// Filesystems are tmpfs mounts, which need root: canMount() says why not where they cannot be had.
// Every mount is undone when the process exits, even after a failure.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, writeSync, chmodSync, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SDR = join(ROOT, 'bin/sdr.js');
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The environment a user's shell gives sdr: none of a test runner's NODE_OPTIONS. */
export function sdrEnv(extra = {}) {
  const { NODE_OPTIONS: _runnerOnly, ...rest } = process.env;
  return { ...rest, SDR_DEBUG: '', ...extra };
}

// ---------------------------------------------------------------------------------------------
// Small filesystems

const mounts = new Set();
let exitHook = false;

/** Why a tmpfs cannot be mounted here, or undefined when it can. */
export function canMount() {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root (mount -t tmpfs needs root)';
  return undefined;
}

/**
 * Mounts a tmpfs of `kib` KiB on a new temporary directory. unmount() undoes it (lazily when a
 * process still has a file open there) and removes the directory.
 */
export function mountTmpfs(kib, label = 'fs') {
  const why = canMount();
  if (why !== undefined) throw new Error(`cannot mount a tmpfs: ${why}`);
  const dir = mkdtempSync(join(tmpdir(), `sdr-${label}-`));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k,mode=0755`, 'tmpfs', dir], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`mount -t tmpfs on ${dir} failed: ${(r.stderr || r.error?.message || '').trim()}`);
  }
  mounts.add(dir);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const d of mounts) spawnSync('umount', ['-l', d], { timeout: 5000 });
    });
  }
  let filler;
  return {
    dir,
    /** Fills the filesystem and keeps it full (space freed meanwhile is taken again) until free(). */
    fill() {
      filler ??= fillUp(dir);
      return filler;
    },
    free() {
      filler?.free();
      filler = undefined;
    },
    get full() {
      return filler !== undefined;
    },
    unmount() {
      filler?.free();
      filler = undefined;
      if (!mounts.has(dir)) return;
      if (spawnSync('umount', [dir], { timeout: 10_000 }).status !== 0) spawnSync('umount', ['-l', dir], { timeout: 10_000 });
      mounts.delete(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes until ENOSPC: big blocks first, then pages, then bytes, so that nothing is left. */
function topUp(path) {
  const fd = openSync(path, 'a');
  try {
    for (const size of [1 << 20, 4096, 1]) {
      const block = Buffer.alloc(size);
      try {
        for (;;) writeSync(fd, block);
      } catch (err) {
        if (err.code !== 'ENOSPC') throw err;
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** A filler file that takes all the space of the filesystem of `dir`, and takes again what is freed. */
export function fillUp(dir) {
  const path = join(dir, `.filler-${process.pid}`);
  topUp(path);
  const timer = setInterval(() => {
    try {
      topUp(path);
    } catch {
      // unmounted meanwhile: nothing to hold
    }
  }, 100);
  return {
    path,
    free() {
      clearInterval(timer);
      rmSync(path, { force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A wall clock that steps: libfaketime, Debian's `faketime` package

const FAKETIME_LIBS = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1', '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1', '/usr/lib/faketime/libfaketime.so.1'];

/** The libfaketime a process can preload, or undefined (apt-get install faketime). */
export function faketimeLibrary() {
  return FAKETIME_LIBS.find((p) => existsSync(p));
}

/**
 * The wall clock of the processes started with env(): the real one plus an offset in seconds that
 * set() changes while they run (read at every clock call: FAKETIME_NO_CACHE). Their monotonic
 * clock stays real, so timers and sdr's ticks keep their pace while the date steps.
 */
export class FakeClock {
  constructor(dir, offsetS = 0) {
    this.lib = faketimeLibrary();
    if (this.lib === undefined) throw new Error('libfaketime is not installed (apt-get install faketime)');
    this.file = join(dir, 'faketime');
    this.set(offsetS);
  }

  /** Offsets the clock by `offsetS` from the real one; atomically, so no reader sees a half-written file. */
  set(offsetS) {
    this.offsetS = offsetS;
    writeFileSync(`${this.file}.tmp`, `${offsetS >= 0 ? '+' : ''}${offsetS.toFixed(3)}\n`);
    renameSync(`${this.file}.tmp`, this.file);
  }

  /** Makes the clock read `epochMs` now. */
  setNow(epochMs) {
    this.set((epochMs - Date.now()) / 1000);
  }

  /** What the clock of those processes reads now, ms. */
  now() {
    return Date.now() + this.offsetS * 1000;
  }

  env() {
    return {
      LD_PRELOAD: this.lib,
      FAKETIME_TIMESTAMP_FILE: this.file,
      FAKETIME_NO_CACHE: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    };
  }
}

// ---------------------------------------------------------------------------------------------
// sdr processes

/** sdr with `args` as a child, stderr kept (the last 64 KiB). */
export function startSdr(args, env = {}) {
  const child = spawn(process.execPath, [SDR, ...args], { env: sdrEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => {
    stderr = (stderr + d).slice(-65536);
  });
  child.stdout.resume();
  return { child, stderr: () => stderr };
}

export const running = (child) => child.exitCode === null && child.signalCode === null;

/** SIGTERM, then SIGKILL after `patienceMs`; resolves with the exit code (null if killed). */
export async function stopChild(child, patienceMs = 15_000) {
  if (!running(child)) return child.exitCode;
  const exited = once(child, 'exit');
  child.kill('SIGCONT'); // a stopped process cannot act on SIGTERM
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), patienceMs);
  const [code] = await exited;
  clearTimeout(t);
  return code;
}

export async function killChild(child) {
  if (!running(child)) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** Writes a file of mode 600, as sdr wants a file that holds a token. */
export function writePrivate(path, text) {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/**
 * `sdr collect` on 127.0.0.1 (port 0: a free one), its tokens file in `dir`; resolves once it
 * listens. start() starts it again on the same port after a kill.
 */
/**
 * `sdr collect` of the tree at `sdr` (its bin/sdr.js) on a free loopback port, as a child with its
 * stderr kept: { child, stderr, listening } where listening resolves with the port.
 */
export function spawnCollector(sdr, dataDir, tokensFile, args = []) {
  const child = spawn(process.execPath, [sdr, 'collect', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--tokens', tokensFile, ...args],
    { env: sdrEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d) => {
    err = (err + d).slice(-4000);
  });
  const stderr = () => err;
  return { child, stderr, listening: listeningPort(child, stderr) };
}

/** The port `sdr collect` (a child started with its stderr piped) says it listens on, once it does. */
export function listeningPort(child, stderr, timeoutMs = 15_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sdr collect did not start in ${timeoutMs} ms: ${stderr()}`)), timeoutMs);
    const look = () => {
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(stderr());
      if (m) {
        clearTimeout(timer);
        child.stderr.off('data', look);
        resolve(Number(m[1]));
      }
    };
    child.stderr.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sdr collect exited (${code}): ${stderr()}`));
    });
  });
}

export class CollectorProcess {
  constructor(dir, dataDir, tokens, args = []) {
    this.dataDir = dataDir;
    this.tokensFile = join(dir, 'tokens.json');
    this.args = args;
    this.port = 0;
    this.log = ''; // stderr of the runs before this one
    mkdirSync(dataDir, { recursive: true });
    writePrivate(this.tokensFile, JSON.stringify(tokens));
  }

  /** What it said on stderr, every run of it so far. */
  output() {
    return this.log + (this.stderr?.() ?? '');
  }

  async start(timeoutMs = 15_000) {
    if (this.stderr !== undefined) this.log += this.stderr();
    const { child, stderr } = startSdr(['collect', '--listen', `127.0.0.1:${this.port}`, '--data-dir', this.dataDir, '--tokens', this.tokensFile, ...this.args]);
    this.child = child;
    this.stderr = stderr;
    const port = await listeningPort(child, stderr, timeoutMs);
    this.port = port;
    return port;
  }

  /** Ends it: SIGTERM lets it sync and close its files. */
  async stop() {
    if (this.child !== undefined) await stopChild(this.child);
  }

  async kill() {
    if (this.child !== undefined) await killChild(this.child);
  }
}

// ---------------------------------------------------------------------------------------------
// What was recorded against what was stored

const DAY_FILE = /^([a-z]+)-\d{4}-\d{2}-\d{2}(\.\d+)?\.csv$/;

/** The collector's directory of the one data source in `dataDir` (named by a UUID; .owners/ is not one). */
export function dataSourceDir(dataDir) {
  const dsids = existsSync(dataDir) ? readdirSync(dataDir).filter((d) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(d)) : [];
  if (dsids.length > 1) throw new Error(`more than one data source in ${dataDir}: ${dsids.join(', ')}`);
  return dsids.length === 1 ? join(dataDir, dsids[0]) : undefined;
}

/** Lines of a file (its last one whole or not), [] when it does not exist. */
function linesOf(path) {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Compares one recorder's day files with the stored ones, row by row. A row is known by its text
 * and which occurrence of that text it is, so byte-identical rows count apart: one stored once is
 * one lost. Out of order: stored rows that come after a row recorded later than they were.
 */
export function compareFiles(recordedPath, storedPath) {
  const recorded = linesOf(recordedPath).slice(1);
  const storedAll = linesOf(storedPath);
  const stored = storedAll.slice(1);
  const place = new Map(); // "occurrence\0text" -> index among the recorded rows
  const seen = new Map();
  const key = (line) => {
    const n = (seen.get(line) ?? 0) + 1;
    seen.set(line, n);
    return `${n}\0${line}`;
  };
  recorded.forEach((line, i) => place.set(key(line), i));
  const twice = [...seen.values()].reduce((sum, n) => sum + n - 1, 0);
  seen.clear();
  let found = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  let last = -1;
  for (const line of stored) {
    const at = place.get(key(line));
    if (at === undefined) {
      duplicated++;
      continue;
    }
    found++;
    if (at < last) outOfOrder++;
    last = Math.max(last, at);
  }
  // A day file holding its header only (its first row never written: a full disk, a kill) has
  // nothing to deliver, and the collector makes a file only for a row.
  const same = existsSync(recordedPath) && (existsSync(storedPath) ? cmp(recordedPath, storedPath) : recorded.length === 0);
  return { recorded: recorded.length, stored: stored.length, lost: recorded.length - found, duplicated, outOfOrder, identicalRows: twice, same };
}

/**
 * Every day file of the recorders in `logDir` against its stored copy in `storeDir`, and stored
 * files that have no recorded one. Figures summed, and the files that differ.
 */
export function compareDayFiles(logDir, storeDir, recorders) {
  const total = { recorded: 0, stored: 0, lost: 0, duplicated: 0, outOfOrder: 0, identicalRows: 0, files: 0, differing: [] };
  const ofRecorders = (dir) => (dir !== undefined && existsSync(dir) ? readdirSync(dir) : [])
    .filter((f) => DAY_FILE.test(f) && recorders.includes(DAY_FILE.exec(f)[1]));
  const names = [...new Set([...ofRecorders(logDir), ...ofRecorders(storeDir)])].sort();
  for (const name of names) {
    const f = compareFiles(join(logDir, name), storeDir === undefined ? '/nonexistent' : join(storeDir, name));
    for (const k of ['recorded', 'stored', 'lost', 'duplicated', 'outOfOrder', 'identicalRows']) total[k] += f[k];
    total.files++;
    if (!f.same) total.differing.push(`${name} (recorded ${f.recorded}, stored ${f.stored}, lost ${f.lost}, duplicated ${f.duplicated}, out of order ${f.outOfOrder})`);
  }
  return total;
}

/** `cmp` of two files: true when they are the same bytes. */
export function cmp(a, b) {
  return spawnSync('cmp', ['-s', a, b], { timeout: 30_000 }).status === 0;
}

/** Rows kept in <logDir>/rejected/: rows a platform refused for good. */
export function rejectedRows(logDir) {
  const dir = join(logDir, 'rejected');
  if (!existsSync(dir)) return 0;
  return readdirSync(dir).reduce((n, f) => n + linesOf(join(dir, f)).length, 0);
}

/** A small, seeded PRNG (mulberry32): the same seed, the same storm. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, between: (lo, hi) => lo + (hi - lo) * next(), pick: (list) => list[Math.floor(next() * list.length)] };
}
