import { openSync, readSync, closeSync } from 'node:fs';
import { RuntimeError, describeSystemError } from '../../core/errors.js';

// /proc files report size 0, so readFileSync reads each into fresh 8 KiB buffers until it meets
// the end and concatenates them: some 80 KiB of short-lived native memory per sample, which grew
// the young generation and RSS by tens of MB over a long run. One buffer, kept and grown when a
// file outgrows it, takes every read instead.
let buffer = Buffer.allocUnsafeSlow(16 * 1024);

/** One file of a pseudo filesystem, read whole; the error names the file. */
export function readSourceFile(path: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const bigger = Buffer.allocUnsafeSlow(buffer.length * 2);
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return buffer.toString('latin1', 0, length);
  } catch (err) {
    throw new RuntimeError(`cannot read ${path}: ${describeSystemError(err)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Parse a file or fail with a message that names it. */
export function parseOrFail<T>(path: string, text: string, parse: (text: string) => T | null, what: string): T {
  const parsed = parse(text);
  if (parsed === null) throw new RuntimeError(`${path} does not look like ${what}`);
  return parsed;
}
