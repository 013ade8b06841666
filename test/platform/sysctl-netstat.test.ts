import { parseSysctl, unknownOids, sysctlNumbers, parseLoadavgBraces, parseBoottime } from '../../src/platform/sysctl.js';
import { parseNetstatIb } from '../../src/platform/netstat-ib.js';
import { capture } from '../helpers.js';

describe('parseSysctl', () => {
  const full = capture('freebsd/sysctl/freebsd121-1cpu-sysctl-a-full.txt');

  test('a whole FreeBSD sysctl -a: multi-line values stay with their name', () => {
    const v = parseSysctl(full);
    expect(v.get('kern.cp_time')).toBe('1306 0 20708 3886 2221637');
    expect(v.get('vm.vmtotal')).toMatch(/^\nSystem wide totals.*\nProcesses:\t\t\(RUNQ: 1 Disk Wait: 0 Page Wait: 0 Sleep: 21\)/s);
    expect(v.get('vm.loadavg')).toBe('{ 0.33 0.33 0.37 }');
    // The XML of kern.geom.confxml spans many lines, none of them taken for a name.
    expect([...v.keys()].every((k) => /^[a-z_][\w%-]*(\.[\w%-]+)+$/i.test(k))).toBe(true);
  });

  test('4 CPUs: cp_times holds 20 numbers that sum, state by state, to cp_time (within the tick between the two reads)', () => {
    const v = parseSysctl(capture('freebsd/sysctl/freebsd144-atom-4cpu-hw-cp_time-cp_times-loadavg.txt'));
    const perCpu = sysctlNumbers(v, 'kern.cp_times')!;
    expect(perCpu).toHaveLength(20);
    const sums = [0, 1, 2, 3, 4].map((s) => perCpu.filter((_, i) => i % 5 === s).reduce((a, b) => a + b, 0));
    const total = sysctlNumbers(v, 'kern.cp_time')!;
    sums.forEach((sum, s) => expect(Math.abs(sum - total[s])).toBeLessThanOrEqual(1));
    expect(v.get('hw.model')).toBe('Intel(R) Atom(TM) CPU D525   @ 1.80GHz');
    expect(parseBoottime(v.get('kern.boottime'))).toBe(1790798684);
    expect(parseLoadavgBraces(v.get('vm.loadavg'))).toEqual({ avg1: 0.32, avg5: 0.33, avg15: 0.25 });
  });

  test('macOS: vm.swapusage and hw.memsize; a missing name is simply absent', () => {
    const v = parseSysctl(capture('macos/sysctl/macos10146-darwin187-sysctl-a-full.txt'));
    expect(v.get('hw.memsize')).toBe('17179869184');
    expect(v.get('vm.swapusage')).toBe('total = 3072.00M  used = 2513.50M  free = 558.50M  (encrypted)');
    expect(v.has('kern.cp_time')).toBe(false);
  });

  test('the probe output with a hw.memsize line before vm_stat keeps only the sysctl line', () => {
    const v = parseSysctl(capture('macos/vm_stat/macos27-apple-silicon-24g-sysctl-memsize-then-vm_stat.txt'));
    expect([...v.keys()]).toEqual(['hw.memsize']);
  });

  test('unknown oid lines are names to do without; any other complaint is not', () => {
    expect(unknownOids("sysctl: unknown oid 'vm.stats.vm.v_cache_count'\nsysctl: unknown oid 'kern.hv_vmm_present'\n"))
      .toEqual(['vm.stats.vm.v_cache_count', 'kern.hv_vmm_present']);
    expect(unknownOids('')).toEqual([]);
    expect(unknownOids('sysctl: kern.cp_time: Operation not permitted\n')).toBeUndefined();
  });
});

describe('parseNetstatIb', () => {
  test('FreeBSD 14.4 -ibn: the link rows, 11-digit byte counters, Idrop', () => {
    const { nics, malformed } = parseNetstatIb(capture('freebsd/netstat-ibn/freebsd144-re0-11digit-bytes-netstat-ibn.txt'))!;
    expect(malformed).toEqual([]);
    expect([...nics.keys()]).toEqual(['re0', 'lo0']);
    expect(nics.get('re0')).toEqual({
      name: 're0', rxPackets: 43398306, rxErrors: 0, rxDropped: 0, rxBytes: 10224076134,
      txPackets: 30686081, txErrors: 0, txBytes: 9129830082, txCollisions: 0,
    });
  });

  test('FreeBSD 12.1 -ib (names, truncated networks and addresses): the address rows are not interfaces', () => {
    const { nics } = parseNetstatIb(capture('freebsd/netstat-ib/freebsd121-vmware-em0-netstat-ib.txt'))!;
    expect([...nics.keys()]).toEqual(['em0', 'lo0']);
    expect(nics.get('em0')!.rxBytes).toBe(372538087);
    expect(nics.get('lo0')!.txPackets).toBe(98);
  });

  test('macOS -bni: no Idrop column, an empty Address on lo0, "*" of a down interface', () => {
    const { nics, malformed } = parseNetstatIb(capture('macos/netstat-ibn/osx-netstat-bni-anonymized-mac-go-osstat.txt'))!;
    expect(malformed).toEqual([]);
    expect([...nics.keys()]).toEqual(['lo0', 'gif0', 'stf0', 'en0', 'en1', 'en2']);
    expect(nics.get('lo0')).toEqual({
      name: 'lo0', rxPackets: 1758927, rxErrors: 0, rxBytes: 601295906, txPackets: 1758927, txErrors: 0, txBytes: 601295906, txCollisions: 0,
    });
    expect(nics.get('en0')!.rxBytes).toBe(18096041919);
    expect(nics.get('en0')!.rxDropped).toBeUndefined();
  });

  test('netstat -i without -b has no byte counters: not an output sdr can use', () => {
    expect(parseNetstatIb(capture('macos/netstat-i/macos10146-netstat-i-no-bytes.txt'))).toBeNull();
  });

  test('names cut to 5 characters keep apart by their link index', () => {
    const text = 'Name  Mtu   Network       Address            Ipkts Ierrs     Ibytes    Opkts Oerrs     Obytes  Coll\n' +
      'vmnet 1500  <Link#19>   00:50:56:c0:00:01        0     0          0        0     0          0     0\n' +
      'vmnet 1500  <Link#20>   00:50:56:c0:00:08     1853     0     200000        0     0          0     0\n';
    const { nics } = parseNetstatIb(text)!;
    expect([...nics.keys()]).toEqual(['vmnet#19', 'vmnet#20']);
    expect(nics.get('vmnet#20')!.rxPackets).toBe(1853);
  });
});
