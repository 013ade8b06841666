import { naturalCompare } from '../../src/core/natural-order.js';
import { checkDeviceList, filterDevices, keepsDevice, parseDeviceList } from '../../src/core/device-filter.js';
import { UsageError } from '../../src/core/errors.js';

test('natural order: numbers inside names compare as numbers', () => {
  expect(['cpu10', 'cpu2', 'cpu1', 'cpu0'].sort(naturalCompare)).toEqual(['cpu0', 'cpu1', 'cpu2', 'cpu10']);
  expect(['sdb', 'sda10', 'sda2', 'sda', 'nvme0n1p10', 'nvme0n1p2', 'dm-10', 'dm-2'].sort(naturalCompare))
    .toEqual(['dm-2', 'dm-10', 'nvme0n1p2', 'nvme0n1p10', 'sda', 'sda2', 'sda10', 'sdb']);
});

describe('device filter', () => {
  const disks = { exclude: /^(loop|sr)\d/ };

  test('by default the excluded class is left out; a list keeps only its names, excluded or not', () => {
    expect(keepsDevice(disks, 'sda')).toBe(true);
    expect(keepsDevice(disks, 'loop0')).toBe(false);
    const only = { ...disks, only: parseDeviceList('loop0, sdb', 'disks') };
    expect(keepsDevice(only, 'loop0')).toBe(true);
    expect(keepsDevice(only, 'sda')).toBe(false);
    expect([...filterDevices(new Map([['sda', 1], ['sdb', 2], ['loop0', 3]]), only).keys()]).toEqual(['sdb', 'loop0']);
  });

  test('a list naming nothing that exists is a usage error listing what does', () => {
    const only = { only: parseDeviceList('sdx,sdy', 'disks') };
    expect(() => checkDeviceList(only, ['sdb', 'sda10', 'sda2'], 'disk'))
      .toThrow(new UsageError('no disk named sdx, sdy: there are sda2, sda10, sdb'));
    expect(() => checkDeviceList({ only: new Set(['sda2', 'sdx']) }, ['sda2'], 'disk')).not.toThrow();
  });

  test('an empty list is a usage error', () => {
    expect(() => parseDeviceList(' , ', 'interfaces')).toThrow(new UsageError("no interfaces named in ' , '"));
  });
});
