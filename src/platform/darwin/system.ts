// The whole-system snapshot on macOS: CPU ticks from Node, one sysctl run (load, memory size,
// swap), vm_stat, iostat and netstat, the four started at once.
import type { MemoryFigures, NicCounters, PagingCounters, SystemSnapshot } from '../types.js';
import { sampleClock, unparseable } from '../run-tool.js';
import { pickByName } from '../pick.js';
import { parseLoadavgBraces, readSysctl, required, sysctlNumber, type SysctlValues } from '../sysctl.js';
import type { VmStat } from './vm-stat.js';
import { parseSwapusage } from './swapusage.js';
import { readCpuStat } from './cpu-times.js';
import { readVmStat, readDiskTotals, readInterfaces } from './sources.js';

const SYSTEM_OIDS = ['vm.loadavg', 'hw.memsize', 'vm.swapusage'];

/** Ethernet and Wi-Fi (en0, en1…) carry the traffic; lo0, utun, awdl, bridges, gif, stf and the like relay or loop it. */
export const SYSTEM_NIC = /^en\d+$/;

export function systemNics(all: Map<string, NicCounters>): Map<string, NicCounters> {
  return pickByName(all, (name) => SYSTEM_NIC.test(name));
}

/** Memory in the Linux figures' terms: free pages, file-backed pages as the file cache, swap from vm.swapusage. */
export function memoryFigures(values: SysctlValues, vm: VmStat): MemoryFigures {
  const kib = (label: string) => {
    const n = vm.pages.get(label);
    return n === undefined ? undefined : (n * vm.pageSize) / 1024;
  };
  const swap = parseSwapusage(values.get('vm.swapusage'));
  return {
    memTotal: required(sysctlNumber(values, 'hw.memsize'), 'hw.memsize') / 1024,
    memFree: kib('Pages free'),
    cached: kib('File-backed pages'),
    swapTotal: swap?.totalKiB,
    swapFree: swap?.freeKiB,
  };
}

/**
 * Paging from vm_stat's counters since boot: pages in and out (of page size bytes), translation
 * faults (all faults: vm_stat counts no major ones apart), pages of the compressor's swap.
 */
export function pagingFromVmStat(vm: VmStat): PagingCounters {
  const n = (label: string) => vm.pages.get(label);
  const kib = (label: string) => {
    const pages = n(label);
    return pages === undefined ? undefined : (pages * vm.pageSize) / 1024;
  };
  return {
    pagedInKiB: kib('Pageins'), pagedOutKiB: kib('Pageouts'), faults: n('Translation faults'),
    swappedIn: n('Swapins'), swappedOut: n('Swapouts'),
  };
}

export function createSystemReader(): () => Promise<SystemSnapshot> {
  return async () => {
    const clock = sampleClock();
    const cpu = readCpuStat();
    const [values, vm, disks, nics] = await Promise.all([readSysctl(SYSTEM_OIDS), readVmStat(), readDiskTotals(), readInterfaces()]);
    const load = parseLoadavgBraces(values.get('vm.loadavg'));
    if (load === undefined) throw unparseable('sysctl', 'no vm.loadavg "{ 1 5 15 }"');
    return {
      ...clock, cpu, memory: memoryFigures(values, vm), load, systemDisks: disks, systemNics: systemNics(nics),
      paging: pagingFromVmStat(vm),
    };
  };
}
