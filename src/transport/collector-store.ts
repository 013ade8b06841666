// Where the collector keeps rows: <dataDir>/<dsid>/<day file>, the raw files a recorder writes with
// -l, one directory per data source.
//
// A row from an sdr sender names its place: its day file and its number among that file's rows
// (collector.ts reads them from the X-Sdr-File and X-Sdr-Row headers). The file's own line count is
// then the record of what it holds: row n is appended when the file holds n - 1 rows, is a resend
// when it holds n or more, and waits, for a while and in a bounded number, when it comes ahead of a
// row still on its way. So the stored file is the recorder's file line for line: once each, in
// order, rows that happen to be byte-identical kept apart. No sidecar can fall out of step with it.
//
// A row without a place (an original Kronometrix sender) is deduped on its text, as those senders
// resend whole rows and never write two equal ones: the hashes of the file's lines are read when
// such a row first comes.
//
// Everything done to one file goes through its own promise chain, so the checks and the append
// never interleave. Rows that arrive while the file is busy wait together and go out as one write
// of whole lines (and, with --fsync always, one sync): a group commit, so that many senders writing
// one file are not served one disk round trip at a time. Each is answered only once its write (and
// sync) is done. A write that fails is undone to the file's last whole row before the next.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { prepareRawFile, rawFileName } from '../output/raw-file.js';
import { firstLineOf } from '../output/day-file-layout.js';
import { describeSystemError } from '../core/errors.js';

export type FsyncMode = 'always' | 'interval';
export type StoreResult = 'stored' | 'duplicate';

/** Files kept open at most; beyond that the least recently used idle one is closed. */
const MAX_OPEN = 64;
/** A file untouched this long is closed; reopening counts its lines again. */
const IDLE_MS = 10 * 60_000;
/** How long a row ahead of a gap waits for the rows before it, and how many may wait per file. */
export const HOLD_MS = 5000;
export const MAX_HELD = 1024;
/** The last rows whose text is kept, to tell a resend from another sender's row of the same place. */
const RECENT = 1024;

/** Why a row was not stored, for the HTTP answer: 503 (try again) or 409 (another sender's row). */
export class StoreRefusal extends Error {
  constructor(readonly status: 409 | 503, message: string) {
    super(message);
  }
}

interface Waiting {
  header: string;
  line: string;
  /** The row's number in the file; undefined for a row without a place. */
  row?: number;
  resolve: (result: StoreResult) => void;
  reject: (err: Error) => void;
}

interface Held extends Waiting {
  row: number;
  timer: NodeJS.Timeout;
}

interface DayFile {
  path: string;
  /** Rows waiting for the next write, in arrival order; a write is queued when the first comes. */
  waiting: Waiting[];
  /** Rows that came ahead of a gap, by row number. */
  held: Map<number, Held[]>;
  handle?: FileHandle;
  /** Its header line (newline included), while it is open: rows of another layout go elsewhere. */
  header?: string;
  /** Rows (lines after the header) in the file, while it is open. */
  rows?: number;
  /** Its size, while open: a failed write is cut back to it. */
  size?: number;
  /** Hashes of the last RECENT rows, by row number. */
  recent?: Map<number, string>;
  /** Hashes of every line, read when the first row without a place comes. */
  seen?: Set<string>;
  queue: Promise<unknown>;
  /** Operations queued and not yet done: a file is closed only when there are none. */
  pending: number;
  dirty: boolean;
  lastUsed: number;
  /** What went wrong at the last write, to name the cause when the file is repaired. */
  lastFault?: string;
}

/** 128 bits of sha256: a collision among a day's rows is out of reach, at a third of a line's memory. */
function lineKey(line: string): string {
  return createHash('sha256').update(line).digest().subarray(0, 16).toString('base64');
}

/** Streams the file's lines: their count after the header, and the hashes of the last RECENT. */
async function countRows(path: string, keepAll: boolean): Promise<{ rows: number; recent: Map<number, string>; seen?: Set<string> }> {
  const recent = new Map<number, string>();
  const seen = keepAll ? new Set<string>() : undefined;
  let lines = 0;
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    for (const l of parts) {
      lines++;
      if (lines === 1) continue; // the header
      const key = lineKey(l);
      seen?.add(key);
      recent.set(lines - 1, key);
      if (recent.size > RECENT) recent.delete(lines - 1 - RECENT);
    }
  }
  return { rows: Math.max(0, lines - 1), recent, seen };
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

