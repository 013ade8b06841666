// One `sdr run` per log dir: two agents appending to the same raw files would interleave rows and
// fight over the sender's positions. Each of its recorders also takes the recorder's own lock
// (output/recorder-lock.ts), which keeps `sdr <rec> -l` out of the files of the recorders it runs.
import { RuntimeError } from '../core/errors.js';
import { takePidLock, type PidLock } from '../output/pid-lock.js';
import { RUN_LOCK_FILE } from '../output/recorder-lock.js';

export const LOCK_FILE = RUN_LOCK_FILE;

export type LogDirLock = PidLock;

export function lockLogDir(logDir: string): LogDirLock {
  return takePidLock(`${logDir}/${LOCK_FILE}`, (holder) => new RuntimeError(`another sdr run (pid ${holder}) is recording into ${logDir}`));
}
