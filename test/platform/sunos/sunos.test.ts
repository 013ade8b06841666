import { parseKstat, kstatsOf } from '../../../src/platform/sunos/kstat.js';
import { cpuStatFromKstat } from '../../../src/platform/sunos/cpu-stat.js';
import { linksFromKstat, disksFromKstat, kstatTimeMs } from '../../../src/platform/sunos/devices.js';
import { activityFromKstat, pagingFromKstat, tcpFromKstat } from '../../../src/platform/sunos/activity.js';
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
    // ifspeed 10000000000 bits/s; link_duplex 0, unknown, as a VNIC reports it.
    speedMbps: 10000, duplex: undefined,
  });
});

test('link_duplex 1 is half, 2 full; an ifspeed of 0 is no known speed', () => {
  const links = linksFromKstat(parseKstat([0, 1, 2].flatMap((i) => [
    `link:0:l${i}:rbytes64\t1`, `link:0:l${i}:ipackets64\t1`, `link:0:l${i}:obytes64\t1`, `link:0:l${i}:opackets64\t1`,
    `link:0:l${i}:ifspeed\t${i === 2 ? 0 : 1000000000}`, `link:0:l${i}:link_duplex\t${i + 1}`,
  ]).join('\n')));
  expect([...links.values()].map((l) => [l.speedMbps, l.duplex])).toEqual([[1000, 'half'], [1000, 'full'], [undefined, undefined]]);
});

test('tcp:0:tcp, the MIB kstat of Solaris 2008: retransSegs as printed', () => {
  const tcp = tcpFromKstat(parseKstat(capture('solaris/kstat-tcp/solaris-2008-retrans-reporter-tcp-4-stats-tabs-expanded.txt')))!;
  expect(tcp).toEqual({ activeOpens: undefined, passiveOpens: undefined, retransSegs: 967731519, currEstab: undefined });
  expect(tcpFromKstat(parseKstat('cpu:0:sys:intr\t5\n'))).toBeUndefined();
});

test('the zone\'s own IP stack: the lowest tcp instance visible', () => {
  const tcp = tcpFromKstat(parseKstat('tcp:7:tcp:currEstab\t3\ntcp:2:tcp:currEstab\t9\ntcp:2:tcp:activeOpens\t4\n'))!;
  expect([tcp.currEstab, tcp.activeOpens]).toEqual([9, 4]);
});

test('cpu::sys and cpu::vm summed over the CPUs; a statistic no CPU has stays unknown', () => {
  const stats = parseKstat([
    'cpu:0:sys:pswitch\t100', 'cpu:1:sys:pswitch\t50', 'cpu:0:sys:intr\t7', 'cpu:1:sys:intr\t3', 'cpu:0:sys:sysfork\t2', 'cpu:0:sys:sysvfork\t1',
    'cpu:1:sys:sysfork\t4', 'cpu:1:sys:sysvfork\t0', 'cpu:0:vm:pgpgin\t10', 'cpu:1:vm:pgpgin\t6', 'cpu:0:vm:as_fault\t20', 'cpu:0:vm:hat_fault\t5',
    'cpu:0:vm:maj_fault\t1', 'cpu_stat:0:cpu_stat0:pswitch\t999',
  ].join('\n'));
  expect(activityFromKstat(stats)).toEqual({ contextSwitches: 150, interrupts: 10, forks: 7 });
  expect(pagingFromKstat(stats, 8192)).toEqual({
    pagedInKiB: 16 * 8, pagedOutKiB: undefined, faults: 25, majorFaults: 1, swappedIn: undefined, swappedOut: undefined,
  });
});

test('an I/O kstat\'s times: illumos prints fractional seconds, Solaris 10\'s Perl kstat integer nanoseconds', () => {
  const k = kstatsOf(parseKstat('sd:0:sd0:rtime\t533244.600000000\nsd:0:sd0:wlentime\t0\nsd:0:sd0:rlentime\t1553713600000000\n'), 'sd').get('sd:0:sd0')!;
  expect(kstatTimeMs(k, 'rtime')).toBeCloseTo(533244600, 3);
  expect(kstatTimeMs(k, 'wlentime')).toBe(0);
  expect(kstatTimeMs(k, 'rlentime')).toBe(1553713600);
  expect(kstatTimeMs(k, 'wtime')).toBeUndefined();
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
  // With its times: rtime the busy time, the two queues' areas together what await and avgqusz divide.
  const timed = disksFromKstat(parseKstat('sd:0:sd0:reads\t10\nsd:0:sd0:rtime\t2.5\nsd:0:sd0:wlentime\t0.25\nsd:0:sd0:rlentime\t3.0\n'));
  expect(timed.get('sd0')).toMatchObject({ msDoingIo: 2500, weightedMsDoingIo: 3250, msRequests: 3250 });
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
