// A network interface's link speed and duplex, from /sys/class/net/<if>/speed (Mb/s) and duplex,
// as sar -n DEV reads them for %ifutil. Where the kernel does not know them the files say -1 and
// "unknown" (virtio, a link down), or cannot be read at all (loopback, ifb, a link that is down):
// the fields are left empty then.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import type { NicCounters } from '../types.js';

const buffer = Buffer.alloc(64);

/** A small sysfs file's text; undefined when it cannot be read (EINVAL for a link that is down). */
function readSmall(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.toString('latin1', 0, n).trim();
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Mb/s, or undefined: -1 is today's SPEED_UNKNOWN, 65535 and 4294967295 what older drivers and
 * kernels printed for it; 0 is no speed to divide by.
 */
export function parseSpeed(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const v = Number(text);
  return v === 0 || v === 65535 || v === 4294967295 ? undefined : v;
}

export function parseDuplex(text: string | undefined): 'full' | 'half' | undefined {
  return text === 'full' || text === 'half' ? text : undefined;
}

/** Sets each interface's speed and duplex from sysfs; without /sys/class/net they stay undefined. */
export function addLinkSpeeds(sysfsRoot: string, nics: Map<string, NicCounters>): void {
  const base = `${sysfsRoot}/class/net`;
  if (!existsSync(base)) return;
  for (const [name, nic] of nics) {
    nic.speedMbps = parseSpeed(readSmall(`${base}/${name}/speed`));
    nic.duplex = nic.speedMbps === undefined ? undefined : parseDuplex(readSmall(`${base}/${name}/duplex`));
  }
}
