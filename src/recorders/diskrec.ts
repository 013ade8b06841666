// diskrec: one row per block device per sample, partitions included, with the space of the
// filesystem mounted from it, and iostat -x's averages; fields as lmo/diskrec.json lists them.
import type { Recorder } from './recorder.js';
import type { DeviceSnapshot, DiskDevice } from '../platform/types.js';
import { counterDelta } from '../core/counters.js';
import { diskRates } from './disk-rates.js';
import { diskTimes } from './disk-times.js';
import { perDeviceRows } from './per-device.js';

const GIB = 2 ** 30;

const rows = perDeviceRows<DiskDevice>((before, now, seconds) => {
  const io = diskRates((counter) => counterDelta(counter(before), counter(now)), seconds);
  const fs = now.filesystem;
  const size = fs?.sizeBytes;
  const used = fs?.usedBytes;
  const avail = fs?.availBytes;
  // Used share as df prints it: used / (used + available to users).
  const usedPct = used !== undefined && avail !== undefined && used + avail > 0 ? (100 * used) / (used + avail) : null;
  // concat, not spreads: this runs once per device, thousands of times a sample.
  return io.concat(
    [size === undefined ? null : size / GIB, avail === undefined ? null : avail / GIB, usedPct, fs?.mountPoint ?? null],
    diskTimes(before, now, seconds),
  );
});

export const diskrec: Recorder<DeviceSnapshot<DiskDevice>> = {
  name: 'diskrec',
  devices: { flags: '-d, --devices <list>', what: 'disk', kind: 'disk' },
  rootfs: 'statfs each mount point under this root (the host\'s / mounted in a container); without it /, ' +
    'but with another --procfs size, free and usedpct are left empty rather than describe this machine',
  reader: (platform, roots) => platform.diskReader(roots),
  rows,
};
