// Per-device snapshots on Solaris and illumos, each from one kstat run: the CPUs of cpu_stat, the
// disks' I/O kstats, the datalinks.
import type { CpuTimes, DeviceSnapshot, DiskDevice, NicCounters } from '../types.js';
import { deviceReader } from '../device-reader.js';
import { requireCpuStat } from './cpu-stat.js';
import { CPU_SELECTOR } from './system.js';
import { DISK_SELECTOR, LINK_SELECTOR, disksFromKstat, linksFromKstat } from './devices.js';
import { readKstat } from './sources.js';

export const createCpuReader = (): (() => Promise<DeviceSnapshot<CpuTimes>>) =>
  deviceReader(async () => requireCpuStat(await readKstat([CPU_SELECTOR])).cpus);

export const createDiskReader = (): (() => Promise<DeviceSnapshot<DiskDevice>>) =>
  deviceReader(async () => disksFromKstat(await readKstat([DISK_SELECTOR])));

export const createNicReader = (): (() => Promise<DeviceSnapshot<NicCounters>>) =>
  deviceReader(async () => linksFromKstat(await readKstat([LINK_SELECTOR])));
