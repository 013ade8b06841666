import { RuntimeError } from '../core/errors.js';
import type { Platform } from './types.js';

/** xenrec reads a Xen dom0's xentop, and a dom0 runs Linux: elsewhere it fails at once, saying so. */
export function xenOnlyOnLinux(os: string): Platform['xenReader'] {
  return () => {
    throw new RuntimeError(`only a Linux Xen dom0 has xentop to read; this system is ${os}`);
  };
}
