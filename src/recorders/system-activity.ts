// sysrec's fields beyond the original's CPU, memory, disk and network ones: events per second
// (context switches, interrupts, forks; sar -w, sar -I SUM), tasks blocked on I/O (sar -q), paging
// (sar -B, sar -W), the share of the interval tasks were stalled (pressure stall information), and
// TCP (sar -n TCP,ETCP). A part the snapshot lacks (not read, or not counted on the OS) leaves its
// fields empty.
import type { SystemSnapshot } from '../platform/types.js';
import type { Value } from './recorder.js';
import { counterDelta, perSecond } from '../core/counters.js';

type Counter = (s: SystemSnapshot) => number | undefined;

const COUNTERS: Counter[] = [
  (s) => s.activity?.contextSwitches, (s) => s.activity?.interrupts, (s) => s.activity?.forks,
];
const PAGING: Counter[] = [
  (s) => s.paging?.pagedInKiB, (s) => s.paging?.pagedOutKiB, (s) => s.paging?.faults, (s) => s.paging?.majorFaults,
  (s) => s.paging?.swappedIn, (s) => s.paging?.swappedOut,
];
const STALLS: Counter[] = [
  (s) => s.stalls?.cpuSome, (s) => s.stalls?.ioSome, (s) => s.stalls?.ioFull, (s) => s.stalls?.memorySome, (s) => s.stalls?.memoryFull,
];
const TCP: Counter[] = [(s) => s.tcp?.activeOpens, (s) => s.tcp?.passiveOpens, (s) => s.tcp?.retransSegs];

export function activityFields(prev: SystemSnapshot, cur: SystemSnapshot, seconds: number): Value[] {
  const rate = (counter: Counter, scale = 1) => perSecond(counterDelta(counter(prev), counter(cur)), seconds, scale);
  // Microseconds stalled per second, as a share of the interval: 100 at most, whatever the skew
  // between the kernel's accounting and the moments of the readings.
  const stalled = (counter: Counter) => {
    const pct = rate(counter, 1e-4);
    return pct === null ? null : Math.min(100, pct);
  };
  return [
    ...COUNTERS.map((c) => rate(c)),
    cur.activity?.blocked ?? null,
    ...PAGING.map((c) => rate(c)),
    ...STALLS.map(stalled),
    ...TCP.map((c) => rate(c)),
    cur.tcp?.currEstab ?? null,
  ];
}
