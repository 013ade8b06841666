// The whole-system snapshot on Linux: five /proc files per sample, plus sysfs to learn which disks
// and interfaces to sum. That classification is read again only when the set of device names
// changes, so a steady sample costs five reads.
import type { MemoryFigures, SourceRoots, SystemSnapshot } from '../types.js';
import type { Meminfo } from './meminfo.js';
import { readStat, readMeminfo, readLoadavg, readDiskstats, readNetDev } from './sources.js';
import { readBlockDevices, systemDiskNames } from './block-devices.js';
import { readNetDeviceClasses, systemNicNames } from './net-devices.js';
import { memoByNames } from '../../core/memo-by-names.js';

function memoryFigures(mem: Meminfo): MemoryFigures {
  return {
    memTotal: mem.get('MemTotal'),
    memFree: mem.get('MemFree'),
    memAvailable: mem.get('MemAvailable'),
    buffers: mem.get('Buffers'),
    cached: mem.get('Cached'),
    swapTotal: mem.get('SwapTotal'),
    swapFree: mem.get('SwapFree'),
    swapCached: mem.get('SwapCached'),
  };
}

function pick<T>(all: Map<string, T>, names: Set<string>): Map<string, T> {
  const out = new Map<string, T>();
  for (const n of names) {
    const v = all.get(n);
    if (v !== undefined) out.set(n, v);
  }
  return out;
}

export function createSystemReader(roots: SourceRoots): () => SystemSnapshot {
  const disksToSum = memoByNames((names) => systemDiskNames(names, readBlockDevices(roots.sysfs)));
  const nicsToSum = memoByNames((names) => systemNicNames(names, readNetDeviceClasses(roots.sysfs, names)));

  return () => {
    const epochMs = Date.now();
    const monoNs = process.hrtime.bigint();
    const cpu = readStat(roots.procfs);
    const memory = memoryFigures(readMeminfo(roots.procfs));
    const load = readLoadavg(roots.procfs);
    const disks = readDiskstats(roots.procfs);
    const nics = readNetDev(roots.procfs);
    const systemDisks = pick(disks, disksToSum([...disks.keys()]));
    const systemNics = pick(nics, nicsToSum([...nics.keys()]));
    return { epochMs, monoNs, cpu, memory, load, systemDisks, systemNics };
  };
}
