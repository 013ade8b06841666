// RFC 4180 lines through csv-stringify: a field holding the delimiter, a quote or a line break is
// quoted, so any reader of CSV (R's read.csv, Python's csv) gets it back whole.
import { stringify } from 'csv-stringify/sync';

export function csvLines(records: string[][], delimiter: string): string {
  return stringify(records, { delimiter, record_delimiter: 'unix' });
}
