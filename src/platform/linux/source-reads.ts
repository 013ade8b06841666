// The sources of one reading, each read on its own: one that cannot be read (missing, unreadable,
// not what it should be) leaves its part of the snapshot undefined and its failure noted for the
// recording to report, and the rest of the reading goes on. Sources fail alone.
import type { SourceFailure } from '../types.js';
import { RuntimeError } from '../../core/errors.js';

export class SourceReads {
  /** Undefined while every source could be read: the common case allocates nothing. */
  failures: SourceFailure[] | undefined;

  /** What `read` returns, or undefined when it fails with a RuntimeError (a bug still throws). */
  read<T>(source: string, read: () => T): T | undefined {
    try {
      return read();
    } catch (err) {
      if (!(err instanceof RuntimeError)) throw err;
      (this.failures ??= []).push({ source, message: err.message });
      return undefined;
    }
  }

  get failed(): number {
    return this.failures?.length ?? 0;
  }
}

/**
 * A root that holds none of what is read from it is not the root it should be (a mistyped
 * --procfs, a host's /proc not mounted): the reading fails, naming the root and why.
 */
export function holdsNone(root: string, names: readonly string[], failures: SourceFailure[] | undefined): RuntimeError {
  const why = failures?.[0] === undefined ? '' : ` (${failures[0].message})`;
  return new RuntimeError(`${root} holds none of ${names.join(', ')}${why}`);
}
