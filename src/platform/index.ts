// Picks the backend for the running OS. SDR_PLATFORM overrides process.platform, for replaying
// another OS's captured output.
import { RuntimeError } from '../core/errors.js';
import type { DeviceSnapshot, DiskDevice, InventorySnapshot, SourceRoots, SystemSnapshot, CpuTimes, NicCounters } from './types.js';
import { createSystemReader } from './linux/system.js';
import { createCpuReader, createDiskReader, createNicReader } from './linux/per-device.js';
import { createInventoryReader } from './linux/inventory.js';
import { createXenReader, type XenSnapshot, type XentopSettings } from './linux/xen.js';

/** A backend: for each kind of snapshot, the function that takes one. */
export interface Platform {
  name: string;
  systemReader(roots: SourceRoots): () => SystemSnapshot;
  cpuReader(roots: SourceRoots): () => DeviceSnapshot<CpuTimes>;
  diskReader(roots: SourceRoots): () => DeviceSnapshot<DiskDevice>;
  nicReader(roots: SourceRoots): () => DeviceSnapshot<NicCounters>;
  inventoryReader(roots: SourceRoots): () => Promise<InventorySnapshot>;
  xenReader(settings: XentopSettings): () => Promise<XenSnapshot>;
}

const linux: Platform = {
  name: 'linux',
  systemReader: createSystemReader,
  cpuReader: createCpuReader,
  diskReader: (roots) => createDiskReader(roots),
  nicReader: createNicReader,
  inventoryReader: (roots) => createInventoryReader(roots),
  xenReader: createXenReader,
};

const PLATFORMS: Record<string, Platform> = { linux };

export function currentPlatform(): Platform {
  const name = process.env.SDR_PLATFORM || process.platform;
  const platform = PLATFORMS[name];
  if (platform === undefined) {
    throw new RuntimeError(`no backend for this operating system (${name}): supported: ${Object.keys(PLATFORMS).join(', ')}`);
  }
  return platform;
}

export type { SourceRoots };
