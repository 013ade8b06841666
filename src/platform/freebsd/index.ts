// The FreeBSD backend: sysctl, swapinfo, iostat and netstat, through execa.
import type { Platform } from '../types.js';
import { createSystemReader } from './system.js';
import { createCpuReader, createDiskReader, createNicReader } from './per-device.js';
import { createInventoryReader } from './inventory.js';
import { xenOnlyOnLinux } from '../xen-only-on-linux.js';
import { NOT_A_SYSTEM_DISK } from './system.js';

export const freebsd: Platform = {
  name: 'freebsd',
  systemReader: createSystemReader,
  cpuReader: createCpuReader,
  diskReader: createDiskReader,
  nicReader: createNicReader,
  inventoryReader: createInventoryReader,
  xenReader: xenOnlyOnLinux('freebsd'),
  excluded: {
    disk: { pattern: NOT_A_SYSTEM_DISK, words: 'cd (optical), md (memory) and pass (passthrough) devices' },
    interface: { pattern: /^lo\d+$/, words: 'loopback (lo0)' },
  },
};
