// Picks the backend for the running OS: linux, freebsd, sunos (Solaris, illumos) or darwin (macOS).
// SDR_PLATFORM overrides process.platform, for replaying another OS's captured output.
import { RuntimeError } from '../core/errors.js';
import type { Platform } from './types.js';
import { linux } from './linux/index.js';
import { freebsd } from './freebsd/index.js';
import { sunos } from './sunos/index.js';
import { darwin } from './darwin/index.js';

/** By SDR_PLATFORM's names, which are process.platform's. */
export const PLATFORMS: Readonly<Record<string, Platform>> = { linux, freebsd, sunos, darwin };

export function currentPlatform(): Platform {
  const name = process.env.SDR_PLATFORM || process.platform;
  const platform = PLATFORMS[name];
  if (platform === undefined) {
    throw new RuntimeError(`no backend for this operating system (${name}): supported: ${Object.keys(PLATFORMS).join(', ')}`);
  }
  return platform;
}

export type { Platform, Reading, SourceRoots } from './types.js';
