// Solaris' and illumos' event, paging and TCP counters, from the same kstat run as the rest of
// sysrec. cpu:N:sys and cpu:N:vm are each CPU's 64-bit counters (what mpstat and vmstat sum; the
// older cpu_stat holds the same in 32 bits, which wrap): summed over the CPUs. TCP is the MIB-II
// kstat of the zone's own IP stack, tcp:N:tcp, the lowest instance visible (0 in the global zone).
import type { PagingCounters, SystemActivity, TcpCounters } from '../types.js';
import { kstatsOf, kstatNumber, type Kstats } from './kstat.js';

export const ACTIVITY_SELECTORS = [
  'cpu::sys:/^(pswitch|intr|sysfork|sysvfork)$/',
  'cpu::vm:/^(pgpgin|pgpgout|pgswapin|pgswapout|as_fault|hat_fault|maj_fault)$/',
  'tcp::tcp:/^(activeOpens|passiveOpens|retransSegs|currEstab)$/',
];

/** One statistic of every cpu:N:<name> kstat, summed; undefined when no CPU has it. */
function perCpuSum(stats: Kstats, name: 'sys' | 'vm', statistic: string): number | undefined {
  let sum: number | undefined;
  for (const [id, k] of kstatsOf(stats, 'cpu')) {
    if (!id.endsWith(`:${name}`)) continue;
    const v = kstatNumber(k, statistic);
    if (v !== undefined) sum = (sum ?? 0) + v;
  }
  return sum;
}

const add = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a + b);

export function activityFromKstat(stats: Kstats): SystemActivity {
  const sys = (s: string) => perCpuSum(stats, 'sys', s);
  // The threads blocked on I/O are not kept per moment (sysinfo's waiting is a running sum).
  return { contextSwitches: sys('pswitch'), interrupts: sys('intr'), forks: add(sys('sysfork'), sys('sysvfork')) };
}

/** Pages of pageSize bytes paged in and out, faults (as_fault + hat_fault, vmstat's mf; major ones among them), pages swapped. */
export function pagingFromKstat(stats: Kstats, pageSize: number): PagingCounters {
  const vm = (s: string) => perCpuSum(stats, 'vm', s);
  const kib = (pages: number | undefined) => (pages === undefined ? undefined : (pages * pageSize) / 1024);
  return {
    pagedInKiB: kib(vm('pgpgin')),
    pagedOutKiB: kib(vm('pgpgout')),
    faults: add(vm('as_fault'), vm('hat_fault')),
    majorFaults: vm('maj_fault'),
    swappedIn: vm('pgswapin'),
    swappedOut: vm('pgswapout'),
  };
}

export function tcpFromKstat(stats: Kstats): TcpCounters | undefined {
  const own = [...kstatsOf(stats, 'tcp')].filter(([id]) => id.endsWith(':tcp'))
    .sort(([a], [b]) => Number(a.split(':')[1]) - Number(b.split(':')[1]))[0]?.[1];
  if (own === undefined) return undefined;
  return {
    activeOpens: kstatNumber(own, 'activeOpens'),
    passiveOpens: kstatNumber(own, 'passiveOpens'),
    retransSegs: kstatNumber(own, 'retransSegs'),
    currEstab: kstatNumber(own, 'currEstab'),
  };
}
