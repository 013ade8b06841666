// cpu_stat:N:cpu_statN: each CPU's time in ticks: user, kernel, idle (and wait, which the kernel
// has left at 0 since Solaris 10: iowait is not measured). No nice, interrupt or steal states.
import type { CpuStat, CpuTimes } from '../types.js';
import { kstatsOf, kstatNumber, type Kstats } from './kstat.js';
import { unparseable } from '../run-tool.js';

/** Null when no CPU has its three counters. */
export function cpuStatFromKstat(stats: Kstats): CpuStat | null {
  const cpus = new Map<string, CpuTimes>();
  for (const [id, kstat] of kstatsOf(stats, 'cpu_stat')) {
    const [user, system, idle] = ['user', 'kernel', 'idle'].map((s) => kstatNumber(kstat, s));
    if (user === undefined || system === undefined || idle === undefined) continue;
    cpus.set(`cpu${id.split(':')[1]}`, { user, system, idle });
  }
  if (cpus.size === 0) return null;
  const total: CpuTimes = { user: 0, system: 0, idle: 0 };
  for (const t of cpus.values()) {
    total.user += t.user;
    total.system += t.system;
    total.idle += t.idle;
  }
  return { total, cpus };
}

export function requireCpuStat(stats: Kstats): CpuStat {
  const cpu = cpuStatFromKstat(stats);
  if (cpu === null) throw unparseable('kstat', 'no cpu_stat user, kernel and idle ticks');
  return cpu;
}
