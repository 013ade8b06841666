// A lock on a log dir, or on one recorder's files in it: a file holding the owner's pid, created
// with O_EXCL; a lock whose pid is gone (kill -9, a crash, a reboot) is taken over.
import { closeSync, openSync, readFileSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { RuntimeError, SystemFault, describeSystemError } from '../core/errors.js';

export interface PidLock {
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

/** The pid of the live process other than this one that holds the lock at `path`, if any. */
export function liveHolderOf(path: string): number | undefined {
  const holder = holderOf(path);
  return holder !== undefined && holder !== process.pid && isAlive(holder) ? holder : undefined;
}

function create(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new SystemFault(`cannot create the lock ${path}: ${describeSystemError(err)}`, err);
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } catch (err) {
    // A full disk takes the file but not the pid: no empty lock is left behind.
    closeSync(fd);
    rmSync(path, { force: true });
    throw new SystemFault(`cannot create the lock ${path}: ${describeSystemError(err)}`, err);
  }
  closeSync(fd);
  return true;
}

/** Takes the lock at `path`; throws the error `busy` makes of the live holder's pid if there is one. */
export function takePidLock(path: string, busy: (holder: number) => Error): PidLock {
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
    if (holder !== undefined && holder !== process.pid && isAlive(holder)) throw busy(holder);
    // Stale: moved aside atomically, so of two processes starting at once only one removes it.
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
      throw busy(moved);
    }
    unlinkSync(aside);
  }
  throw new RuntimeError(`cannot take the lock ${path}: it keeps changing hands`);
}
