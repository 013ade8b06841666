// Which token may write which data source, and how fast a token may create new ones. A data
// source belongs to the tokens the tokens file names for it or, where it names none, to the token
// that first wrote it, recorded as a sha256 of that token in <dataDir>/.owners/<dsid> (never the
// token itself; beside, not inside, the data source's directory, which holds its day files only). Another token is refused with 403 before anything about the source's rows is told.
// Each token may create a bounded number of data sources and day files a minute (429 beyond), so
// that one token cannot fill the disk with directories and files of every date.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describeSystemError } from '../core/errors.js';

export const OWNERS_DIR = '.owners';

/** A request this module refuses: the status, a one-line reason, and for 429 when to come again. */
export class Refusal extends Error {
  constructor(readonly status: number, readonly reason: string, readonly retryAfterS?: number) {
    super(reason);
  }
}

export interface CreationLimits {
  /** New data sources a token may create in a minute. */
  sourcesPerMinute: number;
  /** New day files a token may create in a minute. */
  filesPerMinute: number;
}

export const DEFAULT_LIMITS: CreationLimits = { sourcesPerMinute: 1000, filesPerMinute: 10_000 };

/** Creations within the last minute, oldest first. */
class MinuteWindow {
  private readonly times: number[] = [];
  constructor(private readonly limit: number) {}

  /** Takes one if the minute has room; else the seconds until it has. */
  take(now: number): number | undefined {
    while (this.times.length > 0 && now - this.times[0] >= 60_000) this.times.shift();
    if (this.times.length >= this.limit) return Math.max(1, Math.ceil((this.times[0] + 60_000 - now) / 1000));
    this.times.push(now);
    return undefined;
  }
}

export class Owners {
  private readonly owners = new Map<string, string>();
  /** Data sources whose directory is known to exist: most requests need no look at the disk. */
  private readonly known = new Set<string>();
  private readonly windows = new Map<string, { sources: MinuteWindow; files: MinuteWindow }>();

  /** `named`: the tokens (as sha256 hex) the tokens file names for each data source. */
  constructor(
    private readonly dataDir: string,
    private readonly named: ReadonlyMap<string, ReadonlySet<string>>,
    private readonly limits: CreationLimits = DEFAULT_LIMITS,
    private readonly dirMode = 0o750,
  ) {}

  private windowOf(token: string): { sources: MinuteWindow; files: MinuteWindow } {
    let w = this.windows.get(token);
    if (w === undefined) {
      if (this.windows.size >= 10_000) this.windows.clear();
      w = { sources: new MinuteWindow(this.limits.sourcesPerMinute), files: new MinuteWindow(this.limits.filesPerMinute) };
      this.windows.set(token, w);
    }
    return w;
  }

  /** Lets the token write the data source, creating it if new; throws Refusal when it may not. */
  admit(dsid: string, token: string, now = Date.now()): void {
    const named = this.named.get(dsid);
    if (named !== undefined) {
      if (!named.has(token)) throw new Refusal(403, `data source ${dsid} is not this token's to write`);
    } else {
      const owner = this.ownerOf(dsid) ?? this.claim(dsid, token, now);
      if (owner !== token) throw new Refusal(403, `data source ${dsid} is not this token's to write`);
    }
    if (!this.known.has(dsid)) {
      if (!existsSync(join(this.dataDir, dsid))) this.createDir(dsid, token, now, named !== undefined);
      this.known.add(dsid);
    }
  }

  /** Counts a new day file against the token's minute; throws Refusal (429) beyond it. */
  admitNewFile(token: string, now = Date.now()): void {
    const wait = this.windowOf(token).files.take(now);
    if (wait !== undefined) throw new Refusal(429, `this token created ${this.limits.filesPerMinute} day files in the last minute`, wait);
  }

  private ownerOf(dsid: string): string | undefined {
    const known = this.owners.get(dsid);
    if (known !== undefined) return known;
    try {
      const owner = readFileSync(join(this.dataDir, OWNERS_DIR, dsid), 'utf8').trim();
      if (/^[0-9a-f]{64}$/.test(owner)) {
        this.owners.set(dsid, owner);
        return owner;
      }
    } catch {
      // no owner yet
    }
    return undefined;
  }

  /** The first token to write a data source owns it: recorded before the first row is stored. */
  private claim(dsid: string, token: string, now: number): string {
    const dir = join(this.dataDir, dsid);
    if (!existsSync(dir)) this.createDir(dsid, token, now, false);
    const file = join(this.dataDir, OWNERS_DIR, dsid);
    let fd: number;
    try {
      mkdirSync(join(this.dataDir, OWNERS_DIR), { recursive: true, mode: this.dirMode });
      fd = openSync(file, 'wx', 0o640);
    } catch (err) {
      // Another request claimed it first, or the disk is full: what is on disk decides.
      const owner = this.ownerOf(dsid);
      if (owner !== undefined) return owner;
      // A file that names no owner was left by a claim cut short (a crash between its creation and
      // its write): nobody owns the data source, and the next request claims it.
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') rmSync(file, { force: true });
      throw new Refusal(503, `cannot record the owner of data source ${dsid}: ${describeSystemError(err)}`);
    }
    try {
      writeSync(fd, `${token}\n`);
    } catch (err) {
      // A full disk takes the file but not the token: an empty owner would refuse the source's
      // rows for good.
      closeSync(fd);
      rmSync(file, { force: true });
      throw new Refusal(503, `cannot record the owner of data source ${dsid}: ${describeSystemError(err)}`);
    }
    closeSync(fd);
    this.owners.set(dsid, token);
    return token;
  }

  private createDir(dsid: string, token: string, now: number, named: boolean): void {
    // A data source the tokens file names is expected: it does not count against the minute.
    if (!named) {
      const wait = this.windowOf(token).sources.take(now);
      if (wait !== undefined) throw new Refusal(429, `this token created ${this.limits.sourcesPerMinute} data sources in the last minute`, wait);
    }
    try {
      mkdirSync(join(this.dataDir, dsid), { recursive: true, mode: this.dirMode });
    } catch (err) {
      throw new Refusal(503, `cannot create the directory of data source ${dsid}: ${describeSystemError(err)}`);
    }
  }
}
