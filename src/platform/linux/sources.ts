// Each /proc source read and parsed, the file named in any error: shared by the snapshot readers.
import { readSourceFile, parseOrFail } from './procfs.js';
import type { LoadAvg, NicCounters, PagingCounters, TcpCounters } from '../types.js';
import { parseStat, type ProcStat } from './stat.js';
import { parseVmstat } from './vmstat.js';
import { parseSnmp } from './snmp.js';
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

export function readStat(procfs: string): ProcStat {
  const path = `${procfs}/stat`;
  const stat = parseOrFail(path, readSourceFile(path), parseStat, '/proc/stat (no cpu line)');
  reportMalformed(path, stat.malformed);
  return stat;
}

export function readVmstat(procfs: string): PagingCounters {
  const path = `${procfs}/vmstat`;
  const { paging, malformed } = parseVmstat(readSourceFile(path));
  reportMalformed(path, malformed);
  return paging;
}

export function readSnmp(procfs: string): TcpCounters {
  const path = `${procfs}/net/snmp`;
  const { tcp, malformed } = parseSnmp(readSourceFile(path));
  reportMalformed(path, malformed);
  return tcp;
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

/**
 * The mounts of the system's init (pid 1), as node_exporter reads them: given a host's /proc, a
 * container sees the host's filesystems, not its own. Where pid 1's cannot be read (hidepid, a
 * captured tree without it), this process's own; the error names that file.
 */
export function readMountinfo(procfs: string): Mount[] {
  let text: string;
  try {
    text = readSourceFile(`${procfs}/1/mountinfo`);
  } catch {
    text = readSourceFile(`${procfs}/self/mountinfo`);
  }
  return parseMountinfo(text);
}
