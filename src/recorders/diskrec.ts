// diskrec: one row per block device per sample, partitions included, with the space of the
// filesystem mounted from it; fields as lmo/diskrec.json lists them.
import type { Recorder } from './recorder.js';
import type { DeviceSnapshot, DiskDevice } from '../platform/types.js';
import { counterDelta } from '../core/counters.js';
import { diskRates } from './disk-rates.js';
import { perDeviceRows } from './per-device.js';

const GIB = 2 ** 30;

const rows = perDeviceRows<DiskDevice>((before, now, seconds) => {
  const io = diskRates((counter) => counterDelta(counter(before), counter(now)), seconds);
  const fs = now.filesystem;
  // Used share as df prints it: used / (used + available to users).
  const usedPct = fs && fs.usedBytes + fs.availBytes > 0 ? (100 * fs.usedBytes) / (fs.usedBytes + fs.availBytes) : null;
  return [
    ...io,
    fs ? fs.sizeBytes / GIB : null, fs ? fs.availBytes / GIB : null, usedPct, fs?.mountPoint ?? null,
  ];
});

export const diskrec: Recorder<DeviceSnapshot<DiskDevice>> = {
  name: 'diskrec',
  devices: { flags: '-d, --devices <list>', what: 'disk', kind: 'disk' },
  reader: (platform, roots) => platform.diskReader(roots),
  rows,
};
