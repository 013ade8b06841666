// Raw lines. With a comma (the default) or another delimiter, RFC 4180 through csv-stringify: a
// field is quoted only when it holds the delimiter, a double quote or a line break, so any reader
// of CSV (R's read.csv, Python's csv, awk -F with the delimiter) gets it back whole. A blank needs
// no quotes: "Intel(R) Xeon(R) CPU" is one field to every CSV reader. With ':' the original
// recorders' colon format (colon.ts): nothing quoted, ':' and '%' percent-encoded as on the wire.
// Numbers never hold any of those.
import { stringify } from 'csv-stringify/sync';
import { colonLine } from './colon.js';

const NEEDS_QUOTES = /["\r\n]/;

/** True when no field needs quoting: then a line is the fields joined, as csv-stringify would write it. */
function plain(record: string[], delimiter: string): boolean {
  return record.every((f) => !NEEDS_QUOTES.test(f) && !f.includes(delimiter));
}

export function csvLines(records: string[][], delimiter: string): string {
  if (delimiter === ':') return records.map(colonLine).join('');
  // Rows of numbers, nearly all of them, skip csv-stringify's per-call set-up (a busy collector
  // spent a sixth of its time there).
  if (records.every((r) => plain(r, delimiter))) return records.map((r) => `${r.join(delimiter)}\n`).join('');
  return stringify(records, { delimiter, record_delimiter: 'unix' });
}
