// <dataDir>/sources.csv: each data source the collector holds, with what a person needs to find a
// host by it: its host name (from its hdwrec rows), OS, subscription, recorders, and its first and
// last row. Kept in memory and written whole (temp file, rename) every few seconds when it changed,
// and when the collector stops; read back at start so that first rows and host names survive.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvLines } from '../output/csv.js';
import { splitCsvLine } from './raw-reader.js';

export const SOURCES_FILE = 'sources.csv';
const COLUMNS = ['dsid', 'host', 'os', 'subscription', 'recorders', 'first', 'last'];
const WRITE_EVERY_MS = 5000;

export interface SourceNote {
  os: string;
  subscription: string;
  recorder: string;
  /** The row's timestamp, seconds. */
  timestamp: number;
  /** The host name, when the row tells it (hdwrec). */
  host?: string;
}

interface Source {
  host: string;
  os: string;
  subscription: string;
  recorders: Set<string>;
  first: number;
  last: number;
}

const iso = (s: number) => new Date(s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

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
      s = { host: '', os: n.os, subscription: n.subscription, recorders: new Set(), first: n.timestamp, last: n.timestamp };
      this.sources.set(dsid, s);
      this.changed = true;
    }
    if (!s.recorders.has(n.recorder)) {
      s.recorders.add(n.recorder);
      this.changed = true;
    }
    if (n.host !== undefined && n.host !== '' && n.host !== s.host) {
      s.host = n.host;
      this.changed = true;
    }
    if (n.timestamp < s.first) {
      s.first = n.timestamp;
      this.changed = true;
    }
    if (n.timestamp > s.last) {
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
    for (const line of text.split('\n').slice(1)) {
      if (line === '') continue;
      try {
        const [dsid, host, os, subscription, recorders, first, last] = splitCsvLine(line, ',');
        this.sources.set(dsid, {
          host, os, subscription, recorders: new Set(recorders.split(' ').filter(Boolean)),
          first: Date.parse(first) / 1000, last: Date.parse(last) / 1000,
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
      [dsid, s.host, s.os, s.subscription, [...s.recorders].sort().join(' '), iso(s.first), iso(s.last)]);
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
