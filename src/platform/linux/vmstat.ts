// /proc/vmstat: "name value" a line, every counter of the kernel's vm_event and zone statistics.
// Only the paging counters sar -B shows are kept: pgpgin and pgpgout (the kernel counts them in
// KiB: it halves the sectors of each bio), pgfault (minor and major), pgmajfault, pswpin and
// pswpout (pages). Kernels since 2.6 print them all; one a kernel lacks stays undefined.
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

const LINE = /^[a-z][a-z0-9_]* \d+$/;

export function parseVmstat(text: string): Vmstat {
  const paging: PagingCounters = {};
  const malformed: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (!LINE.test(line)) {
      malformed.push(line);
      continue;
    }
    const space = line.indexOf(' ');
    const key = KEPT.get(line.slice(0, space));
    if (key !== undefined) paging[key] = Number(line.slice(space + 1));
  }
  return { paging, malformed };
}
