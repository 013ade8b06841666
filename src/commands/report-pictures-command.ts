// `sdr report --html out.html [REC...]` and `--svg DIR`: the recorders' rows over a period as an
// interactive page (one self-contained file) and as an SVG per chart.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeError, UsageError, describeSystemError } from '../core/errors.js';
import { messagePrefix } from '../core/warn.js';
import { periodOf, wallTime } from '../report/period.js';
import { reportFiles, type ReportFiles } from '../report/report-files.js';
import { recorderPictures } from '../report/pictures.js';
import { htmlPage, type RecorderPictures } from '../report/html-page.js';
import { chartSvg, heatMapSvg, playerSvg } from '../report/svg.js';
import type { ReadProblems } from '../transport/recorded-rows.js';
import { recorderLmo, rowsAt, type ReportOptions } from './report-options.js';

/** What --html draws without names: the recorders of a host (sdrrec has `sdr doctor`). */
const DEFAULT_RECORDERS = ['sysrec', 'cpurec', 'diskrec', 'nicrec', 'xenrec', 'hdwrec'];

export async function runPictures(names: string[], o: ReportOptions, env: NodeJS.ProcessEnv): Promise<number> {
  if (o.every !== undefined || o.fields !== undefined || o.csv) throw new UsageError('--every, --fields and --csv are for the summary, not --html or --svg');
  const period = periodOf(o);
  const at = rowsAt(o, env);
  if ('file' in at && names.length !== 1) throw new UsageError('--file holds one recorder: name it, as sdr report cpurec --file F --html out.html');
  const asked = names.length > 0;
  const problems: ReadProblems = { skipped: 0, unreadable: [] };
  const recorders: RecorderPictures[] = [];
  for (const name of asked ? names : DEFAULT_RECORDERS) {
    const lmo = recorderLmo(name);
    let files: ReportFiles;
    try {
      files = await reportFiles(at, lmo, period);
    } catch (err) {
      // Recorders not named may simply not run on this host.
      if (!asked && err instanceof RuntimeError && /^no \w+ files/.test(err.message)) continue;
      throw err;
    }
    recorders.push(await recorderPictures(lmo, files, period, problems));
  }
  for (const p of problems.unreadable) process.stderr.write(`${messagePrefix()}: warning: ${p}: read up to there\n`);
  if (recorders.length === 0) throw new RuntimeError(`no files of ${DEFAULT_RECORDERS.join(', ')} in ${'dir' in at ? at.dir : at.file} for the period asked`);
  const where = 'dir' in at ? at.dir : at.file;
  const title = `sdr report: ${recorders.map((r) => r.name).join(', ')}, ${wallTime(period.from, period.tz)} to ${wallTime(period.to, period.tz)} ${period.tz}, from ${where}`;
  if (o.html !== undefined) {
    try {
      writeFileSync(o.html, htmlPage({ title, tz: period.tz, from: period.from, to: period.to, recorders }));
    } catch (err) {
      throw new RuntimeError(`cannot write ${o.html}: ${describeSystemError(err)}`);
    }
  }
  if (o.svg !== undefined) writeSvgs(o.svg, recorders, period.tz);
  if (problems.skipped > 0) process.stderr.write(`${messagePrefix()}: ${problems.skipped} line(s) that are not rows were left out\n`);
  return 0;
}

function writeSvgs(dir: string, recorders: RecorderPictures[], tz: string): void {
  const files: [string, string][] = [];
  for (const r of recorders) {
    for (const c of r.charts) files.push([`${c.spec.id}.svg`, chartSvg(c, tz)]);
    if (r.cpus) files.push(['cpurec-heatmap.svg', heatMapSvg(r.cpus)], ['cpurec-player.svg', playerSvg(r.cpus, tz)]);
  }
  try {
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of files) writeFileSync(join(dir, name), text);
  } catch (err) {
    throw new RuntimeError(`cannot write the SVGs into ${dir}: ${describeSystemError(err)}`);
  }
}
