// /proc/stat: CPU time per state, in USER_HZ ticks, for all CPUs together and each online CPU.
import type { CpuStat, CpuTimes } from '../types.js';

function cpuTimes(fields: string[]): CpuTimes | null {
  // Kernels before 2.6 print 4 columns, before 2.6.11 7: missing states are 0.
  const n = fields.slice(1, 9).map(Number);
  if (n.length < 4 || n.some((v) => !Number.isFinite(v))) return null;
  return {
    user: n[0], nice: n[1], system: n[2], idle: n[3],
    iowait: n[4] ?? 0, irq: n[5] ?? 0, softirq: n[6] ?? 0, steal: n[7] ?? 0,
  };
}

export function parseStat(text: string): CpuStat | null {
  let total: CpuTimes | null = null;
  const cpus = new Map<string, CpuTimes>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('cpu')) continue;
    const fields = line.trim().split(/\s+/);
    const times = cpuTimes(fields);
    if (times === null) continue;
    if (fields[0] === 'cpu') total = times;
    else if (/^cpu\d+$/.test(fields[0])) cpus.set(fields[0], times);
  }
  return total === null ? null : { total, cpus };
}
