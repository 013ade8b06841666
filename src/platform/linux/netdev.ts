// /proc/net/dev: two header lines, then "name: 16 counters" per interface. The name may itself
// hold colons (alias "team0:1") and a long name or a wide counter may leave no space around the
// colon ("eth0:240011007431"), so the name ends at the LAST colon: counters never contain one.

import type { NicCounters } from '../types.js';
import { scanCounters } from './numbers.js';

export interface NetDev {
  nics: Map<string, NicCounters>;
  malformed: string[];
}

export function parseNetDev(text: string): NetDev {
  const nics = new Map<string, NicCounters>();
  const malformed: string[] = [];
  for (const line of text.split('\n')) {
    const colon = line.lastIndexOf(':');
    if (colon < 0) continue; // header lines and the trailing empty line
    if (line.includes('|')) continue;
    const name = line.slice(0, colon).trim();
    const v = scanCounters(line, colon + 1, line.length);
    if (name === '' || v === null || v.length !== 16) {
      malformed.push(line);
      continue;
    }
    nics.set(name, {
      name,
      rxBytes: v[0], rxPackets: v[1], rxErrors: v[2], rxDropped: v[3],
      rxFifo: v[4], rxFrame: v[5], rxCompressed: v[6], rxMulticast: v[7],
      txBytes: v[8], txPackets: v[9], txErrors: v[10], txDropped: v[11],
      txFifo: v[12], txCollisions: v[13], txCarrier: v[14], txCompressed: v[15],
      // Set by the reader from sysfs; here so that every interface has one object shape.
      speedMbps: undefined, duplex: undefined,
    });
  }
  return { nics, malformed };
}
