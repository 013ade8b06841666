// Where a report's rows are: the day files of a log directory (the recorders' own, or a data
// source's directory on a collector, found by its host name in sources.csv), or one file named.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeError, UsageError, describeSystemError } from '../core/errors.js';
import { didYouMean } from '../core/did-you-mean.js';
import { parseDayFileName } from '../output/day-file-name.js';
import { dayFilesBetween } from '../transport/recorded-rows.js';
import { firstLine } from '../transport/line-source.js';
import { splitCsvLine, delimiterOf } from '../transport/raw-reader.js';
import type { Lmo } from '../core/lmo.js';
import type { Period } from './period.js';
import { layoutFilesBetween, type LayoutFile } from './original-rows.js';

export type RowsAt = { dir: string } | { file: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A host's data-source directory on a collector: by its name in sources.csv, or its dsid itself. */
export function hostDir(dataDir: string, host: string): string {
  if (UUID.test(host)) return join(dataDir, host.toLowerCase());
  let text: string;
  try {
    text = readFileSync(join(dataDir, 'sources.csv'), 'utf8');
  } catch (err) {
    throw new RuntimeError(`cannot read ${join(dataDir, 'sources.csv')}: ${describeSystemError(err)} (give --host the data source id instead)`);
  }
  const rows = text.split('\n').slice(1).filter(Boolean).map((l) => splitCsvLine(l, ','));
  const found = rows.filter((r) => r[1] === host);
  if (found.length === 1) return join(dataDir, found[0][0]);
  if (found.length > 1) {
    throw new UsageError(`${found.length} data sources are named ${host} in ${join(dataDir, 'sources.csv')}: give --host one of ${found.map((r) => r[0]).join(', ')}`);
  }
  const names = [...new Set(rows.map((r) => r[1]).filter(Boolean))];
  throw new UsageError(`no host ${host} in ${join(dataDir, 'sources.csv')}${didYouMean(host, names) || (names.length > 0 ? `: known: ${names.slice(0, 20).join(', ')}` : '')}`);
}

/** A recorder's files of a period: its own day files, and those of the original agents' layouts. */
export interface ReportFiles {
  files: string[];
  originals: LayoutFile[];
}

/** The files holding the recorder's rows of the period; RuntimeError when there are none. */
export async function reportFiles(at: RowsAt, lmo: Lmo, period: Period): Promise<ReportFiles> {
  if ('file' in at) return { files: await ownFiles(at, lmo, period), originals: [] };
  const originals = layoutFilesBetween(at.dir, lmo.name, period.from, period.to);
  let files: string[] = [];
  try {
    files = await ownFiles(at, lmo, period);
  } catch (err) {
    // A host that sent only through an original agent so far has layout files alone.
    if (originals.length === 0 || !(err instanceof RuntimeError)) throw err;
  }
  return { files, originals };
}

async function ownFiles(at: RowsAt, lmo: Lmo, period: Period): Promise<string[]> {
  if ('file' in at) {
    const named = parseDayFileName(at.file.slice(at.file.lastIndexOf('/') + 1));
    if (named !== undefined && named.recorder !== lmo.name) throw new UsageError(`${at.file} is a file of ${named.recorder}, not of ${lmo.name}`);
    let header: string | undefined;
    try {
      header = await firstLine(at.file);
    } catch (err) {
      throw new RuntimeError(`cannot read ${at.file}: ${describeSystemError(err)}`);
    }
    checkHeader(at.file, header, lmo);
    return [at.file];
  }
  const files = dayFilesBetween(at.dir, lmo.name, period.from, period.to);
  if (files.length === 0) throw new RuntimeError(`no ${lmo.name} files in ${at.dir} for the period asked`);
  for (const f of files) checkHeader(f, await firstLine(f), lmo);
  return files;
}

/** A raw file of the recorder begins with its header: a timestamp, and fields of its LMO. */
function checkHeader(file: string, header: string | undefined, lmo: Lmo): void {
  const names = header === undefined ? [] : splitCsvLine(header, delimiterOf(header));
  const known = new Set(lmo.fields.map((f) => f.name));
  const ours = names.filter((n) => known.has(n)).length;
  if (names[0] !== 'timestamp' || ours < Math.min(3, known.size) || ours * 2 < names.length) {
    throw new RuntimeError(`${file} is not a raw file of ${lmo.name}: its first line is not ${lmo.name}'s header`);
  }
}
