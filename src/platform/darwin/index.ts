// The macOS backend: sysctl, vm_stat, iostat and netstat through execa, CPU ticks through Node.
import type { Platform } from '../types.js';
import { createSystemReader } from './system.js';
import { createCpuReader, createDiskReader, createNicReader } from './per-device.js';
import { createInventoryReader } from './inventory.js';
import { xenOnlyOnLinux } from '../xen-only-on-linux.js';

export const darwin: Platform = {
  name: 'darwin',
  systemReader: createSystemReader,
  cpuReader: createCpuReader,
  diskReader: createDiskReader,
  nicReader: createNicReader,
  inventoryReader: createInventoryReader,
  xenReader: xenOnlyOnLinux('darwin'),
  excluded: {
    // iostat -I lists the disks; a disk image cannot be told from a disk by its name.
    disk: undefined,
    interface: { pattern: /^lo\d+$/, words: 'loopback (lo0)' },
  },
};
