// A summary of the rows of files over a period: one pass, and a second one only when some
// percentiles did not fit the memory budget (series-stats.ts).
import type { Lmo } from '../core/lmo.js';
import { recordedRows, type ReadProblems } from '../transport/recorded-rows.js';
import { Summary, type SummaryOptions } from './summary.js';
import type { Period } from './period.js';

export async function summarise(files: string[], lmo: Lmo, period: Period, o: SummaryOptions, problems: ReadProblems): Promise<Summary> {
  const summary = new Summary(lmo, o);
  for await (const row of recordedRows(files, period.from, period.to, problems)) summary.add(row);
  if (summary.needsSecondPass) {
    const again: ReadProblems = { skipped: 0, unreadable: [] };
    for await (const row of recordedRows(files, period.from, period.to, again)) summary.addAgain(row);
  }
  return summary;
}
