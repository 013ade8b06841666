// The new /proc sources' parsers on real text: this machine's files (Linux 6.18) and captures of
// older kernels (test/fixtures/captures/README.md says where each came from).
import { parseVmstat } from '../../../src/platform/linux/vmstat.js';
import { parsePressure } from '../../../src/platform/linux/pressure.js';
import { parseSnmp } from '../../../src/platform/linux/snmp.js';
import { capture, fixture } from '../../helpers.js';

const value = (text: string, name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)![1]);

describe('parseVmstat: the paging counters sar -B and -W show', () => {
  test('this machine (Linux 6.18, 192 lines): every line fits, the six counters as printed', () => {
    const text = fixture('linux/firecracker-vm-k618/proc/vmstat');
    const { paging, malformed } = parseVmstat(text);
    expect(malformed).toEqual([]);
    expect(paging).toEqual({
      pagedInKiB: value(text, 'pgpgin'), pagedOutKiB: value(text, 'pgpgout'), faults: value(text, 'pgfault'),
      majorFaults: value(text, 'pgmajfault'), swappedIn: value(text, 'pswpin'), swappedOut: value(text, 'pswpout'),
    });
    expect(paging.faults).toBeGreaterThan(paging.majorFaults!);
  });

  test('Linux 5.8', () => {
    const { paging, malformed } = parseVmstat(capture('linux/proc-vmstat/ubuntu2010-k58-vmstat.txt'));
    expect(malformed).toEqual([]);
    expect(paging).toEqual({ pagedInKiB: 625466, pagedOutKiB: 706252, faults: 1195623, majorFaults: 1713, swappedIn: 0, swappedOut: 0 });
  });

  test('Linux 2.6.8 of 2004 (37 lines, nr_slab, swapping hard): the same six counters', () => {
    const { paging, malformed } = parseVmstat(capture('linux/proc-vmstat/linux-268-lkml-2004-proc-vmstat-attachment.txt'));
    expect(malformed).toEqual([]);
    expect(paging).toEqual({ pagedInKiB: 259093865, pagedOutKiB: 68682338, faults: 64727816, majorFaults: 15099, swappedIn: 59363, swappedOut: 292378 });
  });

  test('a line that is not "name number" is set aside, the rest kept; a counter the kernel lacks stays undefined', () => {
    const { paging, malformed } = parseVmstat('pgpgin 10\npgpgout ten\npgfault 7 8\npswpin 3\n');
    expect(paging).toEqual({ pagedInKiB: 10, swappedIn: 3 });
    expect(malformed).toEqual(['pgpgout ten', 'pgfault 7 8']);
  });
});

describe('parsePressure: the stall totals (microseconds) of some and full', () => {
  test('this machine (6.18): cpu has a full line (0 for the system since 5.13), io and memory both', () => {
    for (const file of ['cpu', 'io', 'memory']) {
      const text = fixture(`linux/firecracker-vm-k618/proc/pressure/${file}`);
      const totals = [...text.matchAll(/total=(\d+)/g)].map((m) => Number(m[1]));
      expect(parsePressure(text)).toEqual({ some: totals[0], full: totals[1], malformed: [] });
    }
    expect(parsePressure(fixture('linux/firecracker-vm-k618/proc/pressure/cpu')).full).toBe(0);
  });

  test('a kernel before 5.13: cpu has only a some line', () => {
    expect(parsePressure(capture('linux/proc-pressure/flatcar-2020-pre513-cpu-some-only.txt'))).toEqual({ some: 1195993, malformed: [] });
    expect(parsePressure(capture('linux/proc-pressure/flatcar-2020-io.txt'))).toEqual({ some: 2828208, full: 2334731, malformed: [] });
    expect(parsePressure(capture('linux/proc-pressure/flatcar-2020-memory-idle.txt'))).toEqual({ some: 0, full: 0, malformed: [] });
  });

  test('a line of another form is set aside; the other is kept', () => {
    expect(parsePressure('some avg10=1.00 avg60=0.50 avg300=0.10 total=42\nfull total=7\n'))
      .toEqual({ some: 42, malformed: ['full total=7'] });
  });
});

describe('parseSnmp: TCP counters found by name', () => {
  test('this machine (6.18: Ip has OutTransmits, Tcp InCsumErrors, Udp MemErrors)', () => {
    const text = fixture('linux/firecracker-vm-k618/proc/net/snmp');
    const [names, values] = text.split('\n').filter((l) => l.startsWith('Tcp:')).map((l) => l.split(' '));
    const at = (n: string) => Number(values[names.indexOf(n)]);
    expect(parseSnmp(text)).toEqual({
      tcp: { activeOpens: at('ActiveOpens'), passiveOpens: at('PassiveOpens'), retransSegs: at('RetransSegs'), currEstab: at('CurrEstab') },
      malformed: [],
    });
  });

  test('a kernel before 3.10 (no InCsumErrors): the same names at the same places', () => {
    expect(parseSnmp(capture('linux/proc-net-snmp/pre310-topiary-2013-no-incsumerrors.txt')))
      .toEqual({ tcp: { activeOpens: 1172, passiveOpens: 487, retransSegs: 5, currEstab: 21 }, malformed: [] });
  });

  test('a Tcp value line that does not match its names is set aside, and TCP stays unknown; the pairs after it still read', () => {
    const text = 'Tcp: RtoAlgorithm ActiveOpens\nTcp: 1 2 3\nUdp: InDatagrams\nUdp: 5\n';
    expect(parseSnmp(text)).toEqual({ tcp: {}, malformed: ['Tcp: RtoAlgorithm ActiveOpens', 'Tcp: 1 2 3'] });
  });

  test('a lost line does not shift the pairs after it', () => {
    const text = 'Ip: Forwarding\nTcp: RtoAlgorithm ActiveOpens CurrEstab\nTcp: 1 9 4\n';
    expect(parseSnmp(text)).toEqual({ tcp: { activeOpens: 9, currEstab: 4 }, malformed: ['Ip: Forwarding'] });
  });
});
