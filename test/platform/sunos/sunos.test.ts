import { parseKstat, kstatsOf } from '../../../src/platform/sunos/kstat.js';
import { cpuStatFromKstat } from '../../../src/platform/sunos/cpu-stat.js';
import { linksFromKstat, disksFromKstat } from '../../../src/platform/sunos/devices.js';
import { parseSwapS } from '../../../src/platform/sunos/swap-s.js';
import { parsePsrinfo } from '../../../src/platform/sunos/psrinfo.js';
import { memoryFigures } from '../../../src/platform/sunos/system.js';
import { capture } from '../../helpers.js';

test('kstat -p with the TAB expanded to spaces: 32 CPUs, 2-digit instances, idlethread not taken for idle', () => {
  const stats = parseKstat(capture('solaris/kstat-cpu_stat/solaris-32cpu-kstat-p-cpu_stat-idle-kernel-user-tabs-expanded.txt'));
  expect(stats.get('cpu_stat:10:cpu_stat10:idlethread')).toBe('3191481058');
  const cpu = cpuStatFromKstat(stats)!;
  expect(cpu.cpus.size).toBe(32);
  expect(cpu.cpus.get('cpu10')).toEqual({ user: 21771975, system: 30059932, idle: 2427567910 });
  expect(cpu.total.user).toBe([...cpu.cpus.values()].reduce((s, t) => s + t.user, 0));
  expect(cpuStatFromKstat(new Map())).toBeNull();
});

test('kstat -p with a real TAB: system_pages', () => {
  const stats = parseKstat(capture('solaris/kstat-system_pages/solaris114-oci-kstat-p-physmem-freemem-real-tab.txt'));
  expect(memoryFigures(stats, 4096, { usedKiB: 516204, availableKiB: 7567260 })).toEqual({
    memTotal: 2095708 * 4, memFree: 1433903 * 4, cached: undefined, swapTotal: 516204 + 7567260, swapFree: 7567260,
  });
});

test('link kstats with string values beside counters; the 64-bit counters are taken', () => {
  const stats = parseKstat(capture('solaris/kstat-link/smartos-zone-kstat-p-link-net0-net1-tabs-expanded.txt'));
  expect(kstatsOf(stats, 'link').get('link:0:net0')!.get('zonename')).toBe('53aa9b7e-48ba-4152-a52b-a6368c3d9e7c');
  const links = linksFromKstat(stats);
  expect([...links.keys()]).toEqual(['net0', 'net1']);
  expect(links.get('net1')).toEqual({
    name: 'net1', rxBytes: 304384894, rxPackets: 4947620, txBytes: 73324, txPackets: 1594,
    rxErrors: 0, rxDropped: 0, rxMulticast: 0, txErrors: 0, txDropped: 0, txCollisions: 0,
  });
});

test('the 11-digit cumulative vminfo counters parse as numbers', () => {
  const stats = parseKstat(capture('solaris/kstat-vminfo/solaris-2011-kstat-p-unix-0-vminfo-tabs-expanded.txt'));
  expect(stats.get('unix:0:vminfo:swap_alloc')).toBe('29884542228');
  expect(stats.get('unix:0:vminfo:class')).toBe('vm');
});

test('disk I/O kstats: partitions and error kstats are no disks', () => {
  const stats = parseKstat('sd:0:sd0:reads\t10\nsd:0:sd0:nread\t5120\nsd:0:sd0,a:reads\t10\nsd:0:sd0,err:Hard Errors\t0\n');
  expect([...disksFromKstat(stats).values()]).toEqual([
    { name: 'sd0', readsCompleted: 10, sectorsRead: 10, writesCompleted: undefined, sectorsWritten: undefined },
  ]);
});

test('swap -s of three systems', () => {
  expect(parseSwapS(capture('solaris/swap-s/solaris10-sun4v-swap-s.txt'))).toEqual({ usedKiB: 91784, availableKiB: 33816648 });
  expect(parseSwapS(capture('solaris/swap-s/solaris11-zvol-swap-s.txt'))).toEqual({ usedKiB: 541676, availableKiB: 31076108 });
  expect(parseSwapS(capture('solaris/swap-s/solaris114-oci-8gb-swap-s.txt'))).toEqual({ usedKiB: 516204, availableKiB: 7567260 });
  expect(parseSwapS('swap: no swap devices configured\n')).toBeNull();
});

test('psrinfo -v with 8- and 4-space continuation indents', () => {
  expect(parsePsrinfo(capture('solaris/psrinfo-v/solaris-ultrasparc3-2cpu-psrinfo-v.txt'))).toEqual({ online: 2, listed: 2, model: 'sparcv9 at 750 MHz' });
  expect(parsePsrinfo(capture('solaris/psrinfo-v/solaris11-zone-2cpu-i386-psrinfo-v.txt'))).toEqual({ online: 2, listed: 2, model: 'i386 at 2470 MHz' });
  expect(parsePsrinfo('')).toBeNull();
});
