// The Solaris and illumos backend: kstat, swap -s, psrinfo -v and pagesize, through execa.
import type { Platform } from '../types.js';
import { createSystemReader } from './system.js';
import { createCpuReader, createDiskReader, createNicReader } from './per-device.js';
import { createInventoryReader } from './inventory.js';
import { xenOnlyOnLinux } from '../xen-only-on-linux.js';

export const sunos: Platform = {
  name: 'sunos',
  systemReader: createSystemReader,
  cpuReader: createCpuReader,
  diskReader: createDiskReader,
  nicReader: createNicReader,
  inventoryReader: createInventoryReader,
  xenReader: xenOnlyOnLinux('sunos'),
  excluded: {
    // The disk kstats are those of disk drivers only (sd, cmdk, blkdev...): nothing to leave out by name.
    disk: undefined,
    interface: { pattern: /^lo\d+$/, words: 'loopback (lo0)' },
  },
};
