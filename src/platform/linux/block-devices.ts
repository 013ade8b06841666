// Which block devices carry the system's disk I/O, each byte counted once. /sys/block lists whole
// devices only (no partitions). A stacked device (device-mapper: LVM, LUKS, multipath; md RAID) has
// entries under /sys/block/X/slaves: its I/O is also counted on the disks beneath, so it is left
// out. Loop, RAM-backed, floppy and optical devices are not disks of the system.
//
// NVMe multipath shows one namespace twice: the head (nvme0n1) and a hidden path per controller
// (nvme0c1n1, /sys/block/X/hidden = 1). Kernels before 6.x counted the I/O on the paths only, the
// head's counters staying 0; newer ones count it on the head too (queue/iostats = 1 there). The
// head is summed when it keeps its own statistics, else its paths: never both.
import { readdirSync, readFileSync } from 'node:fs';

export const NOT_A_SYSTEM_DISK = /^(loop|ram|zram|fd|sr)\d/;

export interface BlockDevice {
  /** Stacked on others (it has slaves): its I/O is theirs too. */
  stacked: boolean;
  /** A hidden NVMe multipath path of a namespace head. */
  hidden: boolean;
  /** queue/iostats: whether the device keeps I/O statistics of its own; undefined where not said. */
  ownStats?: boolean;
}

export type BlockDevices = Map<string, BlockDevice>;

function flag(path: string): boolean | undefined {
  try {
    return readFileSync(path, 'latin1').trim() === '1';
  } catch {
    return undefined;
  }
}

/** Reads /sys/block; null when it cannot be read (no sysfs in a container, say). */
export function readBlockDevices(sysfsRoot: string): BlockDevices | null {
  let names: string[];
  try {
    names = readdirSync(`${sysfsRoot}/block`);
  } catch {
    return null;
  }
  const devices: BlockDevices = new Map();
  for (const name of names) {
    if (name.startsWith('.')) continue;
    let stacked = false;
    try {
      stacked = readdirSync(`${sysfsRoot}/block/${name}/slaves`).length > 0;
    } catch {
      // no slaves directory: not a stacked device
    }
    const hidden = flag(`${sysfsRoot}/block/${name}/hidden`) === true;
    devices.set(name, { stacked, hidden, ownStats: NVME_HEAD.test(name) ? flag(`${sysfsRoot}/block/${name}/queue/iostats`) : undefined });
  }
  return devices;
}

const NVME_HEAD = /^nvme\d+n\d+$/;

/** nvme3c33n1 -> nvme3n1: the namespace head a hidden multipath path belongs to. */
function headOf(path: string): string | undefined {
  const m = /^nvme(\d+)c\d+n(\d+)$/.exec(path);
  return m === null ? undefined : `nvme${m[1]}n${m[2]}`;
}

/** The heads that have hidden paths. */
function headsWithPaths(sysBlock: BlockDevices): Set<string> {
  const heads = new Set<string>();
  for (const [name, d] of sysBlock) {
    const head = d.hidden ? headOf(name) : undefined;
    if (head !== undefined) heads.add(head);
  }
  return heads;
}

/** Without /sys/block: the kernel names that denote whole disks rather than partitions or stacks. */
const WHOLE_DISK_NAME = /^((s|v|xv|h)d[a-z]+|nvme\d+n\d+|mmcblk\d+)$/;

/** The names of /proc/diskstats whose I/O sysrec sums. */
export function systemDiskNames(diskstatsNames: Iterable<string>, sysBlock: BlockDevices | null): Set<string> {
  const counted = new Set<string>();
  const heads = sysBlock === null ? new Set<string>() : headsWithPaths(sysBlock);
  for (const name of diskstatsNames) {
    if (NOT_A_SYSTEM_DISK.test(name)) continue;
    if (sysBlock === null) {
      if (WHOLE_DISK_NAME.test(name)) counted.add(name);
      continue;
    }
    const d = sysBlock.get(name);
    if (d === undefined || d.stacked) continue;
    if (d.hidden) {
      // A path is summed only where its head keeps no statistics of its own.
      const head = headOf(name);
      if (head === undefined || sysBlock.get(head)?.ownStats !== true) counted.add(name);
    } else if (!heads.has(name) || d.ownStats === true) {
      counted.add(name);
    }
  }
  return counted;
}

/** The whole disks of the system, each once: a multipath namespace is one disk, whatever its paths. */
export function wholeDiskCount(sysBlock: BlockDevices): number {
  let n = 0;
  for (const [name, d] of sysBlock) if (!NOT_A_SYSTEM_DISK.test(name) && !d.stacked && !d.hidden) n++;
  return n;
}
