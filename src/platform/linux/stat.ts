// /proc/stat: CPU time per state, in USER_HZ ticks, for all CPUs together and each online CPU;
// then the system's event counters: "intr" (its first number is the total of all interrupts, the
// per-IRQ counts after it are not read), "ctxt", "processes" (forks) and the level
// "procs_blocked" (tasks waiting for I/O now).
import type { CpuStat, CpuTimes, SystemActivity } from '../types.js';

export interface ProcStat extends CpuStat {
  /** Undefined for a counter the kernel does not print (procs_blocked came in 2.6.0). */
  activity: SystemActivity;
  /** Lines of the counters read here that hold no number, for the caller to report. */
  malformed: string[];
}

function cpuTimes(fields: string[]): CpuTimes | null {
  // Kernels before 2.6 print 4 columns, before 2.6.11 7: missing states are 0. guest (2.6.24) and
  // guest_nice (2.6.33) are left undefined where missing: those kernels did not measure them.
  const n = fields.slice(1, 11).map(Number);
  if (n.length < 4 || n.some((v) => !Number.isFinite(v))) return null;
  return {
    user: n[0], nice: n[1], system: n[2], idle: n[3],
    iowait: n[4] ?? 0, irq: n[5] ?? 0, softirq: n[6] ?? 0, steal: n[7] ?? 0,
    guest: n[8], guestNice: n[9],
  };
}

/** The counters after the CPU lines, by their label, to the activity field they feed. */
const COUNTERS = new Map<string, keyof SystemActivity>([
  ['intr', 'interrupts'], ['ctxt', 'contextSwitches'], ['processes', 'forks'], ['procs_blocked', 'blocked'],
]);

/** The first number after the label: intr's total, or the one value of the others. */
function firstNumber(line: string, label: string): number | undefined {
  const m = /^ *(\d+)(?: |$)/.exec(line.slice(label.length));
  return m === null ? undefined : Number(m[1]);
}

export function parseStat(text: string): ProcStat | null {
  let total: CpuTimes | null = null;
  const cpus = new Map<string, CpuTimes>();
  const activity: SystemActivity = {};
  const malformed: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('cpu')) {
      const fields = line.trim().split(/\s+/);
      const times = cpuTimes(fields);
      if (times === null) continue;
      if (fields[0] === 'cpu') total = times;
      else if (/^cpu\d+$/.test(fields[0])) cpus.set(fields[0], times);
      continue;
    }
    const space = line.indexOf(' ');
    const label = space < 0 ? line : line.slice(0, space);
    const key = COUNTERS.get(label);
    if (key === undefined) continue;
    const value = firstNumber(line, label);
    if (value === undefined) malformed.push(line);
    else activity[key] = value;
  }
  return total === null ? null : { total, cpus, activity, malformed };
}
