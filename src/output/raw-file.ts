// Daily raw files: <dir>/<recorder>-YYYY-MM-DD.csv by the UTC date of each sample, each beginning
// with the header line, never mixing two layouts (day-file-layout.ts). Lines are appended from a
// queue: a slow disk delays the queue, never the next sample. Samples that queued up behind a slow
// write go out together in the next one, so the file catches up in one write rather than one per
// sample; the slowest write is kept for the record.
import { closeSync, fstatSync, accessSync, constants, openSync, readSync, ftruncateSync, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { RuntimeError, UsageError, describeSystemError } from '../core/errors.js';
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
    throw new RuntimeError(`cannot create log directory ${dir}: ${describeSystemError(err)}`);
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new RuntimeError(`cannot write to log directory ${dir}: ${describeSystemError(err)}`);
  }
}

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
  private queue: Promise<void> = Promise.resolve();
  /** Samples queued and not yet being written, in order, each batch for one day's file. */
  private readonly waiting: { day: string; epochMs: number; text: string; written: Promise<void> }[] = [];

  constructor(
    private readonly dir: string,
    private readonly recorder: string,
    private readonly header: string,
    private readonly choice: ChoiceOptions = {},
  ) {}

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
      if (removed > 0) warnOnce(`${path}: removed a torn last line (${removed} bytes) left by an earlier crash`);
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
    // Joins the samples already waiting for the same day's file: one write for all of them.
    if (last !== undefined && last.day === day) {
      last.text += text;
      return last.written;
    }
    const batch = { day, epochMs, text, written: Promise.resolve() };
    this.waiting.push(batch);
    batch.written = this.queue = this.queue.then(() => {
      this.waiting.splice(this.waiting.indexOf(batch), 1);
      return this.append(batch.epochMs, batch.text);
    }).catch((err) => {
      this.failure ??= err instanceof RuntimeError || err instanceof UsageError ? err
        : new RuntimeError(`cannot write raw file ${this.pathFor(epochMs)}: ${describeSystemError(err)}`);
    });
    return batch.written;
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
      this.path = this.prepare(epochMs);
      this.handle = await open(this.path, 'a');
      this.day = day;
    }
    const started = performance.now();
    const bytes = Buffer.from(text);
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done);
      done += bytesWritten;
    }
    const took = performance.now() - started;
    this.slowestWriteMs = Math.max(this.slowestWriteMs, took);
    if (took >= this.slowestSinceTaken) {
      this.slowestSinceTaken = took;
      this.slowestFile = this.path.slice(this.dir.length + 1);
    }
  }

  /** Resolves when every line handed over so far is written. */
  flush(): Promise<void> {
    return this.queue;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.handle?.close();
    this.handle = undefined;
  }
}
