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

/** A value: counters are unsigned, but MaxConn is -1 (no limit). */
const VALUE = /^-?\d+$/;

export function parseSnmp(text: string): Snmp {
  const tcp: TcpCounters = {};
  const malformed: string[] = [];
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  for (let i = 0; i < lines.length; i += 2) {
    const names = lines[i].trim().split(/\s+/);
    const values = lines[i + 1]?.trim().split(/\s+/);
    const fits = values !== undefined && names[0].endsWith(':') && values[0] === names[0]
      && values.length === names.length && values.slice(1).every((v) => VALUE.test(v));
    if (!fits) {
      // Out of step: this line is set aside and the next taken as a line of names.
      malformed.push(lines[i]);
      i -= 1;
      continue;
    }
    if (names[0] !== 'Tcp:') continue;
    names.forEach((n, k) => {
      const key = TCP.get(n);
      if (key !== undefined) tcp[key] = Number(values[k]);
    });
  }
  return { tcp, malformed };
}
