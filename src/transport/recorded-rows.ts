// The rows a recorder wrote over a period, read back from its day files: only the files that can
// hold rows of the period (the name gives the UTC day), as a stream (gzipped days through zlib), so
// memory stays that of one line however large a file is. Columns are found by name in each file's
// own header, so a file written by an older sdr with fewer columns still reads (its missing columns
// read as empty). A torn last line is left out; a line that is not a row is counted and skipped.
import { readdirSync } from 'node:fs';
import { splitCsvLine, delimiterOf } from './raw-reader.js';
import { lineChunks, textChunks } from './line-source.js';
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

/** Lines of one file, a chunk at a time, with the columns and delimiter of the file's header. */
export interface LineBatch {
  file: string;
  columns: ReadonlyMap<string, number>;
  delimiter: string;
  lines: string[];
}

/**
 * The lines of the files after their headers, in file order, a chunk (256 KiB) at a time: for a
 * reader of millions of rows that parses only the fields it needs. A header seen again (a restart
 * that repaired the file) changes the columns of the lines after it.
 */
export async function* recordedLineBatches(files: string[], problems: ReadProblems): AsyncGenerator<LineBatch> {
  for (const file of files) {
    let batch: LineBatch | undefined;
    try {
      for await (const chunk of lineChunks(file, 0)) {
        for (const { text } of chunk) {
          const line = text.endsWith('\r') ? text.slice(0, -1) : text;
          if (batch === undefined || line.startsWith('timestamp')) {
            if (batch !== undefined && batch.lines.length > 0) yield batch;
            const delimiter = delimiterOf(line);
            batch = { file, delimiter, columns: new Map(splitCsvLine(line, delimiter).map((name, i) => [name, i])), lines: [] };
            continue;
          }
          if (line !== '') batch.lines.push(line);
        }
        if (batch !== undefined && batch.lines.length > 0) {
          yield batch;
          batch = { ...batch, lines: [] };
        }
      }
    } catch (err) {
      problems.unreadable.push(`${file}: ${(err as Error).message}`);
    }
  }
}

/**
 * The rows of `files` stamped from `since` to before `until`, in file order, a chunk of the file
 * at a time: a reader of many rows iterates them without an await each.
 */
export async function* recordedRowBatches(files: string[], since: number, until: number, problems: ReadProblems): AsyncGenerator<RecordedRow[]> {
  for await (const { file, columns, delimiter, lines } of recordedLineBatches(files, problems)) {
    const rows: RecordedRow[] = [];
    for (const line of lines) {
      let fields: string[];
      try {
        // Rows of numbers, nearly all of them, hold no quotes: a plain split reads them.
        fields = delimiter === ',' && !line.includes('"') ? line.split(',') : splitCsvLine(line, delimiter);
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
      rows.push({ timestamp, fields, columns, file });
    }
    if (rows.length > 0) yield rows;
  }
}

/** A run of whole lines of a file (the header among them when `first`), as one string. */
export interface TextChunk {
  file: string;
  text: string;
}

/** Every file's text, chunk by chunk, for a reader that scans lines in place (report/row-values.ts). */
export async function* recordedTexts(files: string[], problems: ReadProblems): AsyncGenerator<TextChunk> {
  for (const file of files) {
    try {
      for await (const text of textChunks(file)) yield { file, text };
    } catch (err) {
      problems.unreadable.push(`${file}: ${(err as Error).message}`);
    }
  }
}

/** The same, a row at a time. */
export async function* recordedRows(files: string[], since: number, until: number, problems: ReadProblems): AsyncGenerator<RecordedRow> {
  for await (const rows of recordedRowBatches(files, since, until, problems)) yield* rows;
}
