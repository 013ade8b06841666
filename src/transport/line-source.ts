// Whole lines of a raw day file from a byte offset, in bounded chunks, whether the file is plain
// (being appended to, perhaps) or gzipped by `sdr run`'s compressAfterDays. Offsets always count
// bytes of the plain text, so a position saved before a file was compressed holds after it.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { readLines, type Line } from './raw-reader.js';

export const isGzipped = (path: string): boolean => path.endsWith('.gz');

function missing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Plain text of a .gz file as it is decompressed, from its start. */
function gunzipped(path: string): AsyncIterable<Buffer> {
  return createReadStream(path).pipe(createGunzip());
}

/**
 * Chunks of whole lines from `offset`. A plain file is read up to its end as it is now; a last line
 * without its newline is left for later. A file that vanishes (compressed or removed meanwhile)
 * ends the chunks: the caller lists the day files again.
 */
export async function* lineChunks(path: string, offset: number): AsyncGenerator<Line[]> {
  if (!isGzipped(path)) {
    for (let at = offset; ;) {
      let lines: Line[];
      try {
        lines = readLines(path, at).lines;
      } catch (err) {
        if (missing(err)) return;
        throw err;
      }
      if (lines.length === 0) return;
      at = lines[lines.length - 1].end;
      yield lines;
    }
  }
  let base = 0; // plain offset of rest[0]
  let rest = Buffer.alloc(0);
  try {
    for await (const chunk of gunzipped(path)) {
      let buf = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
      if (base + buf.length <= offset) {
        base += buf.length;
        rest = Buffer.alloc(0);
        continue;
      }
      if (base < offset) {
        buf = buf.subarray(offset - base);
        base = offset;
      }
      const lines: Line[] = [];
      let start = 0;
      for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) {
        lines.push({ text: buf.toString('utf8', start, i), end: base + i + 1 });
        start = i + 1;
      }
      rest = Buffer.from(buf.subarray(start));
      base += start;
      if (lines.length > 0) yield lines;
    }
  } catch (err) {
    if (missing(err)) return;
    throw err;
  }
}

/**
 * The whole lines of a file from its start, as big strings (each a run of whole lines, the last
 * with its newline), decoded once per chunk rather than once per line: for readers of millions of
 * lines. A torn last line is left out; gzipped files are read through zlib.
 */
export async function* textChunks(path: string, chunkBytes = 1 << 20): AsyncGenerator<string> {
  const source: AsyncIterable<Buffer> = isGzipped(path) ? gunzipped(path) : createReadStream(path, { highWaterMark: chunkBytes });
  let rest: Buffer | undefined;
  try {
    for await (const chunk of source) {
      const buf = rest === undefined ? chunk : Buffer.concat([rest, chunk]);
      const last = buf.lastIndexOf(0x0a);
      if (last < 0) {
        rest = buf;
        continue;
      }
      rest = last + 1 < buf.length ? Buffer.from(buf.subarray(last + 1)) : undefined;
      yield buf.toString('utf8', 0, last + 1);
    }
  } catch (err) {
    if (missing(err)) return;
    throw err;
  }
}

/** The header line of a raw file, or undefined when it has none yet. */
export async function firstLine(path: string): Promise<string | undefined> {
  if (!isGzipped(path)) {
    // A few KiB, not a whole chunk of lines: a caught-up sender asks this every second.
    try {
      return readLines(path, 0, 4096).lines[0]?.text;
    } catch (err) {
      if (missing(err)) return undefined;
      throw err;
    }
  }
  for await (const lines of lineChunks(path, 0)) return lines[0].text;
  return undefined;
}

/** Whole lines after `offset`, counted by their newlines as the bytes stream by (no strings made). */
export async function countLinesAfter(path: string, offset: number): Promise<number> {
  const gz = isGzipped(path);
  let count = 0;
  let at = gz ? 0 : offset;
  try {
    for await (const chunk of gz ? gunzipped(path) : createReadStream(path, { start: offset })) {
      const buf = chunk as Buffer;
      const from = Math.max(0, offset - at);
      at += buf.length;
      for (let i = buf.indexOf(0x0a, from); i >= 0; i = buf.indexOf(0x0a, i + 1)) count++;
    }
  } catch (err) {
    if (!missing(err)) throw err;
  }
  return count;
}
