// A summary of the rows of files over a period (the original agents' layouts among them): one
// pass, and a second one only when some percentiles did not fit the memory budget (series-stats.ts).
import type { Lmo } from '../core/lmo.js';
import { recordedRowBatches, type ReadProblems, type RecordedRow } from '../transport/recorded-rows.js';
import { originalRowBatches } from './original-rows.js';
import type { ReportFiles } from './report-files.js';
import { Summary, type SummaryOptions } from './summary.js';
import type { Period } from './period.js';

export async function summarise(files: ReportFiles, lmo: Lmo, period: Period, o: SummaryOptions, problems: ReadProblems): Promise<Summary> {
  const summary = new Summary(lmo, o);
  for await (const rows of rowBatches(files, lmo, period, problems)) for (const row of rows) summary.add(row);
  if (summary.needsSecondPass) {
    const again: ReadProblems = { skipped: 0, unreadable: [] };
    for await (const rows of rowBatches(files, lmo, period, again)) for (const row of rows) summary.addAgain(row);
  }
  return summary;
}

/** The original agents' rows first (the history before the switch), then sdr's own. */
async function* rowBatches(files: ReportFiles, lmo: Lmo, period: Period, problems: ReadProblems): AsyncGenerator<RecordedRow[]> {
  yield* originalRowBatches(files.originals, lmo.name, period.from, period.to, problems);
  yield* recordedRowBatches(files.files, period.from, period.to, problems);
}
