// Two writers never share a day file: their rows would interleave, with duplicate timestamps, and
// one could cut off as "torn" the line the other is writing. Whoever appends to a recorder's raw
// files (`sdr <rec> -l`, or that recorder's task in `sdr run`) first holds <logDir>/.<rec>.lock.
// Per recorder, not per log dir: `sdr xenrec -l` as root beside an unprivileged `sdr run` that
// records the others is the recommended set-up on a Xen dom0.
import { RuntimeError } from '../core/errors.js';
import { liveHolderOf, takePidLock, type PidLock } from './pid-lock.js';

/** The lock of `sdr run` on its log dir; a recorder's lock held by its pid is held by sdr run. */
export const RUN_LOCK_FILE = '.sdr-run.lock';

export function recorderLockFile(recorder: string): string {
  return `.${recorder}.lock`;
}

/** Takes the recorder's lock in `logDir`; RuntimeError naming the pid that holds it. */
export function lockRecorder(logDir: string, recorder: string): PidLock {
  return takePidLock(`${logDir}/${recorderLockFile(recorder)}`, (holder) => {
    const who = liveHolderOf(`${logDir}/${RUN_LOCK_FILE}`) === holder ? 'sdr run' : `sdr ${recorder} -l`;
    return new RuntimeError(`already being recorded into ${logDir} by ${who} (pid ${holder})`);
  });
}
