// Recording with sdr and with sysstat's sadc over the same seconds, for the accuracy tests: sdr
// is started so as to read mid-second, sadc as soon as sdr has taken its first reading (the header
// is printed in the same stretch of code), so both tick at nearly the same moment of each second
// and the rows stamped with one second cover nearly the same interval. sadf -U prints sadc's
// records with their epoch seconds, as sdr stamps its rows; rows are matched by that second.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { sdrAsync } from '../cli/sdr.js';

export const SADC = ['/usr/lib/sysstat/sadc', '/usr/lib64/sa/sadc', '/usr/lib/sa/sadc', '/usr/libexec/sa/sadc'].find((p) => existsSync(p));
export const HAVE_SYSSTAT = SADC !== undefined && spawnSync('sadf', ['-V']).status === 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Row = Map<string, string>;

/** Lines of `;`- or `,`-separated fields under a header, as rows by field name. */
export function table(text: string, separator: string, header: (line: string) => boolean): Row[] {
  let names: string[] | undefined;
  const out: Row[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (header(line)) {
      names = line.replace(/^# /, '').split(separator);
      continue;
    }
    if (names === undefined) continue;
    const f = line.split(separator);
    out.push(new Map(names.map((n, i) => [n, f[i]])));
  }
  return out;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('close', (code) => resolve(code)));
}

/**
 * The sdr runs and sadc, started so that all their readings fall within a few tens of ms of one
 * another and well inside a second: sdr's first reading (the header comes with it) is made to
 * fall mid-second, sadc reads at once when started, and every later reading of each keeps its
 * phase; so jitter never puts the readings of one moment in two seconds. A start that does not
 * land so (a slow start on a busy machine, one sdr run later than the other) is made again.
 */
async function startTogether(runs: { rec: string; options: string[] }[], seconds: number, activities: string, file: string) {
  for (let attempt = 0; ; attempt++) {
    // sdr's first reading comes some 0.2 s after it is started: start it near .3.
    await sleep((1300 - (Date.now() % 1000)) % 1000);
    const children = runs.map(({ rec, options }) => sdrAsync([rec, '-H', ...options, '1', String(seconds)]));
    const outputs = children.map(() => '');
    const read = await Promise.all(children.map((c, i) => new Promise<number>((resolve) => c.stdout!.on('data', (d) => {
      if (outputs[i] === '') resolve(Date.now());
      outputs[i] += d;
    }))));
    // sadc's count includes its first reading, which starts no interval: one more than sdr's rows.
    const sadc = spawn(SADC!, ['-S', activities, '1', String(seconds + 1), file], { stdio: 'ignore' });
    await new Promise((resolve) => sadc.once('spawn', resolve));
    const moments = [...read, Date.now()];
    const phases = moments.map((t) => t % 1000);
    const aligned = Math.max(...moments) - Math.min(...moments) <= 80 && phases.every((p) => p >= 150 && p <= 850);
    if (aligned || attempt === 5) return { children, outputs, sadc };
    for (const c of [...children, sadc]) c.kill();
    await Promise.all([...children, sadc].map(exited));
  }
}

export interface Recording {
  /** Each sdr run's rows, by recorder. */
  sdr: Map<string, Row[]>;
  /** sadf -d -U of the sadc file, for these sar options (e.g. "-d -p"). */
  sar: (options: string[]) => Row[];
}

/**
 * `sdr <rec> -H <options> 1 <seconds>` for each run, and sadc over the same seconds into a file in
 * `dir`, while `load` runs (started once both record, awaited before the end).
 */
export async function recordTogether(
  runs: { rec: string; options: string[] }[], seconds: number, activities: string, load: () => Promise<void>, dir: string,
): Promise<Recording> {
  const file = `${mkdtempSync(`${dir}/sa-`)}/sa`;
  const { children, outputs, sadc } = await startTogether(runs, seconds, activities, file);
  await load();
  const codes = await Promise.all([...children.map(exited), exited(sadc)]);
  if (codes.some((c) => c !== 0)) throw new Error(`a recorder failed: exit statuses ${codes.join(', ')}`);
  const sdr = new Map(runs.map(({ rec }, i) => [rec, table(outputs[i], ',', (l) => l.startsWith('timestamp,'))]));
  const sar = (options: string[]) => {
    const r = spawnSync('sadf', ['-d', '-U', file, '--', ...options], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`sadf ${options.join(' ')} failed: ${r.stderr}`);
    return table(r.stdout, ';', (l) => l.startsWith('# '));
  };
  return { sdr, sar };
}

