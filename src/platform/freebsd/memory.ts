// Memory on FreeBSD in the Linux figures' terms, from page counts (vm.stats.vm.*, pages of
// hw.pagesize bytes), hw.physmem and the buffer cache (vfs.bufspace, bytes). The file cache lives
// in the page queues: inactive pages (and the cache queue of FreeBSD before 12, where it exists)
// are reclaimed without I/O once clean, so they count as cached and as available.
import type { MemoryFigures } from '../types.js';
import type { SysctlValues } from '../sysctl.js';
import { sysctlNumber, required } from '../sysctl.js';
import type { SwapSpace } from './swapinfo.js';

export const MEMORY_OIDS = [
  'hw.physmem', 'hw.pagesize', 'vm.stats.vm.v_free_count', 'vm.stats.vm.v_inactive_count',
  'vm.stats.vm.v_cache_count', 'vfs.bufspace',
];

export function memoryFigures(values: SysctlValues, swap: SwapSpace): MemoryFigures {
  const pageKiB = required(sysctlNumber(values, 'hw.pagesize'), 'hw.pagesize') / 1024;
  const pages = (name: string) => {
    const n = sysctlNumber(values, `vm.stats.vm.${name}`);
    return n === undefined ? undefined : n * pageKiB;
  };
  const free = pages('v_free_count');
  const inactive = pages('v_inactive_count');
  const cached = inactive === undefined ? undefined : inactive + (pages('v_cache_count') ?? 0);
  const bufspace = sysctlNumber(values, 'vfs.bufspace');
  return {
    memTotal: required(sysctlNumber(values, 'hw.physmem'), 'hw.physmem') / 1024,
    memFree: free,
    memAvailable: free === undefined || cached === undefined ? undefined : free + cached,
    buffers: bufspace === undefined ? undefined : bufspace / 1024,
    cached,
    swapTotal: swap.totalKiB,
    swapFree: swap.totalKiB - swap.usedKiB,
  };
}
