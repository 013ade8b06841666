// Files that hold a secret (a config with a token, a token file, the collector's tokens file) must
// be readable by their owner only, as ssh insists for keys. The mode is taken from the file that is
// read (fstat on the open descriptor), not from a path that could change in between.
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { RuntimeError, describeSystemError } from '../core/errors.js';

export interface FileWithMode {
  text: string;
  /** Permission bits, 0o777 at most. */
  mode: number;
}

/** Reads a regular file and its permission bits; the error names `what` and the path. */
export function readWithMode(path: string, what: string): FileWithMode {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new RuntimeError(`${what} ${path} is not a regular file`);
    return { text: readFileSync(fd, 'utf8'), mode: stat.mode & 0o777 };
  } catch (err) {
    if (err instanceof RuntimeError) throw err;
    throw new RuntimeError(`cannot read ${what} ${path}: ${describeSystemError(err)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Refuses a file holding `secret` that group or others may read, saying how to fix it. */
export function refuseShared(path: string, mode: number, secret: string): void {
  if ((mode & 0o077) !== 0) {
    throw new RuntimeError(`${path} holds ${secret} and is readable by group or others (mode ${mode.toString(8)}): chmod 600 ${path}`);
  }
}
