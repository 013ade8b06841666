// cpurec: one row per online CPU per sample, fields as lmo/cpurec.json lists them.
import type { Recorder } from './recorder.js';
import type { CpuTimes, DeviceSnapshot } from '../platform/types.js';
import { busyPct, cpuShares } from './cpu-shares.js';
import { perDeviceRows } from './per-device.js';

const rows = perDeviceRows<CpuTimes>((before, now) => {
  const s = cpuShares(before, now);
  return [s.user, s.nice, s.system, s.irq, s.softirq, s.iowait, s.steal, s.idle, busyPct(s), s.guest, s.guestNice];
});

export const cpurec: Recorder<DeviceSnapshot<CpuTimes>> = {
  name: 'cpurec',
  reader: (platform, roots) => platform.cpuReader(roots),
  rows,
};
