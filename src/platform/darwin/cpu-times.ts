// CPU time on macOS: the kernel keeps ticks per CPU (host_processor_info) but no command prints
// them: sysctl has no kern.cp_time there, and iostat and top print rounded percentages of their
// own interval. Node reads those ticks in-process (os.cpus(), in milliseconds), which costs no
// process at all. macOS accounts user, nice, system and idle only: interrupt time is not kept.
import { cpus as nodeCpus, type CpuInfo } from 'node:os';
import type { CpuStat, CpuTimes } from '../types.js';

export function cpuStatFromCpuInfo(infos: CpuInfo[]): CpuStat {
  const cpus = new Map<string, CpuTimes>();
  infos.forEach((c, i) => cpus.set(`cpu${i}`, { user: c.times.user, nice: c.times.nice, system: c.times.sys, idle: c.times.idle }));
  const sum = (pick: (c: CpuInfo['times']) => number) => infos.reduce((s, c) => s + pick(c.times), 0);
  return { total: { user: sum((t) => t.user), nice: sum((t) => t.nice), system: sum((t) => t.sys), idle: sum((t) => t.idle) }, cpus };
}

export function readCpuStat(): CpuStat {
  return cpuStatFromCpuInfo(nodeCpus());
}
