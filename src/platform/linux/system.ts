// The whole-system snapshot on Linux: five /proc files per sample, plus sysfs to learn which disks
// and interfaces to sum. That classification is read again only when the set of device names
// changes, so a steady sample costs five reads.
import type { MemoryFigures, SourceRoots, SystemSnapshot } from '../types.js';
import { readSourceFile, parseOrFail } from './procfs.js';
import { parseStat } from './stat.js';
import { parseMeminfo, type Meminfo } from './meminfo.js';
import { parseLoadavg } from './loadavg.js';
import { parseDiskstats, type DiskCounters } from './diskstats.js';
import { parseNetDev, type NicCounters } from './netdev.js';
import { readBlockDevices, systemDiskNames } from './block-devices.js';
import { readNetDeviceClasses, systemNicNames } from './net-devices.js';
import { warnOnce } from '../../core/warn.js';
import { RuntimeError } from '../../core/errors.js';

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

/** Remembers the last answer of `classify` for the same list of names. */
function memoByNames(classify: (names: string[]) => Set<string>): (names: string[]) => Set<string> {
  let key: string | undefined;
  let value = new Set<string>();
  return (names) => {
    const k = names.join('\n');
    if (k !== key) {
      key = k;
      value = classify(names);
    }
    return value;
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

function reportMalformed(path: string, lines: string[]): void {
  for (const line of lines) warnOnce(`${path}: skipped a line that fits no known layout: '${line.trim()}'`);
}

export function createSystemReader(roots: SourceRoots): () => SystemSnapshot {
  const paths = {
    stat: `${roots.procfs}/stat`,
    meminfo: `${roots.procfs}/meminfo`,
    loadavg: `${roots.procfs}/loadavg`,
    diskstats: `${roots.procfs}/diskstats`,
    netdev: `${roots.procfs}/net/dev`,
  };
  const disksToSum = memoByNames((names) => systemDiskNames(names, readBlockDevices(roots.sysfs)));
  const nicsToSum = memoByNames((names) => systemNicNames(names, readNetDeviceClasses(roots.sysfs, names)));

  return () => {
    const epochMs = Date.now();
    const monoNs = process.hrtime.bigint();
    const cpu = parseOrFail(paths.stat, readSourceFile(paths.stat), parseStat, '/proc/stat (no cpu line)');
    const memory = memoryFigures(parseMeminfo(readSourceFile(paths.meminfo)));
    if (memory.memTotal === undefined) {
      throw new RuntimeError(`${paths.meminfo} does not look like /proc/meminfo (no MemTotal)`);
    }
    const load = parseOrFail(paths.loadavg, readSourceFile(paths.loadavg), parseLoadavg, '/proc/loadavg');
    const diskstats = parseDiskstats(readSourceFile(paths.diskstats));
    reportMalformed(paths.diskstats, diskstats.malformed);
    const netdev = parseNetDev(readSourceFile(paths.netdev));
    reportMalformed(paths.netdev, netdev.malformed);
    const systemDisks: Map<string, DiskCounters> = pick(diskstats.disks, disksToSum([...diskstats.disks.keys()]));
    const systemNics: Map<string, NicCounters> = pick(netdev.nics, nicsToSum([...netdev.nics.keys()]));
    return { epochMs, monoNs, cpu, memory, load, systemDisks, systemNics };
  };
}
