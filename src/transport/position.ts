// Where delivery of a raw file stands: the byte offset past the last row acknowledged, per
// platform and per day file, saved atomically (temp file, fsync, rename, fsync of the folder), so
// a restart, a kill -9 or a reboot resumes exactly there.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface Position {
  /** Bytes of the day file delivered (acknowledged or quarantined), header included. */
  offset: number;
  /** Rows delivered from this file (acknowledged or quarantined): the rows before `offset`. */
  rows: number;
  /** Of those, the rows the platform never stored (quarantined): a row's place among the stored is rows - skipped + 1. */
  skipped?: number;
  /** UTC ms of the last acknowledged row. */
  lastSuccess?: number;
  /** The last failure, in words (never a token). */
  lastError?: string;
  lastErrorAt?: number;
  /** The last refusal of rows for good (an engine's 400 and its reason), and when. */
  lastRejection?: string;
  lastRejectionAt?: number;
}

export function positionPath(logDir: string, platform: string, dayFile: string): string {
  // The same for a day file and its gzipped self: compressing does not move the position.
  return `${logDir}/.send/${platform}/${dayFile.replace(/\.csv(\.gz)?$/, '')}.json`;
}

export function readPosition(path: string): Position {
  try {
    const p = JSON.parse(readFileSync(path, 'utf8')) as Position;
    if (Number.isInteger(p.offset) && p.offset >= 0 && Number.isInteger(p.rows) && p.rows >= 0) return p;
  } catch {
    // none yet (or unreadable): start at the beginning, the collector drops what it already has
  }
  return { offset: 0, rows: 0 };
}

/**
 * Throws the system error when the position cannot be saved (a full disk): the one saved before
 * stays whole, and no temp file is left behind.
 */
export function savePosition(path: string, position: Position): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = `${path}.tmp`;
  try {
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(position));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  const dfd = openSync(dir, 'r');
  try {
    fsyncSync(dfd);
  } finally {
    closeSync(dfd);
  }
}

/**
 * savePosition off the event loop: its fsyncs run in libuv's pool, so that many feeds of one
 * process (an appliance's thousands of hosts) save at once instead of one after another.
 */
export async function savePositionAsync(path: string, position: Position): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = `${path}.tmp`;
  try {
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(JSON.stringify(position));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}
