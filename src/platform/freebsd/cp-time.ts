// kern.cp_time and kern.cp_times: CPU time in stathz ticks, five states per CPU in the kernel's
// order user, nice, sys, intr, idle. cp_time is the whole machine, cp_times every CPU in turn.
// FreeBSD does not account iowait, soft interrupts or steal: those stay undefined.
import type { CpuStat, CpuTimes } from '../types.js';

const STATES = 5;

function times(v: number[]): CpuTimes {
  return { user: v[0], nice: v[1], system: v[2], irq: v[3], idle: v[4] };
}

/** Null when cp_time is not five numbers or cp_times not a multiple of five. */
export function cpuStatFromCpTimes(cpTime: number[], cpTimes: number[] | undefined): CpuStat | null {
  if (cpTime.length !== STATES) return null;
  const perCpu = cpTimes ?? [];
  if (perCpu.length % STATES !== 0) return null;
  const cpus = new Map<string, CpuTimes>();
  for (let i = 0; i < perCpu.length; i += STATES) cpus.set(`cpu${i / STATES}`, times(perCpu.slice(i, i + STATES)));
  return { total: times(cpTime), cpus };
}
