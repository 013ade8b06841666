// Per-device snapshots on Linux: the CPUs of /proc/stat, the block devices of /proc/diskstats
// (with the space of the filesystem mounted from each), the interfaces of /proc/net/dev (with the
// speed and duplex of each link).
import { statfsSync } from 'node:fs';
import type { CpuTimes, DeviceSnapshot, DiskDevice, FilesystemSpace, NicCounters, SourceRoots } from '../types.js';
import { readStat, readDiskstats, readNetDev, readMountinfo } from './sources.js';
import { mountPointsByDevice } from './mountinfo.js';
import { filesystemRoot, underRoot } from './filesystem-root.js';
import { SourceReads } from './source-reads.js';
import { addLinkSpeeds } from './link-speed.js';
import { RuntimeError } from '../../core/errors.js';

function stamp(): { epochMs: number; monoNs: bigint } {
  return { epochMs: Date.now(), monoNs: process.hrtime.bigint() };
}

export function createCpuReader(roots: SourceRoots): () => DeviceSnapshot<CpuTimes> {
  return () => {
    const t = stamp();
    return { ...t, devices: readStat(roots.procfs).cpus };
  };
}

/** /proc/net/dev's counters, and each link's speed and duplex from sysfs (for utilpct). */
export function createNicReader(roots: SourceRoots): () => DeviceSnapshot<NicCounters> {
  return () => {
    const t = stamp();
    const devices = readNetDev(roots.procfs);
    addLinkSpeeds(roots.sysfs, devices);
    return { ...t, devices };
  };
}

export type StatFs = (path: string) => { bsize: number; blocks: number; bfree: number; bavail: number };

/** Space of the filesystem at a mount point, asked at `path`; undefined when it cannot be read (gone, no access). */
function filesystemSpace(mountPoint: string, path: string, statfs: StatFs): FilesystemSpace | undefined {
  try {
    const s = statfs(path);
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
 * empty. At the first reading, a --rootfs (but /) under which not one mount point can be asked is refused.
 */
export function createDiskReader(roots: SourceRoots, statfs: StatFs = statfsSync): () => DeviceSnapshot<DiskDevice> {
  const fsRoot = filesystemRoot(roots);
  const mountinfo = `${roots.procfs}/self/mountinfo`;
  let first = true;
  return () => {
    const t = stamp();
    const disks = readDiskstats(roots.procfs);
    const sources = new SourceReads();
    const mounts = sources.read(mountinfo, () => mountPointsByDevice(readMountinfo(roots.procfs)));
    const devices = new Map<string, DiskDevice>();
    let asked = 0;
    let answered = 0;
    let example = '';
    for (const [name, counters] of disks) {
      const mountPoint = mounts?.get(`${counters.major}:${counters.minor}`);
      let filesystem: FilesystemSpace | undefined;
      if (mountPoint === undefined) {
        filesystem = undefined;
      } else if (fsRoot === undefined) {
        filesystem = { mountPoint };
      } else {
        asked++;
        example ||= mountPoint;
        filesystem = filesystemSpace(mountPoint, underRoot(fsRoot, mountPoint), statfs);
        if (filesystem !== undefined) answered++;
      }
      devices.set(name, filesystem === undefined ? counters : { ...counters, filesystem });
    }
    // "/" is this machine's own: its mount points may all be out of reach (no permission), which
    // is no mistyped root.
    if (first && roots.rootfs !== undefined && roots.rootfs !== '/' && asked > 0 && answered === 0) {
      throw new RuntimeError(`${roots.rootfs} holds none of the mount points of ${roots.procfs}, such as ${example}`);
    }
    first = false;
    return { ...t, devices, unread: sources.failures };
  };
}
