// <dataDir>/sources.csv: each data source the collector holds, with what a person needs to find a
// host by it: its host name (from its hdwrec rows), OS, subscription, recorders, its first and
// last row, and during a migration what sent its rows: the agents (User-Agent: sdr/0.1.0, kdr/1.8.x
// sender linux), the layouts (<recorder>:<layout>, sdr or the original's OS) and the rows kept in
// quarantine. Kept in memory and written whole (temp file, rename) every few seconds when it
// changed, and when the collector stops; read back at start, by its header's names, so that first
// rows and host names survive, also from a sources.csv of an sdr without the later columns.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvLines } from '../output/csv.js';
import { splitCsvLine } from './raw-reader.js';

export const SOURCES_FILE = 'sources.csv';
const COLUMNS = ['dsid', 'host', 'os', 'subscription', 'recorders', 'first', 'last', 'agents', 'layouts', 'quarantined'];
const WRITE_EVERY_MS = 5000;

export interface SourceNote {
  os: string;
  subscription: string;
  /** The recorder of a row stored; none for a row kept in quarantine. */
  recorder?: string;
  /** The row's timestamp, seconds; none for a row kept in quarantine. */
  timestamp?: number;
  /** The host name, when the row tells it (hdwrec). */
  host?: string;
  /** What the request's User-Agent names. */
  agent?: string;
  /** The layout of the row's file: sdr, or the original's OS. */
  layout?: string;
  /** The row was kept in quarantine. */
  quarantined?: boolean;
}

interface Source {
  host: string;
  os: string;
  subscription: string;
  recorders: Set<string>;
  /** Seconds; NaN while no row was stored. */
  first: number;
  last: number;
  agents: Set<string>;
  layouts: Set<string>;
  quarantined: number;
}

const iso = (s: number) => (Number.isFinite(s) ? new Date(s * 1000).toISOString().replace(/\.\d+Z$/, 'Z') : '');
const setOf = (text: string | undefined, separator: string) => new Set((text ?? '').split(separator).filter(Boolean));
/** Agents hold blanks (kdr/1.8.x sender linux): they are listed with '; ' between them. */
const AGENTS = '; ';

export class SourcesIndex {
  private readonly sources = new Map<string, Source>();
  private changed = false;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly dataDir: string, private readonly log: (line: string) => void) {
    this.load();
    this.timer = setInterval(() => this.write(), WRITE_EVERY_MS).unref();
  }

  note(dsid: string, n: SourceNote): void {
    let s = this.sources.get(dsid);
    if (s === undefined) {
      s = {
        host: '', os: n.os, subscription: n.subscription, recorders: new Set(), first: NaN, last: NaN,
        agents: new Set(), layouts: new Set(), quarantined: 0,
      };
      this.sources.set(dsid, s);
      this.changed = true;
    }
    if (s.os === '' && n.os !== '') {
      s.os = n.os;
      this.changed = true;
    }
    const add = (set: Set<string>, value: string | undefined) => {
      if (value === undefined || set.has(value)) return;
      set.add(value);
      this.changed = true;
    };
    add(s.recorders, n.recorder);
    add(s.agents, n.agent);
    add(s.layouts, n.recorder !== undefined && n.layout !== undefined ? `${n.recorder}:${n.layout}` : undefined);
    if (n.quarantined) {
      s.quarantined++;
      this.changed = true;
    }
    if (n.host !== undefined && n.host !== '' && n.host !== s.host) {
      s.host = n.host;
      this.changed = true;
    }
    if (n.timestamp === undefined) return;
    if (!(n.timestamp >= s.first)) {
      s.first = n.timestamp;
      this.changed = true;
    }
    if (!(n.timestamp <= s.last)) {
      s.last = n.timestamp;
      this.changed = true;
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.write();
  }

  private load(): void {
    let text: string;
    try {
      text = readFileSync(join(this.dataDir, SOURCES_FILE), 'utf8');
    } catch {
      return; // none yet
    }
    const [head, ...lines] = text.split('\n');
    const names = splitCsvLine(head, ',');
    for (const line of lines) {
      if (line === '') continue;
      try {
        const values = splitCsvLine(line, ',');
        const c = Object.fromEntries(names.map((n, i) => [n, values[i]]));
        this.sources.set(c.dsid, {
          host: c.host ?? '', os: c.os ?? '', subscription: c.subscription ?? '', recorders: setOf(c.recorders, ' '),
          first: c.first ? Date.parse(c.first) / 1000 : NaN, last: c.last ? Date.parse(c.last) / 1000 : NaN,
          agents: setOf(c.agents, AGENTS), layouts: setOf(c.layouts, ' '), quarantined: Number(c.quarantined ?? 0) || 0,
        });
      } catch {
        // a line that does not parse is rebuilt from the next rows
      }
    }
  }

  private write(): void {
    if (!this.changed) return;
    this.changed = false;
    const rows = [...this.sources].sort(([a], [b]) => (a < b ? -1 : 1)).map(([dsid, s]) =>
      [dsid, s.host, s.os, s.subscription, [...s.recorders].sort().join(' '), iso(s.first), iso(s.last),
        [...s.agents].sort().join(AGENTS), [...s.layouts].sort().join(' '), String(s.quarantined)]);
    const path = join(this.dataDir, SOURCES_FILE);
    try {
      writeFileSync(`${path}.tmp`, csvLines([COLUMNS, ...rows], ','), { mode: 0o640 });
      renameSync(`${path}.tmp`, path);
    } catch (err) {
      this.changed = true; // tried again at the next tick
      this.log(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
}
