// The whole-system snapshot on Solaris and illumos: one kstat run (CPU ticks, memory pages, load,
// LWPs, the ZFS ARC, disk and link I/O, events, paging, TCP) and one swap -s run, started together.
import type { MemoryFigures, SystemSnapshot } from '../types.js';
import { sampleClock, unparseable } from '../run-tool.js';
import { pickByName } from '../pick.js';
import { kstatsOf, kstatNumber, type Kstats } from './kstat.js';
import { requireCpuStat } from './cpu-stat.js';
import { DISK_SELECTOR, LINK_SELECTOR, NOT_A_SYSTEM_NIC, disksFromKstat, linksFromKstat } from './devices.js';
import { readKstat, readSwapS, readPageSize } from './sources.js';
import type { VirtualSwap } from './swap-s.js';
import { ACTIVITY_SELECTORS, activityFromKstat, pagingFromKstat, tcpFromKstat } from './activity.js';

export const CPU_SELECTOR = 'cpu_stat:::/^(user|kernel|idle)$/';

const SYSTEM_SELECTORS = [
  CPU_SELECTOR,
  'unix:0:system_pages:/^(physmem|freemem)$/',
  'unix:0:system_misc:/^avenrun_(1|5|15)min$/',
  'unix:0:lwp_cache:buf_inuse',
  'zfs:0:arcstats:size',
  DISK_SELECTOR,
  LINK_SELECTOR,
  ...ACTIVITY_SELECTORS,
];

function one(stats: Kstats, id: string) {
  return kstatsOf(stats, id.split(':')[0]).get(id);
}

/** Physical memory and free memory in pages; the ZFS ARC (bytes) is the file cache; swap is virtual swap. */
export function memoryFigures(stats: Kstats, pageSize: number, swap: VirtualSwap): MemoryFigures {
  const pages = one(stats, 'unix:0:system_pages');
  const physmem = kstatNumber(pages, 'physmem');
  const freemem = kstatNumber(pages, 'freemem');
  if (physmem === undefined) throw unparseable('kstat', 'no unix:0:system_pages:physmem');
  const arc = kstatNumber(one(stats, 'zfs:0:arcstats'), 'size');
  return {
    memTotal: (physmem * pageSize) / 1024,
    memFree: freemem === undefined ? undefined : (freemem * pageSize) / 1024,
    cached: arc === undefined ? undefined : arc / 1024,
    swapTotal: swap.usedKiB + swap.availableKiB,
    swapFree: swap.availableKiB,
  };
}

export function createSystemReader(): () => Promise<SystemSnapshot> {
  return async () => {
    const clock = sampleClock();
    const [stats, swap, pageSize] = await Promise.all([readKstat(SYSTEM_SELECTORS), readSwapS(), readPageSize()]);
    const cpu = requireCpuStat(stats);
    const misc = one(stats, 'unix:0:system_misc');
    // avenrun is fixed point, 8 fractional bits.
    const avg = (n: number) => (kstatNumber(misc, `avenrun_${n}min`) ?? NaN) / 256;
    if (Number.isNaN(avg(1))) throw unparseable('kstat', 'no unix:0:system_misc:avenrun_1min');
    return {
      ...clock,
      cpu,
      memory: memoryFigures(stats, pageSize, swap),
      load: { avg1: avg(1), avg5: avg(5), avg15: avg(15), tasks: kstatNumber(one(stats, 'unix:0:lwp_cache'), 'buf_inuse') },
      systemDisks: disksFromKstat(stats),
      systemNics: pickByName(linksFromKstat(stats), (name) => !NOT_A_SYSTEM_NIC.test(name)),
      activity: activityFromKstat(stats),
      paging: pagingFromKstat(stats, pageSize),
      tcp: tcpFromKstat(stats),
    };
  };
}
