// The rows of sdrrec's raw files since a time, through the reader of any recorder's rows
// (transport/recorded-rows.ts), each column found by name in its file's own header.
import { SDRREC } from '../config/recorder-settings.js';
import { utcDay as utcDayOfMs } from '../output/day-file-name.js';
import { dayFilesBetween, recordedRows, type ReadProblems } from '../transport/recorded-rows.js';

export { SDRREC };
export type { ReadProblems };

/** One row of sdrrec: the timestamp, and any column by name ('' when empty or not in the file). */
export interface SdrrecRow {
  timestamp: number;
  value(column: string): string;
}

/** "2026-11-27", the UTC day of a time in epoch seconds. */
export function utcDay(epochSeconds: number): string {
  return utcDayOfMs(epochSeconds * 1000);
}

/** The day files holding rows at or after `since`, oldest first; RuntimeError when the directory cannot be listed. */
export function sdrrecFilesSince(logDir: string, since: number): string[] {
  return dayFilesBetween(logDir, SDRREC, since);
}

/** The rows of `files` with a timestamp at or after `since`, in file order. */
export async function* sdrrecRows(files: string[], since: number, problems: ReadProblems): AsyncGenerator<SdrrecRow> {
  for await (const row of recordedRows(files, since, Infinity, problems)) {
    const { fields, columns } = row;
    yield { timestamp: row.timestamp, value: (column) => fields[columns.get(column) ?? -1] ?? '' };
  }
}
