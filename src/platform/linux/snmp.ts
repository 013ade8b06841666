// /proc/net/snmp: for each protocol a line of names and a line of values, both starting with the
// protocol ("Tcp: RtoAlgorithm RtoMin …" then "Tcp: 1 200 …"). Counters are found by name, so the
// columns later kernels added (InCsumErrors in 3.10, OutTransmits in 6.x) move nothing. Of TCP,
// sar -n TCP,ETCP's counters are kept: ActiveOpens, PassiveOpens, RetransSegs, and the level
// CurrEstab (connections established or in CLOSE-WAIT now).
import type { TcpCounters } from '../types.js';

export interface Snmp {
  tcp: TcpCounters;
  /** Lines that pair with no line of names, or whose values do not match them, for the caller to report. */
  malformed: string[];
}

const TCP = new Map<string, keyof TcpCounters>([
  ['ActiveOpens', 'activeOpens'], ['PassiveOpens', 'passiveOpens'], ['RetransSegs', 'retransSegs'], ['CurrEstab', 'currEstab'],
]);

/** A line of values: the protocol, then numbers (counters are unsigned, but MaxConn is -1: no limit). */
const VALUES = /^(\w+:)(?: -?\d+)+$/;

/** Blanks in a line: a line of names and its line of values have as many. */
function blanks(line: string): number {
  let n = 0;
  for (let i = line.indexOf(' '); i !== -1; i = line.indexOf(' ', i + 1)) n++;
  return n;
}

export function parseSnmp(text: string): Snmp {
  const tcp: TcpCounters = {};
  const malformed: string[] = [];
  const lines = text.split('\n').filter((l) => l !== '');
  for (let i = 0; i < lines.length; i += 2) {
    const names = lines[i];
    const values = lines[i + 1];
    const v = values === undefined ? null : VALUES.exec(values);
    const fits = v !== null && names.startsWith(v[1]) && names.charCodeAt(v[1].length) === 32 && blanks(names) === blanks(values);
    if (!fits) {
      // Out of step: this line is set aside and the next taken as a line of names.
      malformed.push(names);
      i -= 1;
      continue;
    }
    if (v[1] !== 'Tcp:') continue;
    const n = names.split(' ');
    const x = values.split(' ');
    n.forEach((name, k) => {
      const key = TCP.get(name);
      if (key !== undefined) tcp[key] = Number(x[k]);
    });
  }
  return { tcp, malformed };
}
