// `sdr doctor [--since 1h] [--config PATH | --log-dir DIR]`: reads sdrrec's raw files of the
// window and tells where sdr's time went, as Redis's LATENCY DOCTOR does for Redis.
import { RuntimeError } from '../core/errors.js';
import { loadLmo } from '../core/lmo.js';
import { messagePrefix } from '../core/warn.js';
import { logDirOf } from './log-dir-option.js';
import { parseDuration } from '../core/duration.js';
import { SDRREC, sdrrecFilesSince, sdrrecRows, type ReadProblems } from '../doctor/sdrrec-rows.js';
import { SdrrecAnalysis, watchedRecorders } from '../doctor/findings.js';
import { report } from '../doctor/diagnosis.js';
import { utcTime } from '../doctor/formatting.js';
import { currentPlatform } from '../platform/index.js';
import { runningAgent } from '../agent/lock.js';
import { utcDay } from '../output/raw-file.js';
import { readdirSync } from 'node:fs';
import { countLinesAfter } from '../transport/line-source.js';

export interface DoctorOptions {
  since?: string;
  config?: string;
  logDir?: string;
}

/** What the command touches beyond its files, replaceable so that tests can fix the clock. */
export interface DoctorIo {
  now: () => number;
  out: (text: string) => void;
  warn: (message: string) => void;
  env: NodeJS.ProcessEnv;
}

const PROCESS_IO: DoctorIo = {
  now: () => Date.now(),
  out: (text) => process.stdout.write(text),
  warn: (message) => process.stderr.write(`${messagePrefix()}: warning: ${message}\n`),
  env: process.env,
};


export async function runDoctor(o: DoctorOptions, io: DoctorIo = PROCESS_IO): Promise<number> {
  const since = io.now() / 1000 - parseDuration(o.since ?? '1h');
  const logDir = logDirOf(o, io.env);
  const analysis = new SdrrecAnalysis(watchedRecorders(loadLmo(SDRREC)));
  const problems: ReadProblems = { skipped: 0, unreadable: [] };
  for await (const row of sdrrecRows(sdrrecFilesSince(logDir, since), since, problems)) analysis.add(row);
  for (const p of problems.unreadable) io.warn(`${p}: read up to there`);
  if (problems.skipped > 0) io.warn(`${problems.skipped} line(s) of sdrrec are not rows and were left out`);
  if (analysis.rows === 0) {
    const young = await youngAgent(logDir, io.now());
    if (young !== undefined) {
      io.out(young);
      return 0;
    }
    throw new RuntimeError(`no sdrrec rows since ${utcTime(since)} in ${logDir}: is \`sdr run\` running with sdrrec on? ` +
      '(--config or --log-dir names the log dir of the one you mean)');
  }
  io.out(report(analysis, { logDir, disk: diskOfLogDir(logDir), since }));
  return 0;
}

/** The disk of the log dir, named where this system can tell; never a reason to fail. */
function diskOfLogDir(logDir: string): string | undefined {
  try {
    return currentPlatform().diskOfDirectory?.(logDir);
  } catch {
    return undefined;
  }
}

/** sdrrec writes its first row one interval after the start: 60 s unless the config says otherwise. */
const YOUNG_MS = 10 * 60_000;

/**
 * Said instead of "no rows" when an `sdr run` is recording into the dir and started too recently
 * for sdrrec to have written a row: what it has recorded so far, and when to ask again.
 */
async function youngAgent(logDir: string, nowMs: number): Promise<string | undefined> {
  const agent = runningAgent(logDir);
  if (agent === undefined || nowMs - agent.sinceMs > YOUNG_MS) return undefined;
  const age = Math.max(0, Math.round((nowMs - agent.sinceMs) / 1000));
  const recorded = await rowsToday(logDir, nowMs);
  return `sdr run (pid ${agent.pid}) started ${age} s ago and is recording into ${logDir}` +
    (recorded.length > 0 ? `: so far today ${recorded.join(', ')}` : '') + '.\n' +
    'sdrrec writes its first row one interval after the start (60 s unless the config sets another): ' +
    'there is nothing to judge yet; ask again after it.\n';
}

/** "sysrec 23 rows": the data rows of each recorder's file of today, counted as the sender counts them. */
async function rowsToday(logDir: string, nowMs: number): Promise<string[]> {
  const day = utcDay(nowMs);
  let files: string[];
  try {
    files = readdirSync(logDir).filter((f) => f.endsWith(`-${day}.csv`) && !f.startsWith(`${SDRREC}-`)).sort();
  } catch {
    return [];
  }
  const counts: string[] = [];
  for (const f of files) {
    try {
      const rows = Math.max(0, (await countLinesAfter(`${logDir}/${f}`, 0)) - 1); // the header is no row
      counts.push(`${f.slice(0, -`-${day}.csv`.length)} ${rows} row${rows === 1 ? '' : 's'}`);
    } catch {
      // gone or unreadable: left out of the list
    }
  }
  return counts;
}
