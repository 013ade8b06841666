// RFC 4180 lines through csv-stringify: a field holding the delimiter, a quote, a line break or a
// blank is quoted, so any reader of CSV (R's read.csv, Python's csv, awk splitting on blanks or a
// one-character delimiter) gets it back whole. Numbers never hold any of those.
import { stringify } from 'csv-stringify/sync';

const BLANK = /\s/;

export function csvLines(records: string[][], delimiter: string): string {
  return stringify(records, { delimiter, record_delimiter: 'unix', quoted_match: BLANK });
}
