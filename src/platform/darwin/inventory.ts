// The inventory on macOS: one sysctl run, iostat and netstat to count disks and interfaces. The
// machine is uname's, through Node, as on Linux; the addresses Node's too.
import { machine, networkInterfaces } from 'node:os';
import type { InventorySnapshot } from '../types.js';
import { sampleClock } from '../run-tool.js';
import { formatAddresses } from '../addresses.js';
import { uptimeSeconds } from '../uptime.js';
import { parseBoottime, readSysctl, required, sysctlNumber } from '../sysctl.js';
import { parseSwapusage } from './swapusage.js';
import { readDiskTotals, readInterfaces } from './sources.js';

const INVENTORY_OIDS = [
  'kern.hostname', 'machdep.cpu.brand_string', 'kern.osproductversion', 'kern.osrelease', 'kern.hv_vmm_present',
  'hw.packages', 'hw.physicalcpu', 'hw.logicalcpu', 'hw.memsize', 'vm.swapusage', 'kern.boottime',
];

export function createInventoryReader(): () => Promise<InventorySnapshot> {
  return async () => {
    const clock = sampleClock();
    const [v, disks, nics] = await Promise.all([readSysctl(INVENTORY_OIDS), readDiskTotals(), readInterfaces()]);
    const text = (name: string) => v.get(name)?.trim();
    const memsize = sysctlNumber(v, 'hw.memsize');
    const physical = sysctlNumber(v, 'hw.physicalcpu');
    const logical = required(sysctlNumber(v, 'hw.logicalcpu'), 'hw.logicalcpu');
    // kern.hv_vmm_present (macOS 11 and later): 1 in a virtual machine, whose hypervisor it does not name.
    const vmm = sysctlNumber(v, 'kern.hv_vmm_present');
    return {
      ...clock,
      hostname: required(text('kern.hostname'), 'kern.hostname').split('.')[0],
      machine: machine(),
      cpuModel: text('machdep.cpu.brand_string')?.replace(/\s+/g, ' '),
      hypervisor: vmm === undefined ? undefined : vmm === 0 ? 'none' : 'unknown',
      osId: 'macos',
      osVersion: text('kern.osproductversion'),
      kernel: required(text('kern.osrelease'), 'kern.osrelease'),
      packages: sysctlNumber(v, 'hw.packages'),
      cores: physical,
      logicalCpus: logical,
      smt: physical === undefined ? undefined : logical > physical,
      memTotalKiB: memsize === undefined ? undefined : memsize / 1024,
      swapTotalKiB: parseSwapusage(v.get('vm.swapusage'))?.totalKiB,
      disks: disks.size,
      nics: [...nics.keys()].filter((n) => !/^lo\d*$/.test(n)).length,
      uptimeSeconds: uptimeSeconds(parseBoottime(v.get('kern.boottime')), clock.epochMs),
      ips: formatAddresses(networkInterfaces()),
    };
  };
}
