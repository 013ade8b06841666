// Picks the backend for the running OS: linux, freebsd, sunos (Solaris, illumos) or darwin (macOS).
// SDR_PLATFORM overrides process.platform, for replaying another OS's captured output.
import { RuntimeError } from '../core/errors.js';
import type { DeviceSnapshot, DiskDevice, InventorySnapshot, SourceRoots, SystemSnapshot, CpuTimes, NicCounters } from './types.js';
import { createSystemReader } from './linux/system.js';
import { createCpuReader, createDiskReader, createNicReader } from './linux/per-device.js';
import { createInventoryReader } from './linux/inventory.js';
import { createXenReader, type XenSnapshot, type XentopSettings } from './linux/xen.js';
import { freebsd } from './freebsd/index.js';
import { sunos } from './sunos/index.js';
import { darwin } from './darwin/index.js';

/** What a reader returns: Linux reads /proc at once, the other OSes wait for their tools. */
export type Reading<S> = S | Promise<S>;

/** A backend: for each kind of snapshot, the function that takes one. */
export interface Platform {
  name: string;
  systemReader(roots: SourceRoots): () => Reading<SystemSnapshot>;
  cpuReader(roots: SourceRoots): () => Reading<DeviceSnapshot<CpuTimes>>;
  diskReader(roots: SourceRoots): () => Reading<DeviceSnapshot<DiskDevice>>;
  nicReader(roots: SourceRoots): () => Reading<DeviceSnapshot<NicCounters>>;
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

/** By SDR_PLATFORM's names, which are process.platform's. */
const PLATFORMS: Record<string, Platform> = { linux, freebsd, sunos, darwin };

export function currentPlatform(): Platform {
  const name = process.env.SDR_PLATFORM || process.platform;
  const platform = PLATFORMS[name];
  if (platform === undefined) {
    throw new RuntimeError(`no backend for this operating system (${name}): supported: ${Object.keys(PLATFORMS).join(', ')}`);
  }
  return platform;
}

export type { SourceRoots };
