import { readFileSync } from 'node:fs';
import { RuntimeError, describeSystemError } from '../../core/errors.js';

/** One file of a pseudo filesystem, read whole; the error names the file. */
export function readSourceFile(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch (err) {
    throw new RuntimeError(`cannot read ${path}: ${describeSystemError(err)}`);
  }
}

/** Parse a file or fail with a message that names it. */
export function parseOrFail<T>(path: string, text: string, parse: (text: string) => T | null, what: string): T {
  const parsed = parse(text);
  if (parsed === null) throw new RuntimeError(`${path} does not look like ${what}`);
  return parsed;
}
