import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { addLinkSpeeds, parseDuplex, parseSpeed } from '../../../src/platform/linux/link-speed.js';
import { parseNetDev } from '../../../src/platform/linux/netdev.js';
import { fixture } from '../../helpers.js';
import type { NicCounters } from '../../../src/platform/types.js';

describe('a link\'s speed and duplex from /sys/class/net', () => {
  test('known speeds in Mb/s; -1 (SPEED_UNKNOWN), the 65535 and 4294967295 older kernels printed, and 0 are unknown', () => {
    expect(['10000', '1000', '100000', '-1', '65535', '4294967295', '0', '', undefined].map(parseSpeed))
      .toEqual([10000, 1000, 100000, undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(['full', 'half', 'unknown', undefined].map(parseDuplex)).toEqual(['full', 'half', undefined, undefined]);
  });

  test('this machine\'s interfaces (virtio eth0 says -1 and unknown, ifb has no speed): none known', () => {
    const sys = mkdtempSync(`${tmpdir()}/sdr-speed-`);
    // The files as this machine's sysfs shows them; ifb0 and lo fail to read (EINVAL), like a missing file.
    mkdirSync(`${sys}/class/net/eth0`, { recursive: true });
    writeFileSync(`${sys}/class/net/eth0/speed`, '-1\n');
    writeFileSync(`${sys}/class/net/eth0/duplex`, 'unknown\n');
    mkdirSync(`${sys}/class/net/ifb0`);
    const { nics } = parseNetDev(fixture('linux/firecracker-vm-k618/proc/net/dev'));
    addLinkSpeeds(sys, nics);
    expect([...nics.values()].map((n) => [n.name, n.speedMbps, n.duplex])).toEqual(
      [...nics.keys()].map((name) => [name, undefined, undefined]));
  });

  test('a veth end (10000, full) and a half-duplex link; the duplex of a link of unknown speed is not kept', () => {
    const sys = mkdtempSync(`${tmpdir()}/sdr-speed-`);
    for (const [name, speed, duplex] of [['veth0', '10000', 'full'], ['eth1', '100', 'half'], ['eth2', '-1', 'full']]) {
      mkdirSync(`${sys}/class/net/${name}`, { recursive: true });
      writeFileSync(`${sys}/class/net/${name}/speed`, `${speed}\n`);
      writeFileSync(`${sys}/class/net/${name}/duplex`, `${duplex}\n`);
    }
    const nics = new Map<string, NicCounters>(['veth0', 'eth1', 'eth2', 'gone0'].map((name) => [name, { name, rxBytes: 0, rxPackets: 0, txBytes: 0, txPackets: 0 }]));
    addLinkSpeeds(sys, nics);
    expect([...nics.values()].map((n) => [n.name, n.speedMbps, n.duplex])).toEqual([
      ['veth0', 10000, 'full'], ['eth1', 100, 'half'], ['eth2', undefined, undefined], ['gone0', undefined, undefined],
    ]);
  });

  test('without /sys/class/net nothing is read and nothing is known', () => {
    const nics = new Map<string, NicCounters>([['eth0', { name: 'eth0', rxBytes: 0, rxPackets: 0, txBytes: 0, txPackets: 0 }]]);
    addLinkSpeeds('/nonexistent', nics);
    expect(nics.get('eth0')!.speedMbps).toBeUndefined();
  });
});