export interface StoreModes {
  /** Of the data source directories. */
  dir: number;
  /** Of the day files. */
  file: number;
}

export class RowStore {
  private readonly files = new Map<string, DayFile>();
  private readonly timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(
    private readonly dataDir: string,
    private readonly fsync: FsyncMode,
    private readonly log: (line: string) => void,
    private readonly modes: StoreModes = { dir: 0o750, file: 0o640 },
    /** How long a row ahead of a gap waits. */
    private readonly holdMs = HOLD_MS,
  ) {
    if (fsync === 'interval') this.timers.push(setInterval(() => this.syncDirty(), 1000).unref());
    this.timers.push(setInterval(() => this.closeIdle(Date.now() - IDLE_MS), 60_000).unref());
  }

  /** The file of a row without a place: by its date, as the recorder names its files. */
  pathOf(dsid: string, recorder: string, epochMs: number): string {
    return join(this.dataDir, dsid, rawFileName(recorder, epochMs));
  }

  /** The file a sender names; dsid and file name must already be checked, they make the path. */
  pathAt(dsid: string, file: string): string {
    return join(this.dataDir, dsid, file);
  }

  /** Whether the file is open here or exists: a write to it creates nothing. */
  isOpen(path: string): boolean {
    return this.files.has(path);
  }

  /**
   * Stores one CSV line (newline included). With `row`, as the file's row of that number, once and
   * in order (a row ahead of a gap waits for it, HOLD_MS at most); without, unless the file holds
   * the same line already. Rejects with StoreRefusal when the row cannot be stored now.
   */
  store(path: string, header: string, line: string, row?: number): Promise<StoreResult> {
    if (this.closed) return Promise.reject(new StoreRefusal(503, 'the collector is shutting down'));
    const file = this.fileFor(path);
    return new Promise((resolve, reject) => {
      if (file.waiting.length === 0) this.run(file, () => this.writeWaiting(file)).catch(() => {});
      file.waiting.push({ header, line, row, resolve, reject });
    });
  }

  /** Writes every row waiting for the file that it can take now, in one append. */
  private async writeWaiting(file: DayFile): Promise<void> {
    const rows = file.waiting;
    file.waiting = [];
    try {
      if (file.handle === undefined) await this.open(file, rows[0].header, rows.some((r) => r.row === undefined));
      if (file.seen === undefined && rows.some((r) => r.row === undefined)) {
        file.seen = (await countRows(file.path, true)).seen;
      }
    } catch (err) {
      const failure = new StoreRefusal(503, `cannot open ${file.path}: ${describeSystemError(err)}`);
      await this.drop(file);
      for (const r of rows) r.reject(failure);
      return;
    }
    const done: { w: Waiting; result: StoreResult }[] = [];
    let text = '';
    let count = file.rows!;
    const append = (w: Waiting) => {
      const key = lineKey(w.line.slice(0, -1));
      text += w.line;
      count++;
      file.recent!.set(count, key);
      file.recent!.delete(count - RECENT);
      file.seen?.add(key);
      done.push({ w, result: 'stored' });
    };
    for (const w of rows) {
      if (w.header !== file.header) {
        w.reject(new StoreRefusal(409, `${file.path} holds rows of another layout: its header is not the one of a row of this field count`));
        continue;
      }
      if (w.row === undefined) {
        if (file.seen!.has(lineKey(w.line.slice(0, -1)))) done.push({ w, result: 'duplicate' });
        else append(w);
      } else if (w.row <= count) {
        // A resend, unless another sender's row was stored at that place (two hosts sharing one
        // machine id would otherwise lose each other's rows without a word).
        const stored = file.recent!.get(w.row);
        if (stored !== undefined && stored !== lineKey(w.line.slice(0, -1))) {
          w.reject(new StoreRefusal(409, `row ${w.row} of ${file.path} holds another row: two senders share this data source (a cloned machine id?)`));
        } else {
          done.push({ w, result: 'duplicate' });
        }
      } else {
        this.hold(file, w as Waiting & { row: number });
      }
      // Rows that waited for this one can follow it now.
      for (let next = file.held.get(count + 1); next !== undefined; next = file.held.get(count + 1)) {
        file.held.delete(count + 1);
        next.forEach((h, i) => {
          clearTimeout(h.timer);
          if (i === 0) append(h);
          else done.push({ w: h, result: 'duplicate' });
        });
      }
    }
    try {
      if (text !== '') {
        await writeAll(file.handle!, Buffer.from(text));
        if (this.fsync === 'always') await file.handle!.sync();
        else file.dirty = true;
        file.size! += Buffer.byteLength(text);
        file.rows = count;
      }
      for (const { w, result } of done) w.resolve(result);
    } catch (err) {
      // What was written of the batch goes: the next open cuts the file back to its last whole row
      // before it, and the rows are sent again.
      file.lastFault = describeSystemError(err);
      await this.undo(file);
      const failure = new StoreRefusal(503, `cannot store a row in ${file.path}: ${file.lastFault}`);
      for (const { w } of done) w.reject(failure);
    }
  }

