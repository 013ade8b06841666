// Per-device snapshots on Linux: the CPUs of /proc/stat, the block devices of /proc/diskstats
// (with the space of the filesystem mounted from each), the interfaces of /proc/net/dev.
import { statfsSync } from 'node:fs';
import type { CpuTimes, DeviceSnapshot, DiskDevice, FilesystemSpace, NicCounters, SourceRoots } from '../types.js';
import { readStat, readDiskstats, readNetDev, readMountinfo } from './sources.js';
import { mountPointsByDevice } from './mountinfo.js';
import { SourceReads } from './source-reads.js';

function stamp(): { epochMs: number; monoNs: bigint } {
  return { epochMs: Date.now(), monoNs: process.hrtime.bigint() };
}

export function createCpuReader(roots: SourceRoots): () => DeviceSnapshot<CpuTimes> {
  return () => {
    const t = stamp();
    return { ...t, devices: readStat(roots.procfs).cpus };
  };
}

export function createNicReader(roots: SourceRoots): () => DeviceSnapshot<NicCounters> {
  return () => {
    const t = stamp();
    return { ...t, devices: readNetDev(roots.procfs) };
  };
}

export type StatFs = (path: string) => { bsize: number; blocks: number; bfree: number; bavail: number };

/** Space of the filesystem at a mount point, or undefined when it cannot be read (gone, no access). */
function filesystemSpace(mountPoint: string, statfs: StatFs): FilesystemSpace | undefined {
  try {
    const s = statfs(mountPoint);
    return {
      mountPoint,
      sizeBytes: s.blocks * s.bsize,
      availBytes: s.bavail * s.bsize,
      usedBytes: (s.blocks - s.bfree) * s.bsize,
    };
  } catch {
    return undefined;
  }
}

/**
 * statfs is a parameter so that tests on a captured tree can answer for mount points not on this
 * machine. /proc/diskstats gives the rows; mountinfo fails alone, leaving only the filesystem fields
 * empty.
 */
export function createDiskReader(roots: SourceRoots, statfs: StatFs = statfsSync): () => DeviceSnapshot<DiskDevice> {
  const mountinfo = `${roots.procfs}/self/mountinfo`;
  return () => {
    const t = stamp();
    const disks = readDiskstats(roots.procfs);
    const sources = new SourceReads();
    const mounts = sources.read(mountinfo, () => mountPointsByDevice(readMountinfo(roots.procfs)));
    const devices = new Map<string, DiskDevice>();
    for (const [name, counters] of disks) {
      const mountPoint = mounts?.get(`${counters.major}:${counters.minor}`);
      const filesystem = mountPoint === undefined ? undefined : filesystemSpace(mountPoint, statfs);
      devices.set(name, filesystem === undefined ? counters : { ...counters, filesystem });
    }
    return { ...t, devices, unread: sources.failures };
  };
}
