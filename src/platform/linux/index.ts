// The Linux backend: /proc and /sys under the roots given, and xentop on a Xen dom0.
import type { Platform } from '../types.js';
import { createSystemReader } from './system.js';
import { createCpuReader, createDiskReader, createNicReader } from './per-device.js';
import { createInventoryReader } from './inventory.js';
import { createXenReader } from './xen.js';
import { NOT_A_SYSTEM_DISK } from './block-devices.js';
import { diskOfDirectory } from './disk-of-directory.js';

export const linux: Platform = {
  name: 'linux',
  systemReader: createSystemReader,
  cpuReader: createCpuReader,
  diskReader: (roots) => createDiskReader(roots),
  nicReader: createNicReader,
  inventoryReader: (roots) => createInventoryReader(roots),
  xenReader: createXenReader,
  diskOfDirectory: (dir) => diskOfDirectory(dir),
  excluded: {
    disk: { pattern: NOT_A_SYSTEM_DISK, words: 'loop, ram, zram, fd and sr devices' },
    interface: { pattern: /^lo$/, words: 'loopback (lo)' },
  },
};
