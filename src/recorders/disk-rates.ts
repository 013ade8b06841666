// Disk rates shared by diskrec (one device) and sysrec (the sum over the system's disks): the six
// fields reads, rkbytes, writes, wkbytes, iops and rwkbytes.
import type { DiskIo } from '../platform/types.js';
import type { Value } from './recorder.js';
import { addKnown, perSecond } from '../core/counters.js';

/** The change of one counter over the interval, null when unknown. */
export type DiskDelta = (counter: (d: DiskIo) => number | undefined) => number | null;

export function diskRates(delta: DiskDelta, seconds: number): Value[] {
  const rate = (counter: (d: DiskIo) => number | undefined, scale = 1) => perSecond(delta(counter), seconds, scale);
  const reads = rate((d) => d.readsCompleted);
  const writes = rate((d) => d.writesCompleted);
  // Sectors are 512 bytes whatever the device's block size: half a KiB.
  const rkb = rate((d) => d.sectorsRead, 0.5);
  const wkb = rate((d) => d.sectorsWritten, 0.5);
  // An OS that counts only the sum of both directions (macOS) still gives the totals.
  const iops = addKnown(reads, writes) ?? rate((d) => d.transfers);
  const rwkb = addKnown(rkb, wkb) ?? rate((d) => d.sectorsTransferred, 0.5);
  return [reads, rkb, writes, wkb, iops, rwkb];
}
