// The inventory on Solaris and illumos: psrinfo -v for the processors, one kstat run for the
// chips and cores, memory, boot time, disks and links, swap -s for swap. The host name, machine
// and release are uname's, through Node; the addresses Node's too.
import { hostname, machine, release, type as osType, version } from 'node:os';
import { networkInterfaces } from 'node:os';
import type { InventorySnapshot } from '../types.js';
import { sampleClock } from '../run-tool.js';
import { formatAddresses } from '../addresses.js';
import { uptimeSeconds } from '../uptime.js';
import { kstatsOf, kstatNumber } from './kstat.js';
import { DISK_SELECTOR, LINK_SELECTOR, disksFromKstat, linksFromKstat } from './devices.js';
import { memoryFigures } from './system.js';
import { readKstat, readPageSize, readPsrinfo, readSwapS } from './sources.js';

const INVENTORY_SELECTORS = [
  'cpu_info:::/^(chip_id|core_id)$/',
  'unix:0:system_pages:physmem',
  'unix:0:system_misc:boot_time',
  DISK_SELECTOR,
  LINK_SELECTOR,
];

export function createInventoryReader(): () => Promise<InventorySnapshot> {
  return async () => {
    const clock = sampleClock();
    const [stats, cpus, swap, pageSize] = await Promise.all([readKstat(INVENTORY_SELECTORS), readPsrinfo(), readSwapS(), readPageSize()]);
    const chips = new Set<string>();
    const cores = new Set<string>();
    for (const k of kstatsOf(stats, 'cpu_info').values()) {
      chips.add(k.get('chip_id') ?? '');
      cores.add(`${k.get('chip_id')}:${k.get('core_id')}`);
    }
    const memory = memoryFigures(stats, pageSize, swap);
    const boot = kstatNumber(kstatsOf(stats, 'unix').get('unix:0:system_misc'), 'boot_time');
    return {
      ...clock,
      hostname: hostname().split('.')[0],
      machine: machine(),
      cpuModel: cpus.model,
      osId: osType().toLowerCase(),
      osVersion: version(),
      kernel: release(),
      packages: chips.size > 0 ? chips.size : undefined,
      cores: cores.size > 0 ? cores.size : undefined,
      logicalCpus: cpus.online,
      smt: cores.size > 0 ? cpus.online > cores.size : undefined,
      memTotalKiB: memory.memTotal,
      swapTotalKiB: memory.swapTotal,
      disks: disksFromKstat(stats).size,
      nics: linksFromKstat(stats).size,
      uptimeSeconds: uptimeSeconds(boot, clock.epochMs),
      ips: formatAddresses(networkInterfaces()),
    };
  };
}
