// Daily raw files: <dir>/<recorder>-YYYY-MM-DD.csv by the UTC date of each sample, each beginning
// with the header line, never mixing two layouts (day-file-layout.ts). Lines are appended from a
// queue: a slow disk delays the queue, never the next sample. Samples that queued up behind a slow
// write go out together in the next one, so the file catches up in one write rather than one per
// sample; the slowest write is kept for the record.
import { closeSync, fstatSync, accessSync, constants, openSync, readSync, ftruncateSync, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { RuntimeError, SystemFault, UsageError, describeSystemError } from '../core/errors.js';
import { warnOnce } from '../core/warn.js';
import { makeDirectory } from './make-directory.js';
import { rawFileName, utcDay } from './day-file-name.js';
import { dayFileToAppend, type ChoiceOptions } from './day-file-layout.js';
import type { Sink } from './sink.js';

// The names are day-file-name.ts's; exported here too, where their users have always found them.
export { utcDay, rawFileName };

/**
 * Makes a file ready for appending whole lines: a torn last line left by a crash is cut off, and
 * an empty file gets the header. Returns the bytes removed. Synchronous: it runs once per day.
 */
export function prepareRawFile(path: string, header: string, mode = 0o666): number {
  // The mode is that of a file created here (less the umask); an existing file keeps its own.
  const fd = openSync(path, 'a+', mode);
  try {
    let size = fstatSync(fd).size;
    let removed = 0;
    if (size > 0) {
      const keep = lengthOfWholeLines(fd, size);
      if (keep < size) {
        ftruncateSync(fd, keep);
        removed = size - keep;
        size = keep;
      }
    }
    if (size === 0) writeSync(fd, header);
    return removed;
  } finally {
    closeSync(fd);
  }
}

/** Offset just past the last newline: everything before it is whole lines. */
function lengthOfWholeLines(fd: number, size: number): number {
  const chunk = Buffer.alloc(Math.min(size, 64 * 1024));
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - chunk.length);
    const n = readSync(fd, chunk, 0, end - start, start);
    const nl = chunk.subarray(0, n).lastIndexOf(0x0a);
    if (nl >= 0) return start + nl + 1;
    end = start;
  }
  return 0;
}

/** Creates the log directory if missing and checks that it can be written; RuntimeError if not. */
export function ensureLogDir(dir: string): void {
  try {
    makeDirectory(dir);
  } catch (err) {
    throw new SystemFault(`cannot create log directory ${dir}: ${describeSystemError(err)}`, err);
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new RuntimeError(`cannot write to log directory ${dir}: ${describeSystemError(err)}`);
  }
}

/** What a sink could not write since the last time it was asked, for sdrrec. */
export interface WriteFaults {
  /** Writes that failed (each is tried again). */
  errors: number;
  /** Samples given up: the disk stayed unwritable while more than MAX_QUEUED_BYTES waited. */
  dropped: number;
  /** The last fault, in words; undefined when every write went. */
  fault?: string;
}

/** Rows kept in memory while the disk refuses them; beyond this the oldest samples are given up. */
export const MAX_QUEUED_BYTES = 16 * 1024 * 1024;
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30_000;
const REPORT_EVERY_MS = 60_000;
/** How long close() keeps trying to write what waits before it gives up on it. */
const CLOSE_PATIENCE_MS = 3000;

interface Batch {
  day: string;
  epochMs: number;
  text: string;
  samples: number;
  written: Promise<void>;
  settle: () => void;
  /** Being written, or tried and to be tried again: no sample joins it any more. */
  sealed?: boolean;
}

export interface SinkOptions extends ChoiceOptions {
  /** Where faults and recoveries are told (default: a warning on stderr). */
  report?: (message: string) => void;
}

/**
 * A disk that refuses a write (full, read-only, failing) does not end the recording: the rows wait
 * in memory, what the failed write left of them is cut off the file, and the write is tried again
 * with a growing pause (1 s to 30 s), reported once and then once a minute, until the disk takes
 * them; nothing already in the file is touched. Only a choice the user must make (another
 * delimiter: a UsageError) ends it.
 */
