// What a platform backend hands a recorder: typed snapshots, the same shape on every OS, and the
// shape of a backend itself. Nothing here belongs to one OS: each backend's parsers keep their own
// types (Linux's diskstats columns, FreeBSD's devstat fields) and map them onto these.

/** Where the kernel's pseudo filesystems are mounted: another root for containers and tests. */
export interface SourceRoots {
  procfs: string;
  sysfs: string;
  /**
   * The watched system's "/": hdwrec's /etc (os-release and the older release files), diskrec's
   * mount points for statfs. Undefined unless given.
   */
  rootfs?: string;
}

/** A source that could not be read for one snapshot: the fields it feeds are empty there. */
export interface SourceFailure {
  /** What could not be read, the same from one reading to the next: "/proc/net/dev". */
  source: string;
  /** Why, in one line: "cannot read /proc/net/dev: no such file or directory". */
  message: string;
}

export interface Snapshot {
  /** Monotonic clock at the reading, for rates. */
  monoNs: bigint;
  /** Wall clock at the reading, UTC milliseconds since the epoch, for the timestamp. */
  epochMs: number;
  /** The sources that could not be read this time (sources fail alone); undefined when none failed. */
  unread?: SourceFailure[];
}

/**
 * CPU time per state in ticks, for one CPU or all together: Linux's columns of /proc/stat. Linux
 * has every state; another OS leaves out those its kernel does not account (undefined: an empty
 * field). guest and guestNice are already inside user and nice, as the kernel counts them: they
 * are not states of their own, and are never added to the total.
 */
export interface CpuTimes {
  user: number;
  nice?: number;
  system: number;
  idle: number;
  iowait?: number;
  irq?: number;
  softirq?: number;
  steal?: number;
  /** Running a guest's virtual CPU (2.6.24+), within user. */
  guest?: number;
  /** Running a niced guest's virtual CPU (2.6.33+), within nice. */
  guestNice?: number;
}

/** The states whose ticks make up a CPU's time: guest and guestNice are inside user and nice. */
export const CPU_STATES: readonly (keyof CpuTimes)[] = [
  'user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal',
];

export interface CpuStat {
  /** The aggregate `cpu` line. */
  total: CpuTimes;
  /** `cpuN` lines by name, online CPUs only: an offline CPU has no line, so numbering may have gaps. */
  cpus: Map<string, CpuTimes>;
}

/** Load averages, and the tasks running and existing where the OS counts them. */
export interface LoadAvg {
  avg1: number;
  avg5: number;
  avg15: number;
  /** Runnable scheduling entities now (the reader itself among them); undefined where the OS does not say. */
  running?: number;
  /** Scheduling entities (processes and threads) in existence; undefined where the OS does not say. */
  tasks?: number;
}

/** An interface's cumulative counters. Linux keeps every one; another OS leaves out those it does not keep (undefined: an empty field). */
export interface NicCounters {
  /** The link's speed now, Mb/s; undefined where unknown (virtual interfaces, a link down). */
  speedMbps?: number;
  /** The link's duplex now; undefined where unknown. */
  duplex?: 'full' | 'half';
  name: string;
  rxBytes: number;
  rxPackets: number;
  rxErrors?: number;
  rxDropped?: number;
  rxFifo?: number;
  rxFrame?: number;
  rxCompressed?: number;
  rxMulticast?: number;
  txBytes: number;
  txPackets: number;
  txErrors?: number;
  txDropped?: number;
  txFifo?: number;
  txCollisions?: number;
  txCarrier?: number;
  txCompressed?: number;
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
 * the OS counts in, times are milliseconds. An OS that does not split reads from writes (macOS)
 * gives only the totals; a counter an OS does not keep is undefined.
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
  /** Time the completed reads took, and the writes (Linux). */
  msReading?: number;
  msWriting?: number;
  /** Time the completed requests took, where the OS does not split reads from writes. */
  msRequests?: number;
  /** Time the device had a request in flight: its busy time. */
  msDoingIo?: number;
  /** Requests in flight integrated over time (ms × requests): the queue's area. */
  weightedMsDoingIo?: number;
  /** Discard requests (Linux 4.18+): completed, sectors, time they took. */
  discardsCompleted?: number;
  sectorsDiscarded?: number;
  msDiscarding?: number;
  /** Flush requests completed (Linux 5.5+). */
  flushesCompleted?: number;
}

/** Events counted since boot, and one level; undefined where the OS does not count it. */
export interface SystemActivity {
  contextSwitches?: number;
  interrupts?: number;
  /** Processes (and threads) created. */
  forks?: number;
  /** Tasks blocked on I/O at the moment of the reading: a level, not a counter. */
  blocked?: number;
}

