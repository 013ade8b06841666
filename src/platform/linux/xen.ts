// The Xen domains snapshot: one run of xentop in batch mode, full names, 1 s between its two
// iterations; the second is kept, as the first has no CPU% (xentop has nothing to compare with).
import { accessSync, constants } from 'node:fs';
import type { XenSnapshot, XentopSettings } from '../types.js';
import { RuntimeError } from '../../core/errors.js';
import { parseXentop } from './xentop.js';

export const XENTOP_ARGS = ['-b', '-f', '-d1', '-i2'];

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir === '') continue;
    try {
      accessSync(`${dir}/${name}`, constants.X_OK);
      return `${dir}/${name}`;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

function findXentop(given: string | undefined): string {
  if (given !== undefined) return given;
  const found = onPath('xentop');
  if (found !== undefined) return found;
  try {
    accessSync('/usr/sbin/xentop', constants.X_OK);
    return '/usr/sbin/xentop';
  } catch {
    throw new RuntimeError('xentop not found on PATH or as /usr/sbin/xentop: install the Xen tools (Debian: xen-utils)',
      { name: 'xentop', takes: 'PATH' });
  }
}

export function createXenReader(settings: XentopSettings): () => Promise<XenSnapshot> {
  if (process.getuid?.() !== 0) {
    throw new RuntimeError('xenrec must run as root: xentop needs root to read the hypervisor\'s domain list');
  }
  const program = findXentop(settings.xentop);
  return async () => {
    const { execa } = await import('execa');
    const r = await execa(program, XENTOP_ARGS, { timeout: settings.timeoutSeconds * 1000, reject: false, stdin: 'ignore' });
    if (r.timedOut) throw new RuntimeError(`${program} did not finish within ${settings.timeoutSeconds} s`);
    const code = (r as { code?: string }).code;
    if (code === 'ENOENT' || code === 'EACCES') throw new RuntimeError(`cannot run ${program}: ${code === 'ENOENT' ? 'no such file' : 'permission denied'}`);
    if (r.exitCode !== 0) {
      const why = String(r.stderr ?? '').trim().split('\n')[0].replace(/\s+/g, ' ');
      throw new RuntimeError(`${program} failed (exit status ${r.exitCode ?? r.signal})${why ? `: ${why}` : ''}`);
    }
    // The sample is the second iteration's, taken as xentop ends: that is its time.
    const epochMs = Date.now();
    const monoNs = process.hrtime.bigint();
    const iterations = parseXentop(String(r.stdout));
    if (iterations.length < 2) {
      throw new RuntimeError(`${program} printed ${iterations.length} iteration${iterations.length === 1 ? '' : 's'}, not the 2 asked for`);
    }
    return { epochMs, monoNs, devices: new Map(iterations[iterations.length - 1].map((d) => [d.name, d])) };
  };
}
