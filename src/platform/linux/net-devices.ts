// Which network interfaces carry the system's traffic, each packet counted once. An interface
// backed by a device (/sys/class/net/X/device: a physical, virtio or Xen netfront NIC, a bond
// member) is where traffic crosses the machine's edge. Bridges, bond masters, VLANs, veth, tun/tap
// and the like relay traffic that such a device also counts, so they are left out. A container sees
// no device-backed interface at all: there every interface but loopback, bridges and bond masters
// counts (its veth end is its edge).
import { lstatSync } from 'node:fs';

export interface NetDeviceClass {
  loopback: boolean;
  hasDevice: boolean;
  bridge: boolean;
  bondMaster: boolean;
}

function exists(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
}

/** Reads /sys/class/net/<name>; null when /sys/class/net cannot be read. */
export function readNetDeviceClasses(sysfsRoot: string, names: Iterable<string>): Map<string, NetDeviceClass> | null {
  const base = `${sysfsRoot}/class/net`;
  if (!exists(base)) return null;
  const classes = new Map<string, NetDeviceClass>();
  for (const name of names) {
    const dir = `${base}/${name}`;
    classes.set(name, {
      loopback: name === 'lo',
      hasDevice: exists(`${dir}/device`),
      bridge: exists(`${dir}/bridge`),
      bondMaster: exists(`${dir}/bonding`),
    });
  }
  return classes;
}

/** The interfaces whose counters sysrec sums. Without sysfs, all but loopback. */
export function systemNicNames(names: Iterable<string>, classes: Map<string, NetDeviceClass> | null): Set<string> {
  const all = [...names];
  if (classes === null) return new Set(all.filter((n) => n !== 'lo'));
  const backed = all.filter((n) => classes.get(n)?.hasDevice);
  if (backed.length > 0) return new Set(backed);
  return new Set(all.filter((n) => {
    const c = classes.get(n);
    return c !== undefined && !c.loopback && !c.bridge && !c.bondMaster;
  }));
}
