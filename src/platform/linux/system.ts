// The whole-system snapshot on Linux: seven /proc files per sample and the three of /proc/pressure,
// plus sysfs to learn which disks and interfaces to sum. That classification is read again only
// when the set of device names changes, so a steady sample costs ten reads. Each file fails alone:
// one that cannot be read leaves its fields empty; only a procfs that holds none of them fails the
// reading. /proc/pressure, which older kernels lack for good, is said once (stalls.ts).
import type { MemoryFigures, SourceRoots, SystemSnapshot } from '../types.js';
import type { Meminfo } from './meminfo.js';
import { readStat, readMeminfo, readLoadavg, readDiskstats, readNetDev, readVmstat, readSnmp } from './sources.js';
import { readStalls } from './stalls.js';
import { readBlockDevices, systemDiskNames } from './block-devices.js';
import { readNetDeviceClasses, systemNicNames } from './net-devices.js';
import { memoByNames } from '../../core/memo-by-names.js';
import { SourceReads, holdsNone } from './source-reads.js';

const SOURCES = ['stat', 'meminfo', 'loadavg', 'diskstats', 'net/dev', 'vmstat', 'net/snmp'];

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

  const { procfs } = roots;
  return () => {
    const epochMs = Date.now();
    const monoNs = process.hrtime.bigint();
    const sources = new SourceReads();
    const cpu = sources.read(`${procfs}/stat`, () => readStat(procfs));
    const mem = sources.read(`${procfs}/meminfo`, () => readMeminfo(procfs));
    const load = sources.read(`${procfs}/loadavg`, () => readLoadavg(procfs));
    const disks = sources.read(`${procfs}/diskstats`, () => readDiskstats(procfs));
    const nics = sources.read(`${procfs}/net/dev`, () => readNetDev(procfs));
    const paging = sources.read(`${procfs}/vmstat`, () => readVmstat(procfs));
    const tcp = sources.read(`${procfs}/net/snmp`, () => readSnmp(procfs));
    if (sources.failed === SOURCES.length) throw holdsNone(procfs, SOURCES, sources.failures);
    return {
      epochMs,
      monoNs,
      cpu,
      memory: mem === undefined ? {} : memoryFigures(mem),
      load,
      systemDisks: disks && pick(disks, disksToSum([...disks.keys()])),
      systemNics: nics && pick(nics, nicsToSum([...nics.keys()])),
      activity: cpu?.activity,
      paging,
      stalls: readStalls(procfs),
      tcp,
      unread: sources.failures,
    };
  };
}
