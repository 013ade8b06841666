// Mounts test/fixtures/slowfs/slowfs.py: a FUSE mirror of a temporary directory whose writes wait
// for a delay the test sets, to show that a slow disk does not delay sampling.
//
//   let fs: SlowFs | undefined;
//   beforeAll(async () => { fs = await mountSlowFs(); });   // undefined: see slowFsUnavailable()
//   afterAll(async () => { await fs?.unmount(); });          // always, even when a test failed
//
// unmount() sets the delay to 0 (so stuck writes finish), unmounts (lazily when busy), stops the
// process and removes the temporary directories; every step is bounded in time. As a last resort
// a mount still live when the process exits is detached lazily.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { FIXTURES } from './helpers.js';

export const SLOWFS_SCRIPT = `${FIXTURES}/slowfs/slowfs.py`;

export interface SlowFs {
  /** The FUSE mount: files written here reach `backing` only after the delay. */
  mountPoint: string;
  /** The mirrored directory, to check what arrived without going through FUSE. */
  backing: string;
  /**
   * The delay of each write and fsync through the mount, in milliseconds (0: none). It applies to
   * the writes already waiting too: lowering it releases them once their time under it is up.
   */
  setDelayMs(ms: number): void;
  /** Unmounts, stops slowfs.py and removes the temporary directories. Safe to call twice. */
  unmount(): Promise<void>;
}

const MOUNT_TIMEOUT_MS = 5000;
const STEP_TIMEOUT_MS = 2000;

interface Probe {
  python?: string;
  reason?: string;
}

let probe: Probe | undefined;
let lastFailure: string | undefined;
const live = new Set<string>();

/** A Python 3 that can import fusepy (Debian's python3-fusepy puts it beside /usr/bin/python3). */
function findPython(): string | undefined {
  const check = 'try:\n import fusepy\nexcept ImportError:\n from fuse import FUSE';
  for (const python of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(python, ['-c', check], { stdio: 'ignore', timeout: STEP_TIMEOUT_MS });
    if (r.status === 0) return python;
  }
  return undefined;
}

function runProbe(): Probe {
  if (!existsSync('/dev/fuse')) return { reason: 'no /dev/fuse' };
  let filesystems = '';
  try {
    filesystems = readFileSync('/proc/filesystems', 'utf8');
  } catch {
    // Treated as no fuse below.
  }
  if (!/\tfuse$/m.test(filesystems)) return { reason: 'the kernel has no fuse filesystem (/proc/filesystems)' };
  const pythonRuns = spawnSync('python3', ['--version'], { stdio: 'ignore', timeout: STEP_TIMEOUT_MS }).status === 0
    || existsSync('/usr/bin/python3');
  if (!pythonRuns) return { reason: 'no python3' };
  const python = findPython();
  if (!python) return { reason: 'python3 cannot import fusepy (apt-get install python3-fusepy)' };
  if (!hasFusermount() && process.getuid?.() !== 0) {
    return { reason: 'no fusermount to unmount as a user (apt-get install fuse)' };
  }
  return { python };
}

function hasFusermount(): boolean {
  return spawnSync('fusermount', ['-V'], { stdio: 'ignore', timeout: STEP_TIMEOUT_MS }).error === undefined;
}

/** Why slowfs cannot be mounted here, or undefined when it can (so far as can be told). */
export function slowFsUnavailable(): string | undefined {
  probe ??= runProbe();
  return probe.reason ?? lastFailure;
}

/** Is `path` a mount point now? (/proc/mounts escapes spaces and such as octal.) */
export function isMounted(path: string): boolean {
  let mounts = '';
  try {
    mounts = readFileSync('/proc/mounts', 'utf8');
  } catch {
    return false;
  }
  return mounts.split('\n').some((line) => {
    const field = line.split(' ')[1];
    return field !== undefined && field.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))) === path;
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (condition()) return true;
    if (Date.now() >= end) return false;
    await sleep(25);
  }
}

/** Detaches the mount: fusermount -u, then lazily (busy), then umount -l; each bounded. */
function detach(mountPoint: string): void {
  const tries: [string, string[]][] = [
    ['fusermount', ['-u', mountPoint]],
    ['fusermount', ['-u', '-z', mountPoint]],
    ['umount', ['-l', mountPoint]],
  ];
  for (const [cmd, args] of tries) {
    if (!isMounted(mountPoint)) return;
    spawnSync(cmd, args, { stdio: 'ignore', timeout: STEP_TIMEOUT_MS });
  }
}

let exitHook = false;
function detachAllOnExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const mountPoint of live) detach(mountPoint);
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Mounts a slowfs over a new temporary directory, with no delay, waiting at most ~5 s for the
 * mount to show in /proc/mounts. Undefined when FUSE cannot be had: slowFsUnavailable() says why.
 */
export async function mountSlowFs(): Promise<SlowFs | undefined> {
  probe ??= runProbe();
  if (probe.reason || !probe.python) return undefined;
  const root = mkdtempSync(`${tmpdir()}/sdr-slowfs-`);
  const backing = `${root}/backing`;
  const mountPoint = `${root}/mnt`;
  const control = `${root}/delay-ms`;
  mkdirSync(backing);
  mkdirSync(mountPoint);
  writeFileSync(control, '0\n');

  let stderr = '';
  const child = spawn(probe.python, [SLOWFS_SCRIPT, backing, mountPoint, '--control', control], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    if (stderr.length < 4000) stderr += chunk;
  });
  child.on('error', (err) => {
    stderr += String(err);
  });
  live.add(mountPoint);
  detachAllOnExit();

  let done = false;
  const unmount = async (): Promise<void> => {
    if (done) return;
    done = true;
    try {
      writeFileSync(control, '0\n');
    } catch {
      // The directory is gone already; nothing waits on it.
    }
    detach(mountPoint);
    // slowfs.py runs in the foreground and ends once unmounted.
    if (!(await waitFor(() => exited(child), STEP_TIMEOUT_MS))) {
      child.kill('SIGTERM');
      if (!(await waitFor(() => exited(child), STEP_TIMEOUT_MS))) {
        child.kill('SIGKILL');
        await waitFor(() => exited(child), STEP_TIMEOUT_MS);
      }
    }
    detach(mountPoint);
    live.delete(mountPoint);
    // Never remove through a live mount: that would delete in the backing directory's place.
    if (!isMounted(mountPoint)) rmSync(root, { recursive: true, force: true });
    else throw new Error(`slowfs: ${mountPoint} is still mounted after unmount()`);
  };

  const mounted = await waitFor(() => isMounted(mountPoint) || exited(child), MOUNT_TIMEOUT_MS);
  if (!mounted || !isMounted(mountPoint)) {
    await unmount();
    lastFailure = `slowfs.py did not mount within ${MOUNT_TIMEOUT_MS / 1000} s`
      + (exited(child) ? ` (exit ${child.exitCode ?? child.signalCode})` : '')
      + (stderr.trim() ? `: ${stderr.trim()}` : '');
    return undefined;
  }
  lastFailure = undefined;

  return {
    mountPoint,
    backing,
    setDelayMs(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`slowfs: a delay of ${ms} ms`);
      writeFileSync(control, `${ms}\n`);
    },
    unmount,
  };
}
