import { parseMountinfo, mountPointsByDevice } from '../../../src/platform/linux/mountinfo.js';
import { fixture } from '../../helpers.js';

test('this machine: the root filesystem on vda (254:0) and pseudo filesystems on anonymous devices', () => {
  const mounts = parseMountinfo(fixture('linux/firecracker-vm-k618/proc/self/mountinfo'));
  expect(mounts.find((m) => m.mountPoint === '/')).toEqual({ device: '254:0', root: '/', mountPoint: '/', fsType: 'ext4' });
  expect(mounts.find((m) => m.mountPoint === '/proc')!.device).toBe('0:21');
});

test('the first mount of a filesystem root wins over a bind mount of a subtree; escapes decoded', () => {
  const mounts = parseMountinfo(fixture('linux/devices-change-pair/before/proc/self/mountinfo'));
  expect(mounts.find((m) => m.root === '/srv/exports')!.mountPoint).toBe('/mnt/bind point');
  const byDevice = mountPointsByDevice(mounts);
  expect(byDevice.get('202:1')).toBe('/');
  expect(byDevice.get('253:0')).toBe('/data');
  expect(byDevice.get('0:40')).toBe('/mnt/nfs');
  // A device mounted only through a bind of a subtree still has a mount point.
  expect(mountPointsByDevice(parseMountinfo('50 27 8:17 /sub /mnt/x rw - ext4 /dev/sdb1 rw\n')).get('8:17')).toBe('/mnt/x');
});
