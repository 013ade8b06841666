// The rows a recorder wrote over a period, read back from its day files: only the files that can
// hold rows of the period (the name gives the UTC day), as a stream (gzipped days through zlib), so
// memory stays that of one line however large a file is. Columns are found by name in each file's
// own header, so a file written by an older sdr with fewer columns still reads (its missing columns
// read as empty). A torn last line is left out; a line that is not a row is counted and skipped.
import { readdirSync } from 'node:fs';
import { splitCsvLine, delimiterOf } from './raw-reader.js';
import { lineChunks } from './line-source.js';
import { dayFilesOf, utcDay } from '../output/day-file-name.js';
import { RuntimeError, describeSystemError } from '../core/errors.js';

/** One row: its timestamp (epoch seconds), its fields, and where each column of its file is. */
export interface RecordedRow {
  timestamp: number;
  fields: string[];
  /** Column name -> index in `fields`, from the header of the row's file. */
  columns: ReadonlyMap<string, number>;
  /** The file it came from. */
  file: string;
}

export interface ReadProblems {
  /** Lines that are not rows: no number as timestamp, or broken quoting. */
  skipped: number;
  /** Files that could not be read to their end, with the reason. */
  unreadable: string[];
}

/**
 * The day files of `recorder` in `dir` that can hold rows from `since` (epoch seconds) to before
 * `until`, oldest first, as the sender lists them. RuntimeError when the directory cannot be listed.
 */
export function dayFilesBetween(dir: string, recorder: string, since: number, until = Infinity): string[] {
  const firstDay = utcDay(since * 1000);
  const lastDay = Number.isFinite(until) ? utcDay(until * 1000) : '9999-12-31';
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    // Not "no rows": the rows may be there, behind a permission.
    throw new RuntimeError(`cannot read log directory ${dir}: ${describeSystemError(err)}`);
  }
  return dayFilesOf(names, recorder)
    .filter((name) => {
      const day = name.slice(recorder.length + 1, recorder.length + 11);
      return day >= firstDay && day <= lastDay;
    })
    .map((name) => `${dir}/${name}`);
}

/** The whole lines of a file, gunzipped when its name ends in .gz; a torn last line is left out. */
async function* linesOf(path: string): AsyncGenerator<string> {
  for await (const lines of lineChunks(path, 0)) {
    for (const { text } of lines) yield text.endsWith('\r') ? text.slice(0, -1) : text;
  }
}

/** The rows of `files` stamped from `since` to before `until`, in file order. */
export async function* recordedRows(files: string[], since: number, until: number, problems: ReadProblems): AsyncGenerator<RecordedRow> {
  for (const file of files) {
    let columns: Map<string, number> | undefined;
    let delimiter = ',';
    try {
      for await (const line of linesOf(file)) {
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
        if (timestamp < since || timestamp >= until) continue;
        yield { timestamp, fields, columns, file };
      }
    } catch (err) {
      problems.unreadable.push(`${file}: ${(err as Error).message}`);
    }
  }
}
