// The inventory on FreeBSD: one sysctl run and one netstat run (to count the interfaces). The
// addresses come from Node (getifaddrs), as on Linux.
import { networkInterfaces } from 'node:os';
import type { InventorySnapshot } from '../types.js';
import { sampleClock } from '../run-tool.js';
import { formatAddresses } from '../addresses.js';
import { uptimeSeconds } from '../uptime.js';
import { sysctlNumber, parseBoottime, required } from '../sysctl.js';
import { readSysctl, readInterfaces } from './sources.js';

const INVENTORY_OIDS = [
  'kern.hostname', 'hw.machine', 'hw.model', 'kern.ostype', 'kern.osrelease', 'kern.vm_guest', 'hw.ncpu',
  'kern.smp.cores', 'kern.smp.threads_per_core', 'hw.physmem', 'vm.swap_total', 'kern.disks', 'kern.boottime',
];

export function createInventoryReader(): () => Promise<InventorySnapshot> {
  return async () => {
    const clock = sampleClock();
    const [v, nics] = await Promise.all([readSysctl(INVENTORY_OIDS), readInterfaces()]);
    const text = (name: string) => v.get(name)?.trim();
    const release = text('kern.osrelease');
    const physmem = sysctlNumber(v, 'hw.physmem');
    const swap = sysctlNumber(v, 'vm.swap_total');
    const threadsPerCore = sysctlNumber(v, 'kern.smp.threads_per_core');
    const boot = parseBoottime(v.get('kern.boottime'));
    return {
      ...clock,
      hostname: required(text('kern.hostname'), 'kern.hostname').split('.')[0],
      machine: required(text('hw.machine'), 'hw.machine'),
      cpuModel: text('hw.model')?.replace(/\s+/g, ' '),
      hypervisor: text('kern.vm_guest'),
      osId: text('kern.ostype')?.toLowerCase(),
      // "14.1-RELEASE-p5": the version is the number, the kernel the whole release with its patch level.
      osVersion: release?.split('-')[0],
      kernel: required(release, 'kern.osrelease'),
      cores: sysctlNumber(v, 'kern.smp.cores'),
      logicalCpus: required(sysctlNumber(v, 'hw.ncpu'), 'hw.ncpu'),
      smt: threadsPerCore === undefined ? undefined : threadsPerCore > 1,
      memTotalKiB: physmem === undefined ? undefined : physmem / 1024,
      swapTotalKiB: swap === undefined ? undefined : swap / 1024,
      disks: text('kern.disks')?.split(/\s+/).filter((d) => d !== '' && !/^(cd|md)\d/.test(d)).length,
      nics: [...nics.keys()].filter((n) => !/^lo\d*$/.test(n)).length,
      uptimeSeconds: uptimeSeconds(boot, clock.epochMs),
      ips: formatAddresses(networkInterfaces()),
    };
  };
}
