// The rows of sdrrec's raw files since a time: only the day files that can hold them (the name
// gives the UTC day), read as a stream (gzipped days through zlib), so memory stays that of one
// line however large a file is. Columns are found by name in each file's own header, so a file
// written by an older sdr with fewer columns still reads (its missing columns read as empty).
import { readdirSync, createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { splitCsvLine, delimiterOf } from '../transport/raw-reader.js';

export const SDRREC = 'sdrrec';

/** One row of sdrrec: the timestamp, and any column by name ('' when empty or not in the file). */
export interface SdrrecRow {
  timestamp: number;
  value(column: string): string;
}

const DAY_FILE = new RegExp(`^${SDRREC}-(\\d{4}-\\d{2}-\\d{2})\\.csv(\\.gz)?$`);

/** "2026-11-27", the UTC day of a time in epoch seconds. */
export function utcDay(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 10);
}

/**
 * The day files holding rows at or after `since`, oldest first. While a day is being compressed
 * both its .csv and its .csv.gz may exist; the .csv is whole, so it is the one read.
 */
export function sdrrecFilesSince(logDir: string, since: number): string[] {
  let names: string[];
  try {
    names = readdirSync(logDir);
  } catch {
    return [];
  }
  const firstDay = utcDay(since);
  const byDay = new Map<string, string>();
  for (const name of names) {
    const m = DAY_FILE.exec(name);
    if (m === null || m[1] < firstDay) continue;
    if (!byDay.has(m[1]) || m[2] === undefined) byDay.set(m[1], name);
  }
  return [...byDay.keys()].sort().map((day) => `${logDir}/${byDay.get(day)}`);
}

/** The whole lines of a file, gunzipped when its name ends in .gz. A last line without its newline is torn (or still being written) and left out. */
async function* linesOf(path: string): AsyncGenerator<string> {
  const file = createReadStream(path);
  let source: Readable = file;
  if (path.endsWith('.gz')) {
    const gunzip = createGunzip();
    file.on('error', (err) => gunzip.destroy(err));
    source = file.pipe(gunzip);
  }
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of source) {
    const lines = (rest + decoder.write(chunk as Buffer)).split('\n');
    rest = lines.pop()!;
    for (const line of lines) yield line.endsWith('\r') ? line.slice(0, -1) : line;
  }
}

export interface ReadProblems {
  /** Lines that are not rows: no number as timestamp, or broken quoting. */
  skipped: number;
  /** Files that could not be read to their end, with the reason. */
  unreadable: string[];
}

/** The rows of `files` with a timestamp at or after `since`, in file order. */
export async function* sdrrecRows(files: string[], since: number, problems: ReadProblems): AsyncGenerator<SdrrecRow> {
  for (const path of files) {
    let columns: Map<string, number> | undefined;
    let delimiter = ',';
    try {
      for await (const line of linesOf(path)) {
        if (columns === undefined || line.startsWith('timestamp')) {
          // The header: the first line, or again after a restart that repaired the file.
          delimiter = delimiterOf(line);
          columns = new Map(splitCsvLine(line, delimiter).map((name, i) => [name, i]));
          continue;
        }
        if (line === '') continue;
        let fields: string[];
        try {
          fields = splitCsvLine(line, delimiter);
        } catch {
          problems.skipped++;
          continue;
        }
        const timestamp = Number(fields[0]);
        if (fields[0] === '' || !Number.isFinite(timestamp)) {
          problems.skipped++;
          continue;
        }
        if (timestamp < since) continue;
        const at = columns;
        yield { timestamp, value: (column) => fields[at.get(column) ?? -1] ?? '' };
      }
    } catch (err) {
      problems.unreadable.push(`${path}: ${(err as Error).message}`);
    }
  }
}
