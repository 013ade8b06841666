// FreeBSD's event and paging counters, from the same sysctl run as the rest of sysrec: the
// vm.stats.sys and vm.stats.vm counters vmstat(8) shows. Pages are hw.pagesize bytes. A name the
// kernel lacks stays undefined (an empty field), as sysctl reports it unknown.
import type { PagingCounters, SystemActivity } from '../types.js';
import { sysctlNumber, type SysctlValues } from '../sysctl.js';

const VM = ['v_forks', 'v_vforks', 'v_rforks', 'v_vnodepgsin', 'v_vnodepgsout', 'v_swappgsin', 'v_swappgsout',
  'v_vm_faults', 'v_io_faults'];

export const ACTIVITY_OIDS = ['vm.stats.sys.v_swtch', 'vm.stats.sys.v_intr', ...VM.map((n) => `vm.stats.vm.${n}`)];

const sum = (...xs: (number | undefined)[]) => (xs.some((x) => x === undefined) ? undefined : xs.reduce((a, b) => a! + b!, 0));

/** `blocked`: the threads in disk wait of vm.vmtotal, read by the caller. */
export function activityFromSysctl(values: SysctlValues, blocked: number | undefined): SystemActivity {
  const vm = (name: string) => sysctlNumber(values, `vm.stats.vm.${name}`);
  return {
    contextSwitches: sysctlNumber(values, 'vm.stats.sys.v_swtch'),
    interrupts: sysctlNumber(values, 'vm.stats.sys.v_intr'),
    // Processes only: threads (thr_new) are not counted anywhere sysctl shows.
    forks: sum(vm('v_forks'), vm('v_vforks'), vm('v_rforks')),
    blocked,
  };
}

/** Pages in and out by the vnode pager (files) and the swap pager, in KiB; faults; swap pages. */
export function pagingFromSysctl(values: SysctlValues, pageKiB: number): PagingCounters {
  const vm = (name: string) => sysctlNumber(values, `vm.stats.vm.${name}`);
  const kib = (pages: number | undefined) => (pages === undefined ? undefined : pages * pageKiB);
  return {
    pagedInKiB: kib(sum(vm('v_vnodepgsin'), vm('v_swappgsin'))),
    pagedOutKiB: kib(sum(vm('v_vnodepgsout'), vm('v_swappgsout'))),
    faults: vm('v_vm_faults'),
    majorFaults: vm('v_io_faults'),
    swappedIn: vm('v_swappgsin'),
    swappedOut: vm('v_swappgsout'),
  };
}
