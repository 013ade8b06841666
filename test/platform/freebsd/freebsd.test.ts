import { parseSysctl, sysctlNumbers } from '../../../src/platform/sysctl.js';
import { cpuStatFromCpTimes } from '../../../src/platform/freebsd/cp-time.js';
import { parseVmtotal } from '../../../src/platform/freebsd/vmtotal.js';
import { parseSwapinfo } from '../../../src/platform/freebsd/swapinfo.js';
import { parseIostatX, diskTotals } from '../../../src/platform/freebsd/iostat.js';
import { memoryFigures } from '../../../src/platform/freebsd/memory.js';
import { NOT_A_SYSTEM_NIC } from '../../../src/platform/freebsd/system.js';
import { activityFromSysctl, pagingFromSysctl } from '../../../src/platform/freebsd/activity.js';
import { capture } from '../../helpers.js';

test('cp_time and cp_times: the machine and each CPU, intr as irq, no iowait', () => {
  const v = parseSysctl(capture('freebsd/sysctl/freebsd145-qemu-2cpu-probe-selected-oids.txt'));
  const stat = cpuStatFromCpTimes(sysctlNumbers(v, 'kern.cp_time')!, sysctlNumbers(v, 'kern.cp_times'))!;
  expect(stat.total).toEqual({ user: 321, nice: 0, system: 188, irq: 10, idle: 61683 });
  expect([...stat.cpus.keys()]).toEqual(['cpu0', 'cpu1']);
  expect(stat.cpus.get('cpu1')).toEqual({ user: 205, nice: 0, system: 103, irq: 6, idle: 30787 });
  expect(cpuStatFromCpTimes([1, 2, 3], undefined)).toBeNull();
  expect(cpuStatFromCpTimes([1, 2, 3, 4, 5], [1, 2, 3])).toBeNull();
});

test('vm.vmtotal: the thread counts by state', () => {
  const v = parseSysctl(capture('freebsd/sysctl/freebsd121-1cpu-sysctl-a-full.txt'));
  expect(parseVmtotal(v.get('vm.vmtotal'))).toEqual({ runnable: 1, diskWait: 0, pageWait: 0, sleeping: 21 });
  expect(parseVmtotal(undefined)).toBeUndefined();
});

test('memory of the 14.4 Atom from its page counts, without v_cache_count', () => {
  const v = parseSysctl(capture('freebsd/sysctl/freebsd144-atom-4cpu-hw-cp_time-cp_times-loadavg.txt') +
    capture('freebsd/sysctl/freebsd144-atom-4cpu-vm-stats-page-counts.txt').replace(/^vm.stats.vm.v_cache_count.*\n/m, ''));
  expect(memoryFigures(v, { totalKiB: 1000, usedKiB: 250 })).toEqual({
    memTotal: 4248858624 / 1024, memFree: 518559 * 4, memAvailable: (518559 + 253899) * 4,
    buffers: undefined, cached: 253899 * 4, swapTotal: 1000, swapFree: 750,
  });
});

test('swapinfo -k: a GPT label, and a device path wider than its column', () => {
  expect(parseSwapinfo(capture('freebsd/swapinfo/freebsd-gpt-swapfs-swapinfo-k-go-osstat.txt'))).toEqual({ totalKiB: 1048576, usedKiB: 16056 });
  expect(parseSwapinfo(capture('freebsd/swapinfo/freebsd144-gmirror-long-device-name-swapinfo-k.txt'))).toEqual({ totalKiB: 4194300, usedKiB: 0 });
  const two = 'Device          1K-blocks     Used    Avail Capacity\n/dev/ada0p3        100       10       90    10%\n/dev/ada1p3        200       20      180    10%\nTotal              300       30      270    10%\n';
  expect(parseSwapinfo(two)).toEqual({ totalKiB: 300, usedKiB: 30 });
  expect(parseSwapinfo('swapinfo: No swap devices\n')).toBeNull();
});

test('iostat -x -d 1 2: the last report, pass devices listed; rates are no counters', () => {
  const table = parseIostatX(capture('freebsd/iostat-x/freebsd144-gmirror-iostat-x-d-1-2.txt'))!;
  expect([...table.keys()]).toEqual(['ada0', 'ada1', 'pass0', 'pass1']);
  expect(table.get('ada0')!.get('kw/s')).toBe(0); // the second report; the first (since boot) says 20.7
  expect(diskTotals(table)).toBeNull();
});

test('iostat -x -I of FreeBSD 11.2: totals in KiB become 512-byte sectors, devstat\'s seconds milliseconds', () => {
  const table = parseIostatX(capture('freebsd/iostat-x-I/freebsd112-iostat-d-x-I-ada-pass.txt'))!;
  expect([...table.keys()]).toEqual(['ada0', 'ada1', 'ada2', 'ada3', 'ada4', 'pass0', 'pass1', 'pass2', 'pass3', 'pass4', 'pass5']);
  const disks = diskTotals(table)!;
  const ada0 = disks.get('ada0')!;
  expect([ada0.readsCompleted, ada0.writesCompleted, ada0.sectorsRead, ada0.sectorsWritten])
    .toEqual([152107298, 125540885, 5735055021.5 * 2, 2229765260 * 2]);
  // tsvc_t/i, the transactions' total time: what await divides and the queue's area; sb/i the busy time.
  expect(ada0.msRequests).toBeCloseTo(1553713.6 * 1000, 3);
  expect(ada0.weightedMsDoingIo).toBe(ada0.msRequests);
  expect(ada0.msDoingIo).toBeCloseTo(533244.6 * 1000, 3);
  expect(disks.get('pass5')!.msDoingIo).toBe(0);
  // No split of the time between reads and writes, no discards or flushes in iostat's columns.
  expect([ada0.msReading, ada0.msWriting, ada0.discardsCompleted, ada0.flushesCompleted]).toEqual([undefined, undefined, undefined, undefined]);
});

test('context switches, interrupts, forks and paging of FreeBSD 12.1 from sysctl -a', () => {
  const v = parseSysctl(capture('freebsd/sysctl/freebsd121-1cpu-sysctl-a-full.txt'));
  expect(activityFromSysctl(v, 0)).toEqual({ contextSwitches: 1750830, interrupts: 75266, forks: 1138 + 699 + 2, blocked: 0 });
  // 4 KiB pages: the vnode pager's 7981 pages in and the swap pager's none.
  expect(pagingFromSysctl(v, 4)).toEqual({
    pagedInKiB: (7981 + 0) * 4, pagedOutKiB: 0, faults: 515528, majorFaults: 946, swappedIn: 0, swappedOut: 0,
  });
});

test('a counter the kernel does not have stays unknown, and so does a sum that needs it', () => {
  const v = parseSysctl(capture('freebsd/sysctl/freebsd121-1cpu-sysctl-a-full.txt').replace(/^vm\.stats\.vm\.v_rforks:.*\n/m, ''));
  expect(activityFromSysctl(v, undefined).forks).toBeUndefined();
  expect(activityFromSysctl(v, undefined).contextSwitches).toBe(1750830);
});

test('interfaces left out of the sums', () => {
  for (const n of ['lo0', 'bridge0', 'lagg0', 'vlan10', 'em0.10', 'tap0', 'epair0a', 'wg0', 'pflog0']) expect(n).toMatch(NOT_A_SYSTEM_NIC);
  for (const n of ['em0', 're0', 'igb1', 'vtnet0', 'ix0', 'mlxen0']) expect(n).not.toMatch(NOT_A_SYSTEM_NIC);
});
