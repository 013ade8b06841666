// Picks the backend for the running OS. SDR_PLATFORM overrides process.platform, for replaying
// another OS's captured output.
import { RuntimeError } from '../core/errors.js';
import type { SourceRoots, SystemSnapshot } from './types.js';
import { createSystemReader as linuxSystemReader } from './linux/system.js';

export interface Platform {
  name: string;
  systemReader(roots: SourceRoots): () => SystemSnapshot;
}

const linux: Platform = { name: 'linux', systemReader: linuxSystemReader };

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
