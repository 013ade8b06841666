// One `sdr run` per log dir: two agents appending to the same raw files would interleave rows and
// fight over the sender's positions. The lock is a file holding the owner's pid, created with
// O_EXCL; a lock whose pid is gone (kill -9, a crash, a reboot) is taken over.
import { closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { RuntimeError, describeSystemError } from '../core/errors.js';

export const LOCK_FILE = '.sdr-run.lock';

export interface LogDirLock {
  path: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function create(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new RuntimeError(`cannot create the lock ${path}: ${describeSystemError(err)}`);
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The live `sdr run` recording into a log dir, and since when (its lock's time); undefined if none. */
export function runningAgent(logDir: string): { pid: number; sinceMs: number } | undefined {
  const path = `${logDir}/${LOCK_FILE}`;
  const pid = holderOf(path);
  if (pid === undefined || !isAlive(pid)) return undefined;
  try {
    return { pid, sinceMs: statSync(path).mtimeMs };
  } catch {
    return undefined;
  }
}

export function lockLogDir(logDir: string): LogDirLock {
  const path = `${logDir}/${LOCK_FILE}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (create(path)) {
      return {
        path,
        release: () => {
          if (holderOf(path) === process.pid) unlinkSync(path);
        },
      };
    }
    const holder = holderOf(path);
    if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
      throw new RuntimeError(`another sdr run (pid ${holder}) is recording into ${logDir}`);
    }
    // Stale: moved aside atomically, so of two agents starting at once only one removes it.
    const aside = `${path}.stale.${process.pid}`;
    try {
      renameSync(path, aside);
    } catch {
      continue; // another starter moved it first: try again
    }
    const moved = holderOf(aside);
    if (moved !== holder && moved !== undefined && isAlive(moved)) {
      // A starter took over between our read and our rename: its lock goes back.
      renameSync(aside, path);
      throw new RuntimeError(`another sdr run (pid ${moved}) is recording into ${logDir}`);
    }
    unlinkSync(aside);
  }
  throw new RuntimeError(`cannot take the lock ${path}: it keeps changing hands`);
}
