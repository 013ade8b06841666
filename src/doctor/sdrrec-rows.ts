// The rows of sdrrec's raw files since a time: only the day files that can hold them (the name
// gives the UTC day), read as a stream (gzipped days through zlib), so memory stays that of one
// line however large a file is. Columns are found by name in each file's own header, so a file
// written by an older sdr with fewer columns still reads (its missing columns read as empty).
import { readdirSync } from 'node:fs';
import { splitCsvLine, delimiterOf } from '../transport/raw-reader.js';
import { dayFilesOf } from '../output/day-file-name.js';
import { lineChunks } from '../transport/line-source.js';
import { utcDay as utcDayOfMs } from '../output/day-file-name.js';
import { SDRREC } from '../config/recorder-settings.js';
import { RuntimeError, describeSystemError } from '../core/errors.js';

export { SDRREC };

/** One row of sdrrec: the timestamp, and any column by name ('' when empty or not in the file). */
export interface SdrrecRow {
  timestamp: number;
  value(column: string): string;
}

/** "2026-11-27", the UTC day of a time in epoch seconds. */
export function utcDay(epochSeconds: number): string {
  return utcDayOfMs(epochSeconds * 1000);
}

/**
 * The day files holding rows at or after `since`, oldest first, as the sender lists them (while
 * a day is being compressed both its .csv and its .csv.gz may exist; the .csv is whole, so it is
 * the one read). RuntimeError when the directory cannot be listed.
 */
export function sdrrecFilesSince(logDir: string, since: number): string[] {
  const firstDay = utcDay(since);
  let names: string[];
  try {
    names = readdirSync(logDir);
  } catch (err) {
    // Not "no sdrrec rows": the rows may be there, behind a permission.
    throw new RuntimeError(`cannot read log directory ${logDir}: ${describeSystemError(err)}`);
  }
  return dayFilesOf(names, SDRREC)
    .filter((name) => name.slice(SDRREC.length + 1, SDRREC.length + 11) >= firstDay)
    .map((name) => `${logDir}/${name}`);
}

/** The whole lines of a file, gunzipped when its name ends in .gz; a torn last line is left out. */
async function* linesOf(path: string): AsyncGenerator<string> {
  for await (const lines of lineChunks(path, 0)) {
    for (const { text } of lines) yield text.endsWith('\r') ? text.slice(0, -1) : text;
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