/** Paging counters since boot; undefined where the OS does not count one. */
export interface PagingCounters {
  /** KiB paged in from disk, and out to it. */
  pagedInKiB?: number;
  pagedOutKiB?: number;
  /** Page faults, minor and major. */
  faults?: number;
  /** Faults that had to read from disk. */
  majorFaults?: number;
  /** Pages swapped in, and out. */
  swappedIn?: number;
  swappedOut?: number;
}

/**
 * Stall time since boot in microseconds (Linux's pressure stall information): "some" while at least
 * one task waited on the resource, "full" while every non-idle task did.
 */
export interface StallTotals {
  cpuSome?: number;
  ioSome?: number;
  ioFull?: number;
  memorySome?: number;
  memoryFull?: number;
}

/** TCP's MIB-II counters since boot, and the connections established now. */
export interface TcpCounters {
  activeOpens?: number;
  passiveOpens?: number;
  retransSegs?: number;
  /** Connections in ESTABLISHED or CLOSE-WAIT now: a level. */
  currEstab?: number;
}

/** A part left undefined could not be read for this snapshot: its fields are empty, never 0. */
export interface SystemSnapshot extends Snapshot {
  cpu?: CpuStat;
  memory: MemoryFigures;
  load?: LoadAvg;
  /** The disks whose I/O is summed, each counted once (no partitions, no stacked devices). */
  systemDisks?: Map<string, DiskIo>;
  /** The interfaces whose traffic is summed, each counted once. */
  systemNics?: Map<string, NicCounters>;
  activity?: SystemActivity;
  paging?: PagingCounters;
  stalls?: StallTotals;
  tcp?: TcpCounters;
}


/** A per-device snapshot: one entry per CPU, disk or interface, by kernel name. */
export interface DeviceSnapshot<D> extends Snapshot {
  devices: Map<string, D>;
}

/**
 * The filesystem mounted from a disk, its space in bytes as df counts it. The space is undefined
 * where it cannot be asked: the mounts of another machine's procfs with no --rootfs to find them.
 */
export interface FilesystemSpace {
  mountPoint: string;
  sizeBytes?: number;
  /** Free for unprivileged users (df's Avail): the blocks reserved for root are not in it. */
  availBytes?: number;
  /** Blocks in use (total - free), df's Used. */
  usedBytes?: number;
}

export interface DiskDevice extends DiskIo {
  /** Undefined when no filesystem is mounted from the device (or its space cannot be read). */
  filesystem?: FilesystemSpace;
}

/**
 * The hardware and software inventory: levels, not counters; undefined where the OS does not say
 * or the source could not be read.
 */
export interface InventorySnapshot extends Snapshot {
  hostname?: string;
  /** uname -m: x86_64, aarch64. */
  machine: string;
  cpuModel?: string;
  /** "none" on bare metal; undefined where the OS does not say. */
  hypervisor?: string;
  osId?: string;
  osVersion?: string;
  kernel?: string;
  packages?: number;
  cores?: number;
  logicalCpus?: number;
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

/** A domain's line: column name -> value as printed ("-", "n/a" and "no limit" included). */
export interface XenDomain {
  name: string;
  values: Map<string, string>;
}

/** The domains of xentop's last iteration, by name. */
export type XenSnapshot = DeviceSnapshot<XenDomain>;

export interface XentopSettings {
  /** The program; undefined: xentop on PATH, then /usr/sbin/xentop. */
  xentop?: string;
  timeoutSeconds: number;
}


/** What a reader returns: Linux reads /proc at once, the other OSes wait for their tools. */
export type Reading<S> = S | Promise<S>;

/** The kinds of device a recorder may leave out by default, by name. */
export type DeviceKind = 'disk' | 'interface';

/** The devices of one kind that a per-device recorder leaves out unless they are named. */
export interface DeviceExclusion {
  pattern: RegExp;
  /** The same in words, for --help and the man pages: "loop, ram, zram, fd and sr devices". */
  words: string;
}

/** A backend: for each kind of snapshot, the function that takes one. */
export interface Platform {
  name: string;
  systemReader(roots: SourceRoots): () => Reading<SystemSnapshot>;
  cpuReader(roots: SourceRoots): () => Reading<DeviceSnapshot<CpuTimes>>;
  diskReader(roots: SourceRoots): () => Reading<DeviceSnapshot<DiskDevice>>;
  nicReader(roots: SourceRoots): () => Reading<DeviceSnapshot<NicCounters>>;
  inventoryReader(roots: SourceRoots): () => Promise<InventorySnapshot>;
  xenReader(settings: XentopSettings): () => Promise<XenSnapshot>;
  /** "mmcblk0p2, mounted on /": the disk that holds a directory, where the OS can tell. */
  diskOfDirectory?(dir: string): string | undefined;
  /** What diskrec and nicrec leave out by default on this OS. */
  excluded: Record<DeviceKind, DeviceExclusion | undefined>;
}