export interface Pair {
  second: string;
  sdr: number;
  sar: number;
}

/** sdr's field and sar's column for the same seconds (and the same device, where `device` names the columns). */
export function pairs(sdrRows: Row[], sarRows: Row[], field: string, column: string, device?: [string, string, string]): Pair[] {
  const sarBySecond = new Map<string, Row>();
  for (const r of sarRows) {
    if (device !== undefined && r.get(device[1]) !== device[2]) continue;
    sarBySecond.set(r.get('timestamp')!, r);
  }
  const out: Pair[] = [];
  for (const r of sdrRows) {
    if (device !== undefined && r.get(device[0]) !== device[2]) continue;
    const s = sarBySecond.get(r.get('timestamp')!);
    if (s === undefined || r.get(field) === '' || s.get(column) === undefined) continue;
    out.push({ second: r.get('timestamp')!, sdr: Number(r.get(field)), sar: Number(s.get(column)) });
  }
  return out;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * sdr's median over the seconds against sar's median over the same seconds, relatively. A second
 * on its own differs by the few ms between the two tools' readings, which a bursty load (three dd
 * writers, the other work of a shared machine) can fill with a lot; the medians are the level.
 */
export const medianRelative = (ps: Pair[]) => Math.abs(median(ps.map((p) => p.sdr)) / median(ps.map((p) => p.sar)) - 1);

/**
 * sdr's total over the seconds against sar's over the same seconds: the mean rates of the window.
 * For counters of bursty events (context switches, faults), whose single seconds differ most by the
 * readings' few ms apart, and which add up: the window's edges are all that can differ.
 */
export const totalRelative = (ps: Pair[]) => Math.abs(ps.reduce((s, p) => s + p.sdr, 0) / ps.reduce((s, p) => s + p.sar, 0) - 1);

/** The same, as a difference: for percentages, compared in points. */
export const medianAbsolute = (ps: Pair[]) => Math.abs(median(ps.map((p) => p.sdr)) - median(ps.map((p) => p.sar)));

/** The mean over the seconds of sdr's against sar's, as a difference: shares of time add up as counters do. */
export const meanAbsolute = (ps: Pair[]) => Math.abs(ps.reduce((s, p) => s + p.sdr - p.sar, 0) / ps.length);

/** A measurement spoilt by the machine, not by sdr: made again without counting as a try. */
export class Stalled extends Error {}

/**
 * One row a second, each second once: else a reading came late (a stall of a loaded, shared
 * machine) and the rows of one second cover different intervals for sdr and for sar.
 */
export function oneASecond(who: string, rows: Row[], device?: [string, string]): void {
  const seconds = rows.filter((r) => device === undefined || r.get(device[0]) === device[1]).map((r) => Number(r.get('timestamp')));
  if (seconds.some((t, i) => i > 0 && t !== seconds[i - 1] + 1)) throw new Stalled(`${who} rows not one a second: ${seconds.join(' ')}`);
}

/**
 * Runs `measure` and returns what it found wrong; once more if anything was (a shared machine is
 * noisy). A measurement that stalled is made again, three times at most, and counts as no try.
 */
export async function withOneRetry(measure: () => Promise<string[]>): Promise<string[]> {
  const attempt = async () => {
    for (let stalls = 0; ; stalls++) {
      try {
        return await measure();
      } catch (err) {
        if (!(err instanceof Stalled) || stalls === 2) throw err;
        console.warn(`measured again: ${err.message}`);
      }
    }
  };
  const first = await attempt();
  if (first.length === 0) return first;
  console.warn(`measured again after: ${first.join('; ')}`);
  const second = await attempt();
  return second.length === 0 ? second : [...first.map((f) => `first try: ${f}`), ...second.map((f) => `second try: ${f}`)];
}
