import { parseNetDev } from '../../../src/platform/linux/netdev.js';
import { capture, fixture } from '../../helpers.js';

describe('parseNetDev', () => {
  test('baseline Linux 5.8 capture', () => {
    const { nics, malformed } = parseNetDev(capture('linux/proc-net-dev/ubuntu2010-k58-lo-ens33.txt'));
    expect(malformed).toEqual([]);
    expect([...nics.keys()]).toEqual(['lo', 'ens33']);
    const e = nics.get('ens33')!;
    expect([e.rxBytes, e.rxPackets, e.txBytes, e.txPackets]).toEqual([60600053, 109378, 44256546, 121425]);
  });

  test('an alias name holding a colon, starting at column 0, splits at the last colon', () => {
    const { nics, malformed } = parseNetDev(capture('linux/proc-net-dev/centos7-k310-alias-iface-with-colon-team0-1.txt'));
    expect(malformed).toEqual([]);
    expect([...nics.keys()]).toEqual(['eth0', 'lo', 'team0:1']);
    expect(nics.get('team0:1')!.rxBytes).toBe(0);
    expect(nics.get('eth0')!.rxBytes).toBe(2489766199);
  });

  test('12-digit counters push the columns right', () => {
    const { nics } = parseNetDev(capture('linux/proc-net-dev/ubuntu1204-12digit-counters.txt'));
    const e = nics.get('eth0')!;
    expect([e.rxBytes, e.rxPackets, e.rxMulticast, e.txBytes, e.txPackets]).toEqual([240011007431, 145176540, 281, 212197811305, 6880546]);
  });

  test('a counter glued to the name (no space after the colon)', () => {
    const text = 'Inter-|   Receive |  Transmit\n face |bytes packets|bytes packets\n  eth0:240011007431 145176540    0    0    0     0          0       281 212197811305 6880546    0    0    0     0       0          0\n';
    const e = parseNetDev(text).nics.get('eth0')!;
    expect(e.rxBytes).toBe(240011007431);
    expect(e.txBytes).toBe(212197811305);
  });

  test('this machine', () => {
    const { nics } = parseNetDev(fixture('linux/firecracker-vm-k618/proc/net/dev'));
    expect([...nics.keys()].sort()).toEqual(['eth0', 'ifb0', 'ifb1', 'lo']);
  });

  test('a truncated line is set aside', () => {
    const { nics, malformed } = parseNetDev('  eth0: 1 2 3\n    lo: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n');
    expect([...nics.keys()]).toEqual(['lo']);
    expect(malformed).toEqual(['  eth0: 1 2 3']);
  });
});
