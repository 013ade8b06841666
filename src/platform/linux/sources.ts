// Each /proc source read and parsed, the file named in any error: shared by the snapshot readers.
import { readSourceFile, parseOrFail } from './procfs.js';
import type { CpuStat, LoadAvg, NicCounters } from '../types.js';
import { parseStat } from './stat.js';
import { parseMeminfo, type Meminfo } from './meminfo.js';
import { parseLoadavg } from './loadavg.js';
import { parseDiskstats, type DiskCounters } from './diskstats.js';
import { parseNetDev } from './netdev.js';
import { parseMountinfo, type Mount } from './mountinfo.js';
import { warnOnce } from '../../core/warn.js';
import { RuntimeError } from '../../core/errors.js';

function reportMalformed(path: string, lines: string[]): void {
  for (const line of lines) warnOnce(`${path}: skipped a line that fits no known layout: '${line.trim()}'`);
}

export function readStat(procfs: string): CpuStat {
  const path = `${procfs}/stat`;
  return parseOrFail(path, readSourceFile(path), parseStat, '/proc/stat (no cpu line)');
}

export function readMeminfo(procfs: string): Meminfo {
  const path = `${procfs}/meminfo`;
  const mem = parseMeminfo(readSourceFile(path));
  if (!mem.has('MemTotal')) throw new RuntimeError(`${path} does not look like /proc/meminfo (no MemTotal)`);
  return mem;
}

export function readLoadavg(procfs: string): LoadAvg {
  const path = `${procfs}/loadavg`;
  return parseOrFail(path, readSourceFile(path), parseLoadavg, '/proc/loadavg');
}

export function readDiskstats(procfs: string): Map<string, DiskCounters> {
  const path = `${procfs}/diskstats`;
  const { disks, malformed } = parseDiskstats(readSourceFile(path));
  reportMalformed(path, malformed);
  return disks;
}

export function readNetDev(procfs: string): Map<string, NicCounters> {
  const path = `${procfs}/net/dev`;
  const { nics, malformed } = parseNetDev(readSourceFile(path));
  reportMalformed(path, malformed);
  return nics;
}

export function readMountinfo(procfs: string): Mount[] {
  return parseMountinfo(readSourceFile(`${procfs}/self/mountinfo`));
}
