import { parseVmStat } from '../../../src/platform/darwin/vm-stat.js';
import { parseSwapusage } from '../../../src/platform/darwin/swapusage.js';
import { parseDarwinIostat, diskTotals } from '../../../src/platform/darwin/iostat.js';
import { cpuStatFromCpuInfo } from '../../../src/platform/darwin/cpu-times.js';
import { memoryFigures, pagingFromVmStat, SYSTEM_NIC } from '../../../src/platform/darwin/system.js';
import { parseSysctl } from '../../../src/platform/sysctl.js';
import { capture, fixture } from '../../helpers.js';

test('vm_stat: page size from the banner, quoted labels, 10-digit counters, a line of another command first', () => {
  const vm = parseVmStat(capture('macos/vm_stat/macos27-apple-silicon-24g-sysctl-memsize-then-vm_stat.txt'))!;
  expect(vm.pageSize).toBe(16384);
  expect(vm.pages.get('Translation faults')).toBe(5953400673);
  expect(vm.pages.get('Pages free')).toBe(7015);
  expect(vm.pages.has('hw.memsize')).toBe(false);
  expect(parseVmStat(capture('macos/vm_stat/macos-intel-4k-wazuh-issue22113-vm_stat.txt'))!.pages.get('File-backed pages')).toBe(1080348);
  expect(parseVmStat('vm_stat: not here\n')).toBeNull();
});

test('memory of a 16 GiB Mac: free pages, file-backed pages as the cache, swap from vm.swapusage', () => {
  const values = parseSysctl(capture('macos/sysctl/macos10146-darwin187-sysctl-a-full.txt'));
  const vm = parseVmStat(capture('macos/vm_stat/osx-4k-pages-compressor-zero-go-osstat.txt'))!;
  expect(memoryFigures(values, vm)).toEqual({
    memTotal: 16 * 1024 * 1024, memFree: 72827 * 4, cached: 677870 * 4, swapTotal: 3072 * 1024, swapFree: 558.5 * 1024,
  });
  expect(parseSwapusage('total = 0.00M  used = 0.00M  free = 0.00M  (encrypted)')).toEqual({ totalKiB: 0, usedKiB: 0, freeKiB: 0 });
});

test('iostat: disk numbers not contiguous, cpu and load columns after the disks; rates are no counters', () => {
  const two = parseDarwinIostat(capture('macos/iostat/macos-2disks-disk6-iostat-c2-w1.txt'))!;
  expect([...two.disks.keys()]).toEqual(['disk0', 'disk6']);
  expect(two.disks.get('disk6')).toEqual(new Map([['KB/t', 327.64], ['tps', 3], ['MB/s', 1.06]]));
  const three = parseDarwinIostat(capture('macos/iostat/macos-3disks-cpu-load-iostat-1-5.txt'))!;
  expect([...three.disks.keys()]).toEqual(['disk0', 'disk4', 'disk5']);
  expect(diskTotals(three)).toBeNull();
});

test('iostat -I: transfers and MiB in sum, no split between reads and writes', () => {
  const disks = diskTotals(parseDarwinIostat(fixture('darwin/replay/iostat.1'))!)!;
  expect(disks.get('disk6')).toEqual({ name: 'disk6', transfers: 3000, sectorsTransferred: 959.88 * 2048 });
});

test('CPU ticks per CPU from Node, summed for the machine; no interrupt state', () => {
  const info = (user: number, nice: number, sys: number, idle: number) => ({ model: 'm', speed: 1, times: { user, nice, sys, idle, irq: 0 } });
  const stat = cpuStatFromCpuInfo([info(10, 1, 5, 100), info(20, 0, 7, 90)]);
  expect(stat.total).toEqual({ user: 30, nice: 1, system: 12, idle: 190 });
  expect(stat.cpus.get('cpu1')).toEqual({ user: 20, nice: 0, system: 7, idle: 90 });
});

test('the interfaces summed are Ethernet and Wi-Fi', () => {
  expect(['en0', 'en12'].every((n) => SYSTEM_NIC.test(n))).toBe(true);
  expect(['lo0', 'utun0', 'awdl0', 'bridge0', 'gif0', 'stf0', 'llw0', 'vmnet#19'].some((n) => SYSTEM_NIC.test(n))).toBe(false);
});

test('paging of vm_stat: pages in and out at the page size, translation faults, compressor swap pages', () => {
  const silicon = pagingFromVmStat(parseVmStat(capture('macos/vm_stat/macos27-apple-silicon-24g-sysctl-memsize-then-vm_stat.txt'))!);
  expect(silicon).toEqual({
    pagedInKiB: 249599481 * 16, pagedOutKiB: 901338 * 16, faults: 5953400673, swappedIn: 11348870, swappedOut: 13517198,
  });
  const intel = pagingFromVmStat(parseVmStat(capture('macos/vm_stat/osx-4k-pages-compressor-zero-go-osstat.txt'))!);
  expect([intel.pagedInKiB, intel.pagedOutKiB, intel.faults, intel.swappedIn]).toEqual([6333901 * 4, 353 * 4, 97589077, 0]);
  // No count of major faults.
  expect(intel.majorFaults).toBeUndefined();
});
