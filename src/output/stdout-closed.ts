// Every command's output, not only a recording's: a reader that goes away (`sdr lmo --json |
// head -1`, `sdr help sysrec | head -3`) ends sdr quietly with status 0, as `cat` or `ls` end.
// EPIPE is how a pipeline says it has enough, not an error; Node would otherwise throw it as an
// unhandled 'error' event, with a stack trace and status 1.
import { describeSystemError } from '../core/errors.js';
import { messagePrefix } from '../core/warn.js';

let installed = false;

/** Ends the process when standard output fails: 0 when its reader is gone, else 1 with one line. */
export function endWhenStdoutCloses(): void {
  if (installed) return;
  installed = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    process.stderr.write(`${messagePrefix()}: cannot write to standard output: ${describeSystemError(err)}\n`);
    process.exit(1);
  });
}
