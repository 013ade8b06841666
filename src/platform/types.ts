// What a platform backend hands a recorder: typed snapshots, the same shape on every OS.
import type { CpuStat } from './linux/stat.js';
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

export type { CpuStat, LoadAvg, DiskCounters, NicCounters };
