// Raw files for the engine tests: real rows recorded on this machine by the built sdr, or a
// synthetic backlog, and what each engine should hold of them, series by series.
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { sdrRun } from '../../cli/sdr.js';
import { loadLmo } from '../../../src/core/lmo.js';
import { splitCsvLine } from '../../../src/transport/raw-reader.js';

export const REC4 = ['sysrec', 'cpurec', 'diskrec', 'nicrec'];

/**
 * Rows of this machine: sysrec and diskrec each second (whole-second timestamps), cpurec and
 * nicrec every 0.1 s (timestamps with milliseconds).
 */
export async function recordLive(logDir: string): Promise<void> {
  const runs = [['sysrec', '1', '2'], ['diskrec', '1', '2'], ['cpurec', '0.1', '4'], ['nicrec', '0.1', '4']]
    .map(([rec, interval, count]) => sdrRun([rec, '-l', '--log-dir', logDir, interval, count]));
  for (const r of await Promise.all(runs)) if (r.status !== 0) throw new Error(r.stderr);
}

export interface Raw {
  header: string[];
  rows: string[][];
}

/** A recorder's rows from all its day files, in order. */
export function readRaw(logDir: string, rec: string): Raw {
  let header: string[] = [];
  const rows: string[][] = [];
  for (const f of readdirSync(logDir).filter((n) => n.startsWith(`${rec}-`) && n.endsWith('.csv')).sort()) {
    const [head, ...lines] = readFileSync(`${logDir}/${f}`, 'utf8').trimEnd().split('\n');
    header = splitCsvLine(head, ',');
    rows.push(...lines.map((l) => splitCsvLine(l, ',')));
  }
  return { header, rows };
}

/** A seeded generator, so that a failing run can be run again alike. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

/** The text of a value of this LMO type, as a recorder writes it. */
function valueText(type: string, r: () => number): string {
  if (type === 'int') return String(Math.floor(r() * 1e6));
  return (r() * 100).toFixed(2);
}

/**
 * A backlog of `samples` samples a second apart ending now: cpurec on `cpus` CPUs and sysrec, in
 * one day file each (named by the first sample's day), values random but well-formed.
 */
export function synthBacklog(logDir: string, samples: number, cpus: number): { rows: number } {
  mkdirSync(logDir, { recursive: true });
  const r = random(7);
  const start = Math.floor(Date.now() / 1000) - samples - 60;
  const day = new Date(start * 1000).toISOString().slice(0, 10);
  let rows = 0;
  for (const rec of ['cpurec', 'sysrec']) {
    const fields = loadLmo(rec).fields;
    const lines = [fields.map((f) => f.name).join(',')];
    for (let i = 0; i < samples; i++) {
      const devices = rec === 'cpurec' ? Array.from({ length: cpus }, (_, c) => `cpu${c}`) : [undefined];
      for (const d of devices) {
        lines.push([String(start + i), ...(d === undefined ? [] : [d]), ...fields.slice(d === undefined ? 1 : 2).map((f) => valueText(f.type, r))].join(','));
        rows++;
      }
    }
    writeFileSync(`${logDir}/${rec}-${day}.csv`, `${lines.join('\n')}\n`);
  }
  return { rows };
}

/** A config file of mode 600 with these platforms. */
export function configFile(dir: string, logDir: string, platforms: unknown[], extra: Record<string, unknown> = {}): string {
  const path = `${dir}/sdr.json`;
  writeFileSync(path, JSON.stringify({ logDir, platforms, ...extra }));
  chmodSync(path, 0o600);
  return path;
}

/** Rows delivered so far over every position of a platform. */
export function rowsDelivered(logDir: string, platform: string): number {
  let dir: string[];
  try {
    dir = readdirSync(`${logDir}/.send/${platform}`);
  } catch {
    return 0;
  }
  return dir.filter((f) => f.endsWith('.json')).reduce((sum, f) => {
    try {
      return sum + (JSON.parse(readFileSync(`${logDir}/.send/${platform}/${f}`, 'utf8')).rows as number);
    } catch {
      return sum; // being replaced this instant
    }
  }, 0);
}
