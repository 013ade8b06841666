// Which block devices carry the system's disk I/O, each byte counted once. /sys/block lists whole
// devices only (no partitions). A stacked device (device-mapper: LVM, LUKS, multipath; md RAID) has
// entries under /sys/block/X/slaves: its I/O is also counted on the disks beneath, so it is left
// out. Loop, RAM-backed, floppy and optical devices are not disks of the system.
import { readdirSync } from 'node:fs';

export const NOT_A_SYSTEM_DISK = /^(loop|ram|zram|fd|sr)\d/;

/** Name -> true when the device is stacked on others. */
export type BlockDevices = Map<string, boolean>;

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
    devices.set(name, stacked);
  }
  return devices;
}

/** Without /sys/block: the kernel names that denote whole disks rather than partitions or stacks. */
const WHOLE_DISK_NAME = /^((s|v|xv|h)d[a-z]+|nvme\d+n\d+|mmcblk\d+)$/;

/** The names of /proc/diskstats whose I/O sysrec sums. */
export function systemDiskNames(diskstatsNames: Iterable<string>, sysBlock: BlockDevices | null): Set<string> {
  const counted = new Set<string>();
  for (const name of diskstatsNames) {
    if (NOT_A_SYSTEM_DISK.test(name)) continue;
    const keep = sysBlock === null ? WHOLE_DISK_NAME.test(name) : sysBlock.get(name) === false;
    if (keep) counted.add(name);
  }
  return counted;
}