export class RawFileSink implements Sink {
  failure: Error | undefined;
  /** The slowest write so far, in milliseconds. */
  slowestWriteMs = 0;
  private slowestSinceTaken = 0;
  private slowestFile = '';
  private day = '';
  /** The file of `day` the rows go to. */
  private path = '';
  private handle: FileHandle | undefined;
  /** The size of `path` after the last write that went: a failed one is cut back to it. */
  private size: number | undefined;
  /** Samples queued and not yet being written, in order, each batch for one day's file. */
  private readonly waiting: Batch[] = [];
  private queuedBytes = 0;
  private pumping: Promise<void> | undefined;
  private closing = false;
  private readonly faults: WriteFaults = { errors: 0, dropped: 0 };
  private faultSince: number | undefined;
  private lastReport = 0;
  private readonly report: (message: string) => void;

  constructor(
    private readonly dir: string,
    private readonly recorder: string,
    private readonly header: string,
    private readonly choice: SinkOptions = {},
  ) {
    this.report = choice.report ?? warnOnce;
  }

  /** Creates the directory and prepares today's file now, so a bad directory fails before sampling. */
  open(nowMs = Date.now()): void {
    ensureLogDir(this.dir);
    this.prepare(nowMs);
  }

  /** The day's file, before the choice of day-file-layout.ts is made: for messages. */
  private pathFor(epochMs: number): string {
    return `${this.dir}/${rawFileName(this.recorder, epochMs)}`;
  }

  /** Chooses the file of the day of epochMs and makes it ready; returns its path. */
  private prepare(epochMs: number): string {
    let path = this.pathFor(epochMs);
    try {
      const choice = dayFileToAppend(this.dir, this.recorder, epochMs, this.header, this.choice);
      path = choice.path;
      if (choice.instead !== undefined) warnOnce(choice.instead);
      const removed = prepareRawFile(path, this.header);
      if (removed > 0) {
        warnOnce(`${path}: removed a torn last line (${removed} bytes) left by ` +
          (this.faultSince !== undefined ? 'a write that failed' : 'an earlier crash or a disk that filled'));
      }
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new RuntimeError(`cannot write raw file ${path}: ${describeSystemError(err)}`);
    }
    return path;
  }

  write(epochMs: number, text: string): Promise<void> {
    if (this.failure) return Promise.resolve();
    const day = utcDay(epochMs);
    const last = this.waiting[this.waiting.length - 1];
    this.queuedBytes += text.length;
    // Joins the samples already waiting for the same day's file: one write for all of them.
    if (last !== undefined && last.day === day && !last.sealed) {
      last.text += text;
      last.samples++;
      this.dropOldestBeyondLimit();
      return last.written;
    }
    let settle!: () => void;
    const written = new Promise<void>((resolve) => (settle = resolve));
    this.waiting.push({ day, epochMs, text, samples: 1, written, settle });
    this.dropOldestBeyondLimit();
    this.pumping ??= this.pump().finally(() => (this.pumping = undefined));
    return written;
  }

  /** While the disk refuses the rows, memory is bounded: the oldest waiting samples are given up. */
  private dropOldestBeyondLimit(): void {
    // The batch being written stays; the oldest of those behind it goes.
    while (this.queuedBytes > MAX_QUEUED_BYTES && this.waiting.length > 2) {
      const oldest = this.waiting.splice(this.waiting[0].sealed ? 1 : 0, 1)[0];
      this.queuedBytes -= oldest.text.length;
      this.faults.dropped += oldest.samples;
      oldest.settle();
      this.tell(`${this.recorder}: ${oldest.samples} sample(s) of ${oldest.day} given up: ` +
        `the disk has refused the rows since ${new Date(this.faultSince ?? Date.now()).toISOString()}, and more than ` +
        `${MAX_QUEUED_BYTES / 1024 / 1024} MiB wait`, true);
    }
  }

  /** Writes the waiting batches in order, each until the disk takes it. */
  private async pump(): Promise<void> {
    let pause = RETRY_FIRST_MS;
    let closingSince: number | undefined;
    while (this.waiting.length > 0 && this.failure === undefined) {
      const batch = this.waiting[0];
      // A batch tried again takes the samples of its day that queued behind it: one write for all.
      while (batch.sealed && this.waiting.length > 1 && this.waiting[1].day === batch.day) {
        const next = this.waiting.splice(1, 1)[0];
        batch.text += next.text;
        batch.samples += next.samples;
        const settle = batch.settle;
        batch.settle = () => {
          settle();
          next.settle();
        };
      }
      batch.sealed = true;
      try {
        await this.append(batch.epochMs, batch.text);
      } catch (err) {
        if (err instanceof UsageError) {
          this.failure = err;
          break;
        }
        this.faults.errors++;
        const fault = (err as RuntimeError).message ?? describeSystemError(err);
        this.faults.fault = fault;
        const first = this.faultSince === undefined;
        this.faultSince ??= Date.now();
        await this.undo();
        this.tell(`${fault}; ${this.queuedRows()} kept in memory, trying again`, first);
        if (this.closing) {
          closingSince ??= Date.now();
          if (Date.now() - closingSince >= CLOSE_PATIENCE_MS) break;
        }
        await new Promise((resolve) => setTimeout(resolve, this.closing ? 500 : pause));
        pause = Math.min(RETRY_MAX_MS, pause * 2);
        continue;
      }
      this.waiting.shift();
      this.queuedBytes -= batch.text.length;
      batch.settle();
      pause = RETRY_FIRST_MS;
      if (this.faultSince !== undefined) {
        this.tell(`${this.path}: written again (the disk refused the rows from ${new Date(this.faultSince).toISOString()})`, true);
        this.faultSince = undefined;
      }
    }
  }

