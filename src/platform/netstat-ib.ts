// netstat -ib (FreeBSD -ibndW, macOS -ibnd): one row per interface address. The interface's own
// counters are on its link row, the one whose Network column is "<Link#N>"; the address rows
// repeat them or show "-", so only link rows are read. The columns after Address are read from
// the right by the header's names: the Address of a link row may be empty (macOS lo0), FreeBSD
// has Idrop where macOS has none, and -d adds Drop. Without -W (macOS) names are cut to 5
// characters ("bridg", "vmnet"): a name that lost its unit number gets the link index instead.
import type { NicCounters } from './types.js';
import { runTool, unparseable } from './run-tool.js';
import { warnOnce } from '../core/warn.js';

export interface NetstatInterfaces {
  nics: Map<string, NicCounters>;
  /** Link rows whose counters did not fit the header, for the caller to report. */
  malformed: string[];
}

/** Header column -> counter. */
const COLUMNS: Record<string, keyof NicCounters> = {
  Ipkts: 'rxPackets', Ierrs: 'rxErrors', Idrop: 'rxDropped', Ibytes: 'rxBytes',
  Opkts: 'txPackets', Oerrs: 'txErrors', Obytes: 'txBytes', Coll: 'txCollisions', Drop: 'txDropped',
};

/** Null when the text has no header line naming Ipkts and Ibytes. */
export function parseNetstatIb(text: string): NetstatInterfaces | null {
  const lines = text.split('\n');
  const headerAt = lines.findIndex((l) => /^Name\s/.test(l));
  if (headerAt < 0) return null;
  const header = lines[headerAt].trim().split(/\s+/);
  const counters = header.slice(header.indexOf('Address') + 1);
  if (!counters.includes('Ipkts') || !counters.includes('Ibytes')) return null;
  const nics = new Map<string, NicCounters>();
  const malformed: string[] = [];
  for (const line of lines.slice(headerAt + 1)) {
    const fields = line.trim().split(/\s+/);
    const link = /^<Link#(\d+)>$/.exec(fields[2] ?? '');
    if (link === null) continue;
    const values = fields.slice(-counters.length).map(Number);
    if (fields.length < 3 + counters.length || values.some((v) => !Number.isInteger(v))) {
      malformed.push(line);
      continue;
    }
    const printed = fields[0].replace(/\*$/, ''); // "*": the interface is down
    const name = /\d$/.test(printed) ? printed : `${printed}#${link[1]}`;
    const nic = { name } as NicCounters;
    counters.forEach((column, i) => {
      const key = COLUMNS[column];
      if (key !== undefined) (nic as unknown as Record<string, number>)[key] = values[i];
    });
    nics.set(name, nic);
  }
  return { nics, malformed };
}

/** Runs netstat with these arguments (-i -b -n and the OS's own) and reads its link rows. */
export async function readNetstatInterfaces(args: readonly string[]): Promise<Map<string, NicCounters>> {
  const parsed = parseNetstatIb((await runTool('netstat', args)).stdout);
  if (parsed === null) throw unparseable('netstat', 'no "Name Mtu Network Address Ipkts … Ibytes" header');
  for (const line of parsed.malformed) warnOnce(`netstat: skipped a line that fits no known layout: '${line.trim()}'`);
  return parsed.nics;
}
