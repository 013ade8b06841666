// /proc/vmstat: "name value" a line, every counter of the kernel's vm_event and zone statistics.
// Only the paging counters sar -B shows are kept: pgpgin and pgpgout (the kernel counts them in
// KiB: it halves the sectors of each bio), pgfault (minor and major), pgmajfault, pswpin and
// pswpout (pages). Kernels since 2.6 print them all; one a kernel lacks stays undefined.
// The file has some 200 lines, of which six are read: whole-text regular expressions (run by the
// regex engine, not line by line in JavaScript) check the layout and pick the six.
import type { PagingCounters } from '../types.js';

export interface Vmstat {
  paging: PagingCounters;
  /** Lines that are not "name number", for the caller to report. */
  malformed: string[];
}

const KEPT = new Map<string, keyof PagingCounters>([
  ['pgpgin', 'pagedInKiB'], ['pgpgout', 'pagedOutKiB'], ['pgfault', 'faults'], ['pgmajfault', 'majorFaults'],
  ['pswpin', 'swappedIn'], ['pswpout', 'swappedOut'],
]);

/** A line of another form than "name number" (an empty line is none). */
const MALFORMED = /^(?![a-z][a-z0-9_]* \d+$).+$/gm;
const WANTED = /^(pgpgin|pgpgout|pgfault|pgmajfault|pswpin|pswpout) (\d+)$/gm;

export function parseVmstat(text: string): Vmstat {
  const paging: PagingCounters = {};
  const malformed = text.match(MALFORMED) ?? [];
  for (const m of text.matchAll(WANTED)) paging[KEPT.get(m[1])!] = Number(m[2]);
  return { paging, malformed };
}
