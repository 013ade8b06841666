// xentop batch output: a header line naming the columns, then one line per domain, repeated for
// each iteration. Columns are found from the header, not from fixed positions, so the old 17-column
// header (Xen 3.x, without VBD_RSECT/VBD_WSECT) reads too. A line is read from the right: the name
// (which may hold spaces when xentop prints full names) is what is left of the columns, and
// MAXMEM(k) may be the two words "no limit".
import { RuntimeError } from '../../core/errors.js';
import type { XenDomain } from '../types.js';

/** Lines of interactive `xl top` and of -n/-x detail that are not domains: the summary, per-vif and per-vbd lines. */
const NOT_A_DOMAIN = /^\s*(xentop - |\d+ domains?:|Mem:|Swap:|Net\d+ |VBD )/;

function isHeader(line: string): boolean {
  return /^\s*NAME\s+STATE\s/.test(line);
}

/** Splits a domain line into its name and `count` values, reading from the right. */
function splitDomainLine(line: string, count: number): { name: string; values: string[] } | null {
  const tokens = [...line.matchAll(/\S+/g)];
  const values: string[] = [];
  let i = tokens.length - 1;
  while (values.length < count && i >= 0) {
    if (tokens[i][0] === 'limit' && i > 0 && tokens[i - 1][0] === 'no') {
      values.unshift('no limit');
      i -= 2;
    } else {
      values.unshift(tokens[i][0]);
      i -= 1;
    }
  }
  if (values.length < count || i < 0) return null;
  const name = line.slice(0, tokens[i + 1].index).trim();
  return name === '' ? null : { name, values };
}

/**
 * Every iteration of a capture, in order. Summary lines (interactive `xl top`) before a header are
 * passed over; a header, or a domain seen again, starts a new iteration. A domain line that does
 * not fit the header is an error naming it.
 */
export function parseXentop(text: string): XenDomain[][] {
  const iterations: XenDomain[][] = [];
  let columns: string[] | undefined;
  let current: XenDomain[] | undefined;
  text.split('\n').forEach((line, n) => {
    if (isHeader(line)) {
      columns = line.trim().split(/\s+/);
      current = [];
      iterations.push(current);
      return;
    }
    if (columns === undefined || line.trim() === '' || NOT_A_DOMAIN.test(line)) return;
    const split = splitDomainLine(line, columns.length - 1);
    if (split === null) throw new RuntimeError(`cannot parse xentop output line ${n + 1}: '${line.trim()}'`);
    if (current!.some((d) => d.name === split.name)) {
      current = [];
      iterations.push(current);
    }
    current!.push({ name: split.name, values: new Map(columns.slice(1).map((c, k) => [c, split.values[k]])) });
  });
  return iterations;
}
