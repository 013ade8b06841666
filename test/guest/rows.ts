// The raw files the guest brought back, read as a sysadmin would check them: rows in order, no
// timestamp (or device at a timestamp) twice, every line with the header's fields, and what the
// sender delivered to the collector beside what was recorded.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitCsvLine } from '../../src/transport/raw-reader.js';
import { loadLmo } from '../../src/core/lmo.js';

export interface GuestRows {
  /** Distinct timestamps, in file order. */
  times: number[];
  /** Rows (a timestamp, with the device for per-device recorders) found more than once. */
  duplicates: string[];
  /** Timestamps lower than the one before them. */
  unordered: number[];
  /** Lines whose field count is not the header's. */
  malformed: string[];
  /** Fields empty in every row. */
  alwaysEmpty: string[];
  /** The data lines themselves. */
  lines: string[];
}

/** Data lines of CSV text, its header lines left out. */
function dataLines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !l.startsWith('timestamp,'));
}

/** Fields empty in every row of the lines given. */
export function emptyFields(recorder: string, lines: string[]): string[] {
  const names = loadLmo(recorder).fields.map((f) => f.name);
  const seen = names.map(() => false);
  for (const l of lines) splitCsvLine(l, ',').forEach((v, i) => (seen[i] ||= v !== ''));
  return names.filter((_, i) => !seen[i]);
}

/** Every day file of a recorder in a log dir, oldest first. */
export function guestRows(logDir: string, recorder: string): GuestRows {
  const lmo = loadLmo(recorder);
  const perDevice = lmo.device !== undefined;
  const files = existsSync(logDir) ? readdirSync(logDir).filter((f) => f.startsWith(`${recorder}-`) && f.endsWith('.csv')).sort() : [];
  const lines = files.flatMap((f) => dataLines(readFileSync(join(logDir, f), 'utf8')));
  const seen = new Set<string>();
  const out: GuestRows = { times: [], duplicates: [], unordered: [], malformed: [], alwaysEmpty: [], lines };
  let last = -Infinity;
  for (const line of lines) {
    const fields = splitCsvLine(line, ',');
    if (fields.length !== lmo.fields.length) {
      out.malformed.push(line);
      continue;
    }
    const t = Number(fields[0]);
    const key = perDevice ? `${fields[0]},${fields[1]}` : fields[0];
    if (seen.has(key)) out.duplicates.push(key);
    seen.add(key);
    if (t < last) out.unordered.push(t);
    if (t !== last) out.times.push(t);
    last = Math.max(last, t);
  }
  out.alwaysEmpty = emptyFields(recorder, lines.filter((l) => !out.malformed.includes(l)));
  return out;
}

export interface Delivery {
  recorder: string;
  recorded: number;
  delivered: number;
  lost: number;
  duplicated: number;
  /** The lines stored more often than recorded, for the evidence. */
  twice: string[];
}

/** A recorder's rows in the log dir against those the collector stored (under dataDir/<dsid>/). */
export function deliveryOf(logDir: string, dataDir: string, recorder: string): Delivery {
  const recorded = guestRows(logDir, recorder).lines;
  const stored: string[] = [];
  // One directory per data source; files beside them (sources.csv) are the collector's own.
  const sources = existsSync(dataDir) ? readdirSync(dataDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name) : [];
  for (const dsid of sources) {
    for (const f of readdirSync(join(dataDir, dsid)).filter((n) => n.startsWith(`${recorder}-`) && n.endsWith('.csv'))) {
      stored.push(...dataLines(readFileSync(join(dataDir, dsid, f), 'utf8')));
    }
  }
  const counts = new Map<string, number>();
  for (const l of stored) counts.set(l, (counts.get(l) ?? 0) + 1);
  // A line recorded twice (the same text) may be stored twice; more than recorded is a duplicate.
  const wanted = new Map<string, number>();
  for (const l of recorded) wanted.set(l, (wanted.get(l) ?? 0) + 1);
  const twice = [...counts].filter(([l, n]) => n > (wanted.get(l) ?? 0) && wanted.has(l)).map(([l]) => l);
  return {
    recorder,
    recorded: recorded.length,
    delivered: stored.length,
    lost: [...wanted].reduce((sum, [l, n]) => sum + Math.max(0, n - (counts.get(l) ?? 0)), 0),
    duplicated: twice.length,
    twice,
  };
}
