// Where the collector keeps rows: <dataDir>/<dsid>/<recorder>-YYYY-MM-DD.csv, the raw files a
// recorder writes with -l, one directory per data source.
//
// Dedupe is on the stored line itself. Within one file the dsid and the recorder are fixed by the
// path, so two messages meant for the same file differ only in their row (the os of the msgid and
// the devid are fixed per host and recorder, and the sid behind a dsid is too): the same line is
// the same message, the body's sha256 adds nothing. Keying on the line means the file is its own
// record of what it holds: on open its lines are hashed, so dedupe survives a restart and covers
// the whole day file, with no sidecar that a crash could leave out of step with the rows.
//
// Everything done to one file goes through its own promise chain, so the dedupe check and the
// append never interleave. Rows that arrive while the file is busy wait together and go out as one
// write of whole lines (and, with --fsync always, one sync): a group commit, so that many senders
// writing one file are not served one disk round trip at a time. Each is answered only once its
// write (and sync) is done.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { prepareRawFile, rawFileName } from '../output/raw-file.js';
import { describeSystemError } from '../core/errors.js';

export type FsyncMode = 'always' | 'interval';
export type StoreResult = 'stored' | 'duplicate';

/** Files kept open at most; beyond that the least recently used idle one is closed. */
const MAX_OPEN = 64;
/** A file untouched this long is closed and its hashes dropped; reopening rereads them. */
const IDLE_MS = 10 * 60_000;

interface Waiting {
  header: string;
  line: string;
  resolve: (result: StoreResult) => void;
  reject: (err: Error) => void;
}

interface DayFile {
  path: string;
  /** Rows waiting for the next write, in arrival order; a write is queued when the first comes. */
  waiting: Waiting[];
  handle?: FileHandle;
  /** Hashes of the lines in the file, while it is open. */
  seen?: Set<string>;
  queue: Promise<unknown>;
  /** Operations queued and not yet done: a file is closed only when there are none. */
  pending: number;
  dirty: boolean;
  lastUsed: number;
}

/** 128 bits of sha256: a collision among a day's rows is out of reach, at a third of a line's memory. */
function lineKey(line: string): string {
  return createHash('sha256').update(line).digest().subarray(0, 16).toString('base64');
}

async function readKeys(path: string): Promise<Set<string>> {
  const seen = new Set<string>();
  let rest = '';
  // Streamed: a day file of a many-device recorder may be large, and only the hashes are kept.
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const l of lines) seen.add(lineKey(l));
  }
  return seen;
}

async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done);
    done += bytesWritten;
  }
}

