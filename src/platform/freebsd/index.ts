// The FreeBSD backend: sysctl, swapinfo, iostat and netstat, through execa.
import type { Platform } from '../index.js';
import { createSystemReader } from './system.js';
import { createCpuReader, createDiskReader, createNicReader } from './per-device.js';
import { createInventoryReader } from './inventory.js';
import { xenOnlyOnLinux } from '../xen-only-on-linux.js';

export const freebsd: Platform = {
  name: 'freebsd',
  systemReader: createSystemReader,
  cpuReader: createCpuReader,
  diskReader: createDiskReader,
  nicReader: createNicReader,
  inventoryReader: createInventoryReader,
  xenReader: xenOnlyOnLinux('freebsd'),
};