  /** Keeps a row that came ahead of a gap until the rows before it come, or HOLD_MS have passed. */
  private hold(file: DayFile, w: Waiting & { row: number }): void {
    let heldCount = 0;
    for (const list of file.held.values()) heldCount += list.length;
    if (heldCount >= MAX_HELD || w.row > file.rows! + MAX_HELD) {
      w.reject(new StoreRefusal(503, `row ${w.row} is far ahead of row ${file.rows! + 1} of ${file.path}`));
      return;
    }
    const timer = setTimeout(() => {
      const list = file.held.get(w.row);
      const i = list?.indexOf(held) ?? -1;
      if (i < 0) return;
      list!.splice(i, 1);
      if (list!.length === 0) file.held.delete(w.row);
      w.reject(new StoreRefusal(503, `row ${w.row} came ahead of row ${(file.rows ?? 0) + 1}, which has not come`));
    }, this.holdMs);
    timer.unref();
    const held: Held = { ...w, timer };
    file.held.set(w.row, [...(file.held.get(w.row) ?? []), held]);
  }

  /** Waits for every queued write, syncs and closes every file; rows still held are told to come again. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    for (const f of this.files.values()) {
      for (const list of f.held.values()) {
        for (const h of list) {
          clearTimeout(h.timer);
          h.reject(new StoreRefusal(503, 'the collector is shutting down'));
        }
      }
      f.held.clear();
    }
    await Promise.all([...this.files.values()].map((f) => this.run(f, () => this.release(f))));
    this.files.clear();
  }

  private fileFor(path: string): DayFile {
    let file = this.files.get(path);
    if (file !== undefined) this.files.delete(path); // re-inserted last: the Map is in LRU order
    else if (this.files.size >= MAX_OPEN) this.closeIdle(Infinity, this.files.size - MAX_OPEN + 1);
    file ??= { path, waiting: [], held: new Map(), queue: Promise.resolve(), pending: 0, dirty: false, lastUsed: 0 };
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

  private async open(file: DayFile, header: string, keepAll: boolean): Promise<void> {
    const dir = dirname(file.path);
    const created = await mkdir(dir, { recursive: true, mode: this.modes.dir });
    const removed = prepareRawFile(file.path, header, this.modes.file);
    // The file's own header, as found: a row is stored only under the header of its layout.
    file.header = `${firstLineOf(file.path) ?? ''}\n`;
    if (removed > 0) {
      this.log(`${file.path}: removed a torn last line (${removed} bytes) left by ` +
        (file.lastFault ? `a write that failed (${file.lastFault})` : 'a write cut short (a crash, or a disk that filled)'));
    }
    const counted = await countRows(file.path, keepAll);
    file.rows = counted.rows;
    file.recent = counted.recent;
    file.seen = counted.seen;
    file.handle = await open(file.path, 'a');
    file.size = (await file.handle.stat()).size;
    if (this.fsync === 'always') {
      if (created !== undefined) await syncDir(dirname(created));
      await syncDir(dir);
    }
  }

  /** After a failed write: cut the file back to the rows it held before, and close it. */
  private async undo(file: DayFile): Promise<void> {
    try {
      if (file.handle !== undefined && file.size !== undefined) await file.handle.truncate(file.size);
    } catch {
      // the next open cuts a torn last line at least; whole rows beyond it are counted as stored
    }
    await this.drop(file);
  }

  /** Syncs and closes the file. */
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
    file.rows = undefined;
    file.size = undefined;
    file.recent = undefined;
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
      if (file.pending > 0 || file.held.size > 0 || file.lastUsed >= before) continue;
      // Nothing is queued, so a request that comes now starts a fresh entry that rereads the file,
      // which already holds every line written through this one.
      this.files.delete(file.path);
      limit--;
      this.release(file).catch(() => {});
    }
  }
}
