// The stall totals of /proc/pressure/{cpu,io,memory}. Unlike the other sources they may be absent
// for good (Linux before 4.20, a kernel built without CONFIG_PSI, or booted with psi=0), so their
// absence, or a file that cannot be read, is said once and the pressure fields stay empty; it is
// no failure to repeat every minute, nor one sdrrec counts.
import { existsSync } from 'node:fs';
import type { StallTotals } from '../types.js';
import { readSourceFile } from './procfs.js';
import { parsePressure } from './pressure.js';
import { warnOnce } from '../../core/warn.js';
import { RuntimeError } from '../../core/errors.js';

/** Each file, and the totals its "some" and "full" lines give (cpu's "full" is 0 for the system: not read). */
const FILES: [string, keyof StallTotals, keyof StallTotals | undefined][] = [
  ['cpu', 'cpuSome', undefined], ['io', 'ioSome', 'ioFull'], ['memory', 'memorySome', 'memoryFull'],
];

export function readStalls(procfs: string): StallTotals | undefined {
  const dir = `${procfs}/pressure`;
  let stalls: StallTotals | undefined;
  for (const [file, some, full] of FILES) {
    const path = `${dir}/${file}`;
    let text: string;
    try {
      text = readSourceFile(path);
    } catch (err) {
      if (!(err instanceof RuntimeError)) throw err;
      if (!existsSync(dir)) {
        warnOnce(`${dir} is absent (Linux before 4.20, or pressure stall information off: psi=0): the pressure fields are left empty`);
        return undefined;
      }
      warnOnce(`${err.message}: its pressure fields are left empty`);
      continue;
    }
    const p = parsePressure(text);
    for (const line of p.malformed) warnOnce(`${path}: skipped a line that fits no known layout: '${line.trim()}'`);
    stalls ??= {};
    stalls[some] = p.some;
    if (full !== undefined) stalls[full] = p.full;
  }
  return stalls;
}
