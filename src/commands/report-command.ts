// `sdr report REC [--date D | --since X [--until Y]] [--tz Z] [--log-dir DIR | --file F |
// --data-dir DIR --host H] [--fields a,b] [--every 1h] [--csv]`: a recorder's rows over a period
// summarised, like `sar -f`: per field (per device) count, average, minimum, maximum and when, 95th
// percentile. The pictures (--html, --svg) are in report-pictures-command.ts.
import { UsageError } from '../core/errors.js';
import type { Lmo, LmoField } from '../core/lmo.js';
import { didYouMean } from '../core/did-you-mean.js';
import { messagePrefix } from '../core/warn.js';
import { naturalCompare } from '../core/natural-order.js';
import { parseDuration } from '../core/duration.js';
import { periodOf } from '../report/period.js';
import { numericFields } from '../report/summary.js';
import { summarise } from '../report/summarise.js';
import { summaryCsv, summaryText } from '../report/summary-text.js';
import { reportFiles } from '../report/report-files.js';
import type { ReadProblems } from '../transport/recorded-rows.js';
import { recorderLmo, rowsAt, type ReportOptions } from './report-options.js';

function selectedFields(lmo: Lmo, list: string | undefined): LmoField[] {
  const numeric = numericFields(lmo);
  if (list === undefined) return numeric;
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new UsageError(`--fields '${list}' names no field`);
  return names.map((n) => {
    const f = numeric.find((x) => x.name === n);
    if (f === undefined) {
      const hint = didYouMean(n, numeric.map((x) => x.name));
      throw new UsageError(`--fields: ${lmo.name} has no numeric field '${n}'${hint || `: known: ${numeric.map((x) => x.name).join(', ')}`}`);
    }
    return f;
  });
}

export async function runReport(recorders: string[], o: ReportOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (o.html !== undefined || o.svg !== undefined) {
    const { runPictures } = await import('./report-pictures-command.js');
    return runPictures(recorders, o, env);
  }
  if (recorders.length !== 1) throw new UsageError(recorders.length === 0 ? 'which recorder? as: sdr report sysrec --date 2026-12-01' : 'a summary is of one recorder: give one, or --html for pictures of several');
  const lmo = recorderLmo(recorders[0]);
  const period = periodOf(o);
  const every = o.every === undefined ? undefined : parseDuration(o.every, '--every');
  const fields = selectedFields(lmo, o.fields);
  const at = rowsAt(o, env);
  const files = await reportFiles(at, lmo, period);
  const problems: ReadProblems = { skipped: 0, unreadable: [] };
  const summary = await summarise(files, lmo, period, { fields, every, from: period.from }, problems);
  for (const p of problems.unreadable) process.stderr.write(`${messagePrefix()}: warning: ${p}: read up to there\n`);
  const series = summary.results(naturalCompare);
  const ctx = { lmo, period, source: 'file' in at ? at.file : at.dir, rows: summary.rows, first: summary.first, last: summary.last, every, skipped: problems.skipped };
  process.stdout.write(o.csv ? summaryCsv(series, ctx) : summaryText(series, ctx));
  return summary.rows === 0 ? 1 : 0;
}
