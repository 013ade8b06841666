// The whole-system snapshot on FreeBSD: one sysctl run for CPU, memory, load, threads, events and
// paging, plus swapinfo, iostat and netstat, all four started at once.
import type { DiskIo, NicCounters, SystemSnapshot } from '../types.js';
import { parseLoadavgBraces, required, sysctlNumber } from '../sysctl.js';
import { sampleClock } from '../run-tool.js';
import { pickByName } from '../pick.js';
import { MEMORY_OIDS, memoryFigures } from './memory.js';
import { parseVmtotal } from './vmtotal.js';
import { ACTIVITY_OIDS, activityFromSysctl, pagingFromSysctl } from './activity.js';
import { cpuStat, readSysctl, readSwapinfo, readDiskTotals, readInterfaces } from './sources.js';

export const SYSTEM_OIDS = ['kern.cp_time', 'kern.cp_times', 'vm.loadavg', 'vm.vmtotal', ...MEMORY_OIDS, ...ACTIVITY_OIDS];

/** Passthrough devices (pass*) repeat the I/O of the disk they front; cd and md are no disks of the system. */
export const NOT_A_SYSTEM_DISK = /^(pass|cd|md)\d/;

/**
 * Interfaces that relay traffic an interface below them also counts, or carry none of the
 * machine's own: loopback, bridges, lagg masters, VLANs (also "em0.10"), tunnels, tap/tun, epair
 * (jails), pf logging and sync, WireGuard.
 */
export const NOT_A_SYSTEM_NIC = /^(lo|bridge|lagg|vlan|tap|tun|gif|gre|stf|pflog|pfsync|enc|wg|ipsec|ovpn|carp|me|disc|faith|edsc)\d*$|^epair\d+[ab]$|\./;

export function systemDisks(all: Map<string, DiskIo>): Map<string, DiskIo> {
  return pickByName(all, (name) => !NOT_A_SYSTEM_DISK.test(name));
}

export function systemNics(all: Map<string, NicCounters>): Map<string, NicCounters> {
  return pickByName(all, (name) => !NOT_A_SYSTEM_NIC.test(name));
}

export function createSystemReader(): () => Promise<SystemSnapshot> {
  return async () => {
    const clock = sampleClock();
    const [values, swap, disks, nics] = await Promise.all([readSysctl(SYSTEM_OIDS), readSwapinfo(), readDiskTotals(), readInterfaces()]);
    const threads = parseVmtotal(values.get('vm.vmtotal'));
    const load = required(parseLoadavgBraces(values.get('vm.loadavg')), 'vm.loadavg');
    return {
      ...clock,
      cpu: cpuStat(values),
      memory: memoryFigures(values, swap),
      load: {
        ...load,
        running: threads?.runnable,
        tasks: threads === undefined ? undefined : threads.runnable + threads.diskWait + threads.pageWait + threads.sleeping,
      },
      systemDisks: systemDisks(disks),
      systemNics: systemNics(nics),
      activity: activityFromSysctl(values, threads?.diskWait),
      paging: pagingFromSysctl(values, required(sysctlNumber(values, 'hw.pagesize'), 'hw.pagesize') / 1024),
    };
  };
}
