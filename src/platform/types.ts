// What a platform backend hands a recorder: typed snapshots, the same shape on every OS.
import type { CpuStat, CpuTimes } from './linux/stat.js';
import type { LoadAvg } from './linux/loadavg.js';
import type { DiskCounters } from './linux/diskstats.js';
import type { NicCounters } from './linux/netdev.js';

/** Where the kernel's pseudo filesystems are mounted: another root for containers and tests. */
export interface SourceRoots {
  procfs: string;
  sysfs: string;
  /** The root of /etc (os-release and the older release files); "/" unless given. */
  rootfs?: string;
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

/**
 * A disk's cumulative I/O counters, as every OS can give them. Sectors are 512-byte units whatever
 * the OS counts in. An OS that does not split reads from writes (macOS) gives only the totals.
 */
export interface DiskIo {
  name: string;
  readsCompleted?: number;
  sectorsRead?: number;
  writesCompleted?: number;
  sectorsWritten?: number;
  /** Reads + writes, where the OS counts only the sum. */
  transfers?: number;
  /** Sectors read + written, where the OS counts only the sum. */
  sectorsTransferred?: number;
}

export interface SystemSnapshot extends Snapshot {
  cpu: CpuStat;
  memory: MemoryFigures;
  load: LoadAvg;
  /** The disks whose I/O is summed, each counted once (no partitions, no stacked devices). */
  systemDisks: Map<string, DiskIo>;
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

export interface DiskDevice extends DiskIo {
  /** Undefined when no filesystem is mounted from the device (or its space cannot be read). */
  filesystem?: FilesystemSpace;
}

/** The hardware and software inventory: levels, not counters; undefined where the OS does not say. */
export interface InventorySnapshot extends Snapshot {
  hostname: string;
  /** uname -m: x86_64, aarch64. */
  machine: string;
  cpuModel?: string;
  /** "none" on bare metal; undefined where the OS does not say. */
  hypervisor?: string;
  osId?: string;
  osVersion?: string;
  kernel: string;
  packages?: number;
  cores?: number;
  logicalCpus: number;
  /** Simultaneous multithreading on. */
  smt?: boolean;
  memTotalKiB?: number;
  swapTotalKiB?: number;
  /** Whole disks, each counted once (no partitions, stacked, loop or RAM devices); undefined without sysfs. */
  disks?: number;
  /** Σ size of the filesystems mounted from block devices, each device once; undefined where not measured. */
  diskSpaceBytes?: number;
  /** Network interfaces but loopback; undefined where not counted. */
  nics?: number;
  /** Undefined where the boot time is not known. */
  uptimeSeconds?: number;
  /** "eth0_192.0.2.7 eth0_2001:db8::7": every address of every interface but loopback. */
  ips: string;
}
