// One `sdr run` per log dir: two agents appending to the same raw files would interleave rows and
// fight over the sender's positions. Each of its recorders also takes the recorder's own lock
// (output/recorder-lock.ts), which keeps `sdr <rec> -l` out of the files of the recorders it runs.
import { RuntimeError } from '../core/errors.js';
import { statSync } from 'node:fs';
import { liveHolderOf, takePidLock, type PidLock } from '../output/pid-lock.js';
import { RUN_LOCK_FILE } from '../output/recorder-lock.js';

export const LOCK_FILE = RUN_LOCK_FILE;

export type LogDirLock = PidLock;

export function lockLogDir(logDir: string): LogDirLock {
  return takePidLock(`${logDir}/${LOCK_FILE}`, (holder) => new RuntimeError(`another sdr run (pid ${holder}) is recording into ${logDir}`));
}

/** The live `sdr run` recording into a log dir, and since when (its lock's time); undefined if none. */
export function runningAgent(logDir: string): { pid: number; sinceMs: number } | undefined {
  const path = `${logDir}/${LOCK_FILE}`;
  const pid = liveHolderOf(path);
  if (pid === undefined) return undefined;
  try {
    return { pid, sinceMs: statSync(path).mtimeMs };
  } catch {
    return undefined;
  }
}
