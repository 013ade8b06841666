// What a platform backend hands a recorder: typed snapshots, the same shape on every OS.
import type { CpuStat, CpuTimes } from './linux/stat.js';
import type { LoadAvg } from './linux/loadavg.js';
import type { DiskCounters } from './linux/diskstats.js';
import type { NicCounters } from './linux/netdev.js';

/** Where the kernel's pseudo filesystems are mounted: another root for containers and tests. */
export interface SourceRoots {
  procfs: string;
  sysfs: string;
}

export interface Snapshot {
  /** Monotonic clock at the reading, for rates. */
  monoNs: bigint;
  /** Wall clock at the reading, UTC milliseconds since the epoch, for the timestamp. */
  epochMs: number;
}

/** Memory and swap in KiB; a figure the OS does not give is undefined. */
export interface MemoryFigures {
  memTotal?: number;
  memFree?: number;
  memAvailable?: number;
  buffers?: number;
  cached?: number;
  swapTotal?: number;
  swapFree?: number;
  swapCached?: number;
}

export interface SystemSnapshot extends Snapshot {
  cpu: CpuStat;
  memory: MemoryFigures;
  load: LoadAvg;
  /** The disks whose I/O is summed, each counted once (no partitions, no stacked devices). */
  systemDisks: Map<string, DiskCounters>;
  /** The interfaces whose traffic is summed, each counted once. */
  systemNics: Map<string, NicCounters>;
}

export type { CpuStat, CpuTimes, LoadAvg, DiskCounters, NicCounters };

/** A per-device snapshot: one entry per CPU, disk or interface, by kernel name. */
export interface DeviceSnapshot<D> extends Snapshot {
  devices: Map<string, D>;
}

/** Space of the filesystem mounted from a disk, in bytes, as df counts it. */
export interface FilesystemSpace {
  mountPoint: string;
  sizeBytes: number;
  /** Free for unprivileged users (df's Avail): the blocks reserved for root are not in it. */
  availBytes: number;
  /** Blocks in use (total - free), df's Used. */
  usedBytes: number;
}

export interface DiskDevice extends DiskCounters {
  /** Undefined when no filesystem is mounted from the device (or its space cannot be read). */
  filesystem?: FilesystemSpace;
}
