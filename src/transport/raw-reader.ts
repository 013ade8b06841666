// Reading the raw files the recorders append to: the day files of a recorder in date order, and
// whole lines from an offset in bounded chunks, so memory does not grow with a backlog. A last
// line without its newline is still being written and is left for later.
import { openSync, readSync, closeSync, readdirSync, fstatSync } from 'node:fs';
import { dayFilesOf } from '../output/day-file-name.js';
import { splitColonLine } from '../output/colon.js';

/** A recorder's day files (output/day-file-name.ts), oldest first; none if the dir cannot be read. */
export function dayFiles(logDir: string, recorder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(logDir);
  } catch {
    return [];
  }
  return dayFilesOf(names, recorder);
}

export interface Line {
  text: string;
  /** Offset just past the line's newline. */
  end: number;
}

export interface Chunk {
  lines: Line[];
  /** Size of the file when read. */
  size: number;
}

const CHUNK_BYTES = 256 * 1024;

/** Whole lines from `offset`, at most about CHUNK_BYTES of them (one longer line is read whole). */
export function readLines(path: string, offset: number, maxBytes = CHUNK_BYTES): Chunk {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    let want = Math.min(maxBytes, size - offset);
    for (;;) {
      if (want <= 0) return { lines: [], size };
      const buf = Buffer.allocUnsafe(want);
      const n = readSync(fd, buf, 0, want, offset);
      const last = buf.subarray(0, n).lastIndexOf(0x0a);
      if (last < 0) {
        // One line longer than the chunk: read further, unless it is the unfinished last line.
        if (offset + n >= size) return { lines: [], size };
        want = Math.min(want * 2, size - offset);
        continue;
      }
      const lines: Line[] = [];
      let start = 0;
      for (let i = buf.indexOf(0x0a, 0); i >= 0 && i <= last; i = buf.indexOf(0x0a, i + 1)) {
        lines.push({ text: buf.toString('utf8', start, i), end: offset + i + 1 });
        start = i + 1;
      }
      return { lines, size };
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Splits one raw line as csvLines writes it: RFC 4180 quoting (fields holding the delimiter, a
 * quote or a line break), or with ':' the colon format, its fields percent-decoded.
 */
export function splitCsvLine(line: string, delimiter: string): string[] {
  if (delimiter === ':') return splitColonLine(line);
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted field');
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(value);
    } else {
      const d = line.indexOf(delimiter, i);
      fields.push(line.slice(i, d < 0 ? line.length : d));
      i = d < 0 ? line.length : d;
    }
    if (i >= line.length) return fields;
    if (line[i] !== delimiter) throw new Error(`unexpected '${line[i]}' after a quoted field`);
    i++;
    if (i === line.length) {
      fields.push('');
      return fields;
    }
  }
}

/** The delimiter of a raw file, from its header line: the character after "timestamp". */
export function delimiterOf(header: string): string {
  return header.startsWith('timestamp') && header.length > 9 ? header[9] : ',';
}
