// The rows an original Kronometrix agent sent, as sdr collect keeps them (<rec>-<layout>-DAY.csv,
// output/originals/), read as rows of the LMO: the fields of the same meaning filled, the rest
// empty. A site's history from before the switch reads like the rows recorded since.
import { readdirSync } from 'node:fs';
import { lineChunks } from '../transport/line-source.js';
import type { ReadProblems, RecordedRow } from '../transport/recorded-rows.js';
import { loadLmo } from '../core/lmo.js';
import { parseLayoutFileName, storedRowToLmo, type LayoutName } from '../output/originals/index.js';
import { utcDay } from '../output/day-file-name.js';

export interface LayoutFile {
  path: string;
  layout: LayoutName;
}

/** The layout files of a recorder in a collector's data source directory that can hold rows of the period. */
export function layoutFilesBetween(dir: string, recorder: string, since: number, until: number): LayoutFile[] {
  const first = utcDay(since * 1000);
  const last = utcDay((until - 1) * 1000);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const f = parseLayoutFileName(name);
    return f !== undefined && f.recorder === recorder && f.day >= first && f.day <= last ? [{ path: `${dir}/${name}`, layout: f.layout }] : [];
  }).sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** The rows of layout files stamped from `since` to before `until`, as rows of the LMO, a chunk at a time. */
export async function* originalRowBatches(files: LayoutFile[], recorder: string, since: number, until: number, problems: ReadProblems): AsyncGenerator<RecordedRow[]> {
  const columns = new Map(loadLmo(recorder).fields.map((f, i) => [f.name, i]));
  for (const { path, layout } of files) {
    let header = true;
    try {
      for await (const lines of lineChunks(path, 0)) {
        const rows: RecordedRow[] = [];
        for (const { text } of lines) {
          if (header) {
            header = false;
            continue;
          }
          if (text === '') continue;
          let fields: string[];
          try {
            fields = storedRowToLmo(recorder, layout, text);
          } catch {
            problems.skipped++;
            continue;
          }
          const timestamp = Number(fields[0]);
          if (fields[0] === '' || !Number.isFinite(timestamp)) {
            problems.skipped++;
            continue;
          }
          if (timestamp >= since && timestamp < until) rows.push({ timestamp, fields, columns, file: path });
        }
        if (rows.length > 0) yield rows;
      }
    } catch (err) {
      problems.unreadable.push(`${path}: ${(err as Error).message}`);
    }
  }
}
