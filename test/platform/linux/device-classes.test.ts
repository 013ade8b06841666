import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readBlockDevices, systemDiskNames, wholeDiskCount } from '../../../src/platform/linux/block-devices.js';
import { readNetDeviceClasses, systemNicNames } from '../../../src/platform/linux/net-devices.js';
import { parseDiskstats } from '../../../src/platform/linux/diskstats.js';
import { FIXTURES, capture } from '../../helpers.js';

const PAIR = `${FIXTURES}/linux/lvm-bridge-host-pair/before`;
const VM = `${FIXTURES}/linux/firecracker-vm-k618`;

describe('disks summed once', () => {
  test('LVM over a partition: the whole disk counts, dm-0, partitions, loop and sr do not', () => {
    const names = parseDiskstats(capture('linux/proc-diskstats/ubuntu2010-k58-20fields-loop-sda-sr0.txt')).disks.keys();
    expect([...systemDiskNames(names, readBlockDevices(`${PAIR}/sys`))]).toEqual(['sda']);
  });

  test('this machine: vda only (loop and zram are not disks of the system)', () => {
    const names = ['loop0', 'vda', 'zram0'];
    expect([...systemDiskNames(names, readBlockDevices(`${VM}/sys`))]).toEqual(['vda']);
  });

  test('without /sys/block, whole disks are told apart by their names', () => {
    const names = parseDiskstats(capture('linux/proc-diskstats/xen-ec2-xvda-dm-14fields-pre418.txt')).disks.keys();
    expect(readBlockDevices('/nonexistent')).toBeNull();
    // Partitions xvda1/xvda2 and the dm devices are not whole disks; no whole xvda line in this capture.
    expect([...systemDiskNames(names, null)]).toEqual([]);
    expect([...systemDiskNames(['sda', 'sda1', 'nvme0n1', 'nvme0n1p1', 'mmcblk0', 'mmcblk0p2', 'md0', 'dm-1', 'xvdb'], null)])
      .toEqual(['sda', 'nvme0n1', 'mmcblk0', 'xvdb']);
  });
});

describe('interfaces summed once', () => {
  test('a NIC with a device counts; loopback, bridge and veth do not', () => {
    const names = ['lo', 'ens33', 'docker0', 'vethab12'];
    expect([...systemNicNames(names, readNetDeviceClasses(`${PAIR}/sys`, names))]).toEqual(['ens33']);
  });

  test('this machine: eth0 (virtio) only, not the ifb devices', () => {
    const names = ['lo', 'ifb0', 'ifb1', 'eth0'];
    expect([...systemNicNames(names, readNetDeviceClasses(`${VM}/sys`, names))]).toEqual(['eth0']);
  });

  test('a container: no interface has a device, so all but loopback, bridges and bond masters count', () => {
    const classes = new Map([
      ['lo', { loopback: true, hasDevice: false, bridge: false, bondMaster: false }],
      ['eth0', { loopback: false, hasDevice: false, bridge: false, bondMaster: false }],
      ['br0', { loopback: false, hasDevice: false, bridge: true, bondMaster: false }],
      ['bond0', { loopback: false, hasDevice: false, bridge: false, bondMaster: true }],
    ]);
    expect([...systemNicNames(classes.keys(), classes)]).toEqual(['eth0']);
  });

  test('without sysfs, all but loopback', () => {
    expect(readNetDeviceClasses('/nonexistent', ['lo'])).toBeNull();
    expect([...systemNicNames(['lo', 'eth0', 'eth1'], null)]).toEqual(['eth0', 'eth1']);
  });
});

describe('NVMe multipath: one namespace, summed once, counted as one disk', () => {
  /** A /sys/block of a head nvme0n1 with two hidden paths; `headStats` its queue/iostats. */
  function multipath(headStats: string | undefined): string {
    const sys = mkdtempSync(`${tmpdir()}/sdr-nvme-`);
    for (const d of ['nvme0n1', 'nvme0c0n1', 'nvme0c1n1', 'sda']) mkdirSync(`${sys}/block/${d}`, { recursive: true });
    for (const p of ['nvme0c0n1', 'nvme0c1n1']) writeFileSync(`${sys}/block/${p}/hidden`, '1\n');
    if (headStats !== undefined) {
      mkdirSync(`${sys}/block/nvme0n1/queue`);
      writeFileSync(`${sys}/block/nvme0n1/queue/iostats`, `${headStats}\n`);
    }
    return sys;
  }
  const names = ['sda', 'nvme0n1', 'nvme0c0n1', 'nvme0c1n1'];

  test('a head that keeps its own statistics (newer kernels) is summed, its paths not', () => {
    expect([...systemDiskNames(names, readBlockDevices(multipath('1')))].sort()).toEqual(['nvme0n1', 'sda']);
  });

  test('a head that keeps none (older kernels, or not said) leaves its paths to be summed', () => {
    expect([...systemDiskNames(names, readBlockDevices(multipath('0')))].sort()).toEqual(['nvme0c0n1', 'nvme0c1n1', 'sda']);
    expect([...systemDiskNames(names, readBlockDevices(multipath(undefined)))].sort()).toEqual(['nvme0c0n1', 'nvme0c1n1', 'sda']);
  });

  test('the inventory counts the namespace once, whatever its paths', () => {
    expect(wholeDiskCount(readBlockDevices(multipath('0'))!)).toBe(2);
  });
});