/** A new file or directory survives a crash only once the directory holding it is synced. */
async function syncDir(dir: string): Promise<void> {
  const h = await open(dir, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

export class RowStore {
  private readonly files = new Map<string, DayFile>();
  private readonly timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(
    private readonly dataDir: string,
    private readonly fsync: FsyncMode,
    private readonly log: (line: string) => void,
  ) {
    if (fsync === 'interval') this.timers.push(setInterval(() => this.syncDirty(), 1000).unref());
    this.timers.push(setInterval(() => this.closeIdle(Date.now() - IDLE_MS), 60_000).unref());
  }

  /** The file a row goes to; dsid and recorder must already be checked, they make the path. */
  pathOf(dsid: string, recorder: string, epochMs: number): string {
    return join(this.dataDir, dsid, rawFileName(recorder, epochMs));
  }

  /** Appends the line (one CSV line, newline included) unless the file holds it already. */
  store(path: string, header: string, line: string): Promise<StoreResult> {
    if (this.closed) return Promise.reject(new Error('the collector is shutting down'));
    const file = this.fileFor(path);
    return new Promise((resolve, reject) => {
      if (file.waiting.length === 0) this.run(file, () => this.writeWaiting(file)).catch(() => {});
      file.waiting.push({ header, line, resolve, reject });
    });
  }

  /** Writes every row waiting for the file, less those it holds already, in one append. */
  private async writeWaiting(file: DayFile): Promise<void> {
    const rows = file.waiting;
    file.waiting = [];
    try {
      if (file.handle === undefined || file.seen === undefined) await this.open(file, rows[0].header);
      const results: StoreResult[] = [];
      let text = '';
      for (const row of rows) {
        const key = lineKey(row.line.slice(0, -1));
        if (file.seen!.has(key)) {
          results.push('duplicate');
        } else {
          file.seen!.add(key);
          text += row.line;
          results.push('stored');
        }
      }
      if (text !== '') {
        await writeAll(file.handle!, Buffer.from(text));
        if (this.fsync === 'always') await file.handle!.sync();
        else file.dirty = true;
      }
      rows.forEach((row, i) => row.resolve(results[i]));
    } catch (err) {
      // A failed write may leave a torn line: reopening repairs it and rereads the hashes.
      await this.drop(file);
      const failure = new Error(`cannot store a row in ${file.path}: ${describeSystemError(err)}`);
      for (const row of rows) row.reject(failure);
    }
  }

  /** Waits for every queued write, syncs and closes every file. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    await Promise.all([...this.files.values()].map((f) => this.run(f, () => this.release(f))));
    this.files.clear();
  }

  private fileFor(path: string): DayFile {
    let file = this.files.get(path);
    if (file !== undefined) this.files.delete(path); // re-inserted last: the Map is in LRU order
    else if (this.files.size >= MAX_OPEN) this.closeIdle(Infinity, this.files.size - MAX_OPEN + 1);
    file ??= { path, waiting: [], queue: Promise.resolve(), pending: 0, dirty: false, lastUsed: 0 };
    file.lastUsed = Date.now();
    this.files.set(path, file);
    return file;
  }

  private run<T>(file: DayFile, op: () => Promise<T>): Promise<T> {
    file.pending++;
    const result = file.queue.then(op).finally(() => file.pending--);
    file.queue = result.catch(() => {});
    return result;
  }

  private async open(file: DayFile, header: string): Promise<void> {
    const dir = dirname(file.path);
    const created = await mkdir(dir, { recursive: true });
    const removed = prepareRawFile(file.path, header);
    if (removed > 0) this.log(`${file.path}: removed a torn last line (${removed} bytes) left by an earlier crash`);
    file.seen = await readKeys(file.path);
    file.handle = await open(file.path, 'a');
    if (this.fsync === 'always') {
      if (created !== undefined) await syncDir(dirname(created));
      await syncDir(dir);
    }
  }

  /** Syncs and closes the file; its hashes go with it. */
  private async release(file: DayFile): Promise<void> {
    try {
      if (file.dirty) await file.handle?.sync();
    } catch (err) {
      this.log(`cannot sync ${file.path}: ${describeSystemError(err)}`);
    }
    await this.drop(file);
  }

  private async drop(file: DayFile): Promise<void> {
    const h = file.handle;
    file.handle = undefined;
    file.seen = undefined;
    file.dirty = false;
    await h?.close().catch(() => {});
  }

  private syncDirty(): void {
    for (const file of this.files.values()) {
      if (!file.dirty) continue;
      this.run(file, async () => {
        if (!file.dirty || file.handle === undefined) return;
        file.dirty = false;
        try {
          await file.handle.sync();
        } catch (err) {
          this.log(`cannot sync ${file.path}: ${describeSystemError(err)}`);
          await this.drop(file);
        }
      }).catch(() => {});
    }
  }

  /** Closes idle files used before `before`, oldest first, at most `limit` of them. */
  private closeIdle(before: number, limit = Infinity): void {
    for (const file of this.files.values()) {
      if (limit <= 0) break;
      if (file.pending > 0 || file.lastUsed >= before) continue;
      // Nothing is queued, so a request that comes now starts a fresh entry that rereads the file,
      // which already holds every line written through this one.
      this.files.delete(file.path);
      limit--;
      this.release(file).catch(() => {});
    }
  }
}
