// Per-device snapshots on macOS: each CPU's ticks (from Node, no process), each disk of iostat -I,
// each interface of netstat.
import type { CpuTimes, DeviceSnapshot, DiskDevice, NicCounters } from '../types.js';
import { deviceReader } from '../device-reader.js';
import { readCpuStat } from './cpu-times.js';
import { readDiskTotals, readInterfaces } from './sources.js';

export const createCpuReader = (): (() => Promise<DeviceSnapshot<CpuTimes>>) => deviceReader(async () => readCpuStat().cpus);

export const createDiskReader = (): (() => Promise<DeviceSnapshot<DiskDevice>>) => deviceReader(readDiskTotals);

export const createNicReader = (): (() => Promise<DeviceSnapshot<NicCounters>>) => deviceReader(readInterfaces);
