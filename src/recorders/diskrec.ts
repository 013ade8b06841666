// diskrec: one row per block device per sample, partitions included, with the space of the
// filesystem mounted from it; fields as lmo/diskrec.json lists them.
import type { Recorder } from './recorder.js';
import type { DeviceSnapshot, DiskDevice } from '../platform/types.js';
import { addKnown, counterDelta, perSecond } from '../core/counters.js';
import { perDeviceRows } from './per-device.js';
import { NOT_A_SYSTEM_DISK } from '../platform/linux/block-devices.js';

const GIB = 2 ** 30;

const rows = perDeviceRows<DiskDevice>((before, now, seconds) => {
  const rate = (pick: (d: DiskDevice) => number, scale = 1) => perSecond(counterDelta(pick(before), pick(now)), seconds, scale);
  const reads = rate((d) => d.readsCompleted);
  const writes = rate((d) => d.writesCompleted);
  // Sectors are 512 bytes whatever the device's block size: half a KiB.
  const rkb = rate((d) => d.sectorsRead, 0.5);
  const wkb = rate((d) => d.sectorsWritten, 0.5);
  const fs = now.filesystem;
  // Used share as df prints it: used / (used + available to users).
  const usedPct = fs && fs.usedBytes + fs.availBytes > 0 ? (100 * fs.usedBytes) / (fs.usedBytes + fs.availBytes) : null;
  return [
    reads, rkb, writes, wkb, addKnown(reads, writes), addKnown(rkb, wkb),
    fs ? fs.sizeBytes / GIB : null, fs ? fs.availBytes / GIB : null, usedPct, fs?.mountPoint ?? null,
  ];
});

export const diskrec: Recorder<DeviceSnapshot<DiskDevice>> = {
  name: 'diskrec',
  devices: { flags: '-d, --devices <list>', what: 'disk', exclude: NOT_A_SYSTEM_DISK,
    excludedInWords: 'loop, ram, zram, fd and sr devices' },
  reader: (platform, roots) => platform.diskReader(roots),
  rows,
};
