// Per-device snapshots on FreeBSD: each CPU of kern.cp_times, each devstat disk of iostat, each
// interface of netstat. diskrec leaves out the pass* passthrough devices (whose I/O is their disk's),
// cd and md by default: the backend's exclusions, in index.ts.
import type { CpuTimes, DeviceSnapshot, DiskDevice, NicCounters } from '../types.js';
import { deviceReader } from '../device-reader.js';
import { cpuStat, readSysctl, readDiskTotals, readInterfaces } from './sources.js';

export const createCpuReader = (): (() => Promise<DeviceSnapshot<CpuTimes>>) =>
  deviceReader(async () => cpuStat(await readSysctl(['kern.cp_time', 'kern.cp_times'])).cpus);

export const createDiskReader = (): (() => Promise<DeviceSnapshot<DiskDevice>>) =>
  deviceReader(readDiskTotals);

export const createNicReader = (): (() => Promise<DeviceSnapshot<NicCounters>>) => deviceReader(readInterfaces);
