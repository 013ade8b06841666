// Two kinds of failure a user can act on. cli.ts turns them into one line on stderr and an exit
// status; anything else is a bug and shows its stack only with SDR_DEBUG=1.

/** The command line is wrong: exit status 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** A setting that would cure a failure: an option on the command line, a key in the config. */
export interface CuringSetting {
  /** The option's long name, which is also its key in a recorder's section of the config: "xentop". */
  name: string;
  /** What it takes, for the command line's words: "PATH". */
  takes: string;
}

/** The command line was fine but the work failed (a file unreadable, a directory unwritable): exit 1. */
export class RuntimeError extends Error {
  readonly exitCode = 1;

  /** `cure`: the setting that would mend it; each caller says it in its own words (--xentop PATH, "xentop" in the config). */
  constructor(message: string, readonly cure?: CuringSetting) {
    super(message);
  }
}

/** A RuntimeError of a system call, which keeps its code: a full disk (ENOSPC) may be waited out. */
export class SystemFault extends RuntimeError {
  readonly code: string | undefined;

  constructor(message: string, cause: unknown) {
    super(message);
    this.code = (cause as NodeJS.ErrnoException | undefined)?.code;
  }
}

/** The disk (or the user's quota on it) is full: space may come back without anyone's help. */
export const isDiskFull = (err: unknown) => err instanceof SystemFault && (err.code === 'ENOSPC' || err.code === 'EDQUOT');

/** Node's system errors carry a code (ENOENT, EACCES…); the message names it without the stack. */
export function describeSystemError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string') {
    const reason: Record<string, string> = {
      ENOENT: 'no such file or directory',
      EACCES: 'permission denied',
      EPERM: 'operation not permitted',
      ENOTDIR: 'a path component is not a directory',
      EISDIR: 'is a directory',
      EEXIST: 'file exists',
      EROFS: 'read-only file system',
      ENOSPC: 'no space left on device',
      EDQUOT: 'disk quota exceeded',
      EIO: 'input/output error',
    };
    return reason[e.code] ?? e.code;
  }
  return e instanceof Error ? e.message : String(err);
}
