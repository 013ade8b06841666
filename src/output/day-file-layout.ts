// Which file of a day the rows go to. A file keeps one layout, the one its header line gives:
// rows are appended only to a file whose header is the LMO's, written with the same delimiter.
// A file of another layout (an older sdr's header, a colon file) is left as it is and the rows go
// to the next part of the day (output/day-file-name.ts), or, where the delimiter was the user's
// choice, the command is refused. Only the newest part of a day is ever appended to, so a day's
// rows stay in the order the sender reads its parts.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { rawFileName } from './day-file-name.js';

export type Layout = 'same' | 'other-delimiter' | 'other-header';

/** The delimiter of a header line: the character after "timestamp"; undefined if not a header. */
export function delimiterOfHeader(line: string): string | undefined {
  return line.startsWith('timestamp') && line.length > 9 ? line[9] : undefined;
}

/** How the first line of an existing file compares with the header (with its newline) to write. */
export function layoutAgainst(firstLine: string, header: string): Layout {
  const ours = header.replace(/\r?\n$/, '');
  if (firstLine === ours) return 'same';
  const theirs = delimiterOfHeader(firstLine);
  return theirs !== undefined && theirs !== delimiterOfHeader(ours) ? 'other-delimiter' : 'other-header';
}

/** A header is a few KiB at most; a file with no newline in this much has none. */
const HEADER_BYTES = 64 * 1024;

/**
 * The first whole line of a file; '' when it holds no whole line yet (empty, or a header torn by
 * a crash, which preparing the file replaces); undefined when it has no header line at all.
 */
export function firstLineOf(path: string): string | undefined {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(HEADER_BYTES);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const nl = buf.subarray(0, n).indexOf(0x0a);
    if (nl >= 0) return buf.toString('utf8', 0, nl);
    return n < buf.length ? '' : undefined;
  } finally {
    closeSync(fd);
  }
}

export interface DayFileChoice {
  path: string;
  /** Set when the rows go elsewhere than the day's newest file: why, for one warning. */
  instead?: string;
}

export interface ChoiceOptions {
  /** The delimiter was the user's choice (--delimiter): another one in the file is their mistake. */
  refuseOtherDelimiter?: boolean;
}

/** The file that takes the rows of the day of `epochMs`; UsageError for a delimiter refused. */
export function dayFileToAppend(dir: string, recorder: string, epochMs: number, header: string, o: ChoiceOptions = {}): DayFileChoice {
  const pathOf = (part: number) => `${dir}/${rawFileName(recorder, epochMs, part)}`;
  let part = 0;
  while (existsSync(pathOf(part + 1))) part++;
  const path = pathOf(part);
  if (!existsSync(path)) return { path };
  const first = firstLineOf(path);
  if (first === '') return { path };
  const layout = first === undefined ? 'other-header' : layoutAgainst(first, header);
  if (layout === 'same') return { path };
  const next = pathOf(part + 1);
  if (layout === 'other-delimiter') {
    const theirs = delimiterOfHeader(first!)!;
    const ours = delimiterOfHeader(header)!;
    if (o.refuseOtherDelimiter) {
      throw new UsageError(`${path} is delimited by '${theirs}', not '${ours}': give --delimiter '${theirs}' to append to it, or another --log-dir`);
    }
    return { path: next, instead: `${path} is delimited by '${theirs}', not '${ours}': writing to ${next} instead` };
  }
  return { path: next, instead: `${path} has another header than this sdr's ${recorder} (from an older sdr?): writing to ${next} instead` };
}
