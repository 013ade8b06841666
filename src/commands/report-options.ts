// The options of `sdr report` that the summary and the pictures share: which recorder, and where
// its rows are (a log dir, a file, or a collector's host).
import { UsageError } from '../core/errors.js';
import { lmoNames, loadLmo, type Lmo } from '../core/lmo.js';
import { didYouMean } from '../core/did-you-mean.js';
import { hostDir, type RowsAt } from '../report/report-files.js';
import { logDirOf } from './log-dir-option.js';

export interface ReportOptions {
  date?: string;
  since?: string;
  until?: string;
  tz?: string;
  logDir?: string;
  config?: string;
  file?: string;
  dataDir?: string;
  host?: string;
  fields?: string;
  every?: string;
  csv?: boolean;
  html?: string;
  svg?: string;
}

export function recorderLmo(name: string): Lmo {
  const names = lmoNames();
  if (!names.includes(name)) throw new UsageError(`no recorder '${name}'${didYouMean(name, names) || `: known: ${names.join(', ')}`}`);
  return loadLmo(name);
}

/** Where the rows are, from the options; one way at a time. */
export function rowsAt(o: ReportOptions, env: NodeJS.ProcessEnv): RowsAt {
  const ways = [o.file !== undefined, o.dataDir !== undefined || o.host !== undefined, o.logDir !== undefined || o.config !== undefined].filter(Boolean).length;
  if (ways > 1) throw new UsageError('give one of --file, --data-dir with --host, or --log-dir (or --config)');
  if (o.file !== undefined) return { file: o.file };
  if (o.dataDir !== undefined || o.host !== undefined) {
    if (o.dataDir === undefined || o.host === undefined) throw new UsageError('--data-dir and --host go together: a collector\'s data dir and the host to read');
    return { dir: hostDir(o.dataDir, o.host) };
  }
  return { dir: logDirOf(o, env) };
}