  private queuedRows(): string {
    let lines = 0;
    for (const b of this.waiting) for (let i = b.text.indexOf('\n'); i >= 0; i = b.text.indexOf('\n', i + 1)) lines++;
    return `${lines} row${lines === 1 ? '' : 's'}`;
  }

  /** Reports a fault when it starts, then once a minute; `always` for what must be said each time. */
  private tell(message: string, always: boolean): void {
    const now = Date.now();
    if (!always && now - this.lastReport < REPORT_EVERY_MS) return;
    this.lastReport = now;
    this.report(message);
  }

  /** After a failed write: cut off what it left, close the file; the next attempt opens it anew. */
  private async undo(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    try {
      if (h !== undefined && this.size !== undefined) await h.truncate(this.size);
    } catch {
      // cut at the next open, which checks the size again
    }
    await h?.close().catch(() => {});
  }

  /** The faults since the last call; resets them. */
  takeFaults(): WriteFaults {
    const f = { ...this.faults };
    this.faults.errors = this.faults.dropped = 0;
    this.faults.fault = this.faultSince !== undefined ? this.faults.fault : undefined;
    return f;
  }

  /** The slowest write since the last call, and its file; resets both. */
  takeSlowestWrite(): { ms: number; file: string } {
    const slowest = { ms: this.slowestSinceTaken, file: this.slowestFile };
    this.slowestSinceTaken = 0;
    this.slowestFile = '';
    return slowest;
  }

  private async append(epochMs: number, text: string): Promise<void> {
    const day = utcDay(epochMs);
    if (day !== this.day || this.handle === undefined) {
      await this.handle?.close();
      this.handle = undefined;
      const path = this.prepare(epochMs);
      if (path !== this.path) this.size = undefined;
      this.path = path;
      this.handle = await open(this.path, 'a');
      const size = (await this.handle.stat()).size;
      // What a failed write left beyond the last whole write, whole lines among it, goes.
      if (this.size !== undefined && size > this.size) await this.handle.truncate(this.size);
      else this.size = size;
      this.day = day;
    }
    const started = performance.now();
    const bytes = Buffer.from(text);
    let done = 0;
    try {
      while (done < bytes.length) {
        const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done);
        done += bytesWritten;
      }
    } catch (err) {
      throw new RuntimeError(`cannot write raw file ${this.path}: ${describeSystemError(err)}`);
    }
    this.size = (this.size ?? 0) + bytes.length;
    const took = performance.now() - started;
    this.slowestWriteMs = Math.max(this.slowestWriteMs, took);
    if (took >= this.slowestSinceTaken) {
      this.slowestSinceTaken = took;
      this.slowestFile = this.path.slice(this.dir.length + 1);
    }
  }

  /** Resolves when every line handed over so far is written (or given up). */
  async flush(): Promise<void> {
    while (this.pumping !== undefined) await this.pumping;
  }

  /**
   * Writes what waits, trying a few seconds more on a refusing disk; what still cannot be written
   * then is lost, and the failure says how many rows.
   */
  async close(): Promise<void> {
    this.closing = true;
    await this.flush();
    if (this.waiting.length > 0 && this.failure === undefined) {
      const rows = this.queuedRows();
      this.faults.dropped += this.waiting.reduce((n, b) => n + b.samples, 0);
      for (const b of this.waiting.splice(0)) b.settle();
      this.failure = new RuntimeError(`${this.faults.fault ?? 'cannot write raw file'}: ${rows} could not be written and are lost`);
    }
    await this.handle?.close();
    this.handle = undefined;
  }
}
