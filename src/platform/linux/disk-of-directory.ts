// Which disk holds a directory (the log dir, so that the doctor's "the disk is slow" names it):
// the device number of the directory, its name under /sys/dev/block and its mount point from
// /proc/self/mountinfo. Best effort: anything missing leaves the name out, never fails the caller.
import { statSync, readlinkSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseMountinfo, mountPointsByDevice } from './mountinfo.js';

/** Linux's dev_t: the major number in bits 8–19 and 32–43, the minor in bits 0–7 and 20–31. */
function majorMinor(dev: bigint): string {
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  return `${major}:${minor}`;
}

/** "mmcblk0p2, mounted on /", or undefined when it cannot be told. */
export function diskOfDirectory(dir: string, procfs = '/proc', sysfs = '/sys'): string | undefined {
  try {
    const device = majorMinor(statSync(dir, { bigint: true }).dev);
    let name = `device ${device}`;
    try {
      name = basename(readlinkSync(`${sysfs}/dev/block/${device}`));
    } catch {
      // not a block device (tmpfs, overlay, NFS): the mount point still tells where
    }
    const mountPoint = mountPointsByDevice(parseMountinfo(readFileSync(`${procfs}/self/mountinfo`, 'utf8'))).get(device);
    return mountPoint === undefined ? name : `${name}, mounted on ${mountPoint}`;
  } catch {
    return undefined;
  }
}
