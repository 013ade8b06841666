// sysrec: one row per sample for the whole system, fields as lmo/sysrec.json lists them.
import type { Recorder, Value } from './recorder.js';
import type { SystemSnapshot, MemoryFigures, NicCounters } from '../platform/types.js';
import { addKnown, percentOf, perSecond, summedDelta } from '../core/counters.js';
import { busyPct, cpuShares } from './cpu-shares.js';
import { diskRates } from './disk-rates.js';

function diff(a: number | undefined, b: number | undefined): number | null {
  return a === undefined || b === undefined ? null : a - b;
}

function cpuFields(prev: SystemSnapshot, cur: SystemSnapshot): Value[] {
  const all = cpuShares(prev.cpu.total, cur.cpu.total);
  // Per-CPU busy over the CPUs online in both readings: one taken offline or new has no interval.
  let online = 0;
  let sum: number | null = 0;
  for (const [name, now] of cur.cpu.cpus) {
    const before = prev.cpu.cpus.get(name);
    if (before === undefined) continue;
    online++;
    sum = addKnown(sum, busyPct(cpuShares(before, now)));
  }
  const head = sum === null ? null : online * 100 - sum;
  return [
    busyPct(all), sum, head,
    all.user, all.nice, all.system, all.idle, all.iowait, all.irq, all.softirq, all.steal,
  ];
}

/**
 * MemFree + Buffers + Cached: memory the kernel could hand out by dropping caches. An OS without a
 * buffer cache of its own (its file cache is all in Cached) has no buffers to add.
 */
function realFree(m: MemoryFigures): number | null {
  return m.memFree === undefined || m.cached === undefined
    ? null : m.memFree + (m.buffers ?? 0) + m.cached;
}

function memoryFields(m: MemoryFigures): Value[] {
  const memUsed = diff(m.memTotal, m.memFree);
  const free = realFree(m);
  const swapUsed = diff(m.swapTotal, m.swapFree);
  const swapUsedPct = m.swapTotal === 0 ? 0 : percentOf(swapUsed, m.swapTotal);
  return [
    percentOf(memUsed, m.memTotal), memUsed, m.memFree ?? null, m.memTotal ?? null,
    m.buffers ?? null, m.cached ?? null, free, percentOf(free, m.memTotal),
    swapUsedPct, swapUsed, m.swapFree ?? null, m.swapTotal ?? null, m.swapCached ?? null,
  ];
}

function diskFields(prev: SystemSnapshot, cur: SystemSnapshot, seconds: number): Value[] {
  return diskRates((counter) => summedDelta(prev.systemDisks, cur.systemDisks, counter), seconds);
}

function nicFields(prev: SystemSnapshot, cur: SystemSnapshot, seconds: number): Value[] {
  const a = prev.systemNics;
  const b = cur.systemNics;
  const rate = (counter: (n: NicCounters) => number | undefined, scale = 1) =>
    perSecond(summedDelta(a, b, counter), seconds, scale);
  const rxpkt = rate((n) => n.rxPackets);
  const rxkb = rate((n) => n.rxBytes, 1 / 1024);
  const txpkt = rate((n) => n.txPackets);
  const txkb = rate((n) => n.txBytes, 1 / 1024);
  return [
    rxpkt, rxkb, rate((n) => n.rxErrors), rate((n) => n.rxDropped),
    txpkt, txkb, rate((n) => n.txErrors), rate((n) => n.txDropped),
    addKnown(rxpkt, txpkt), addKnown(rxkb, txkb),
  ];
}

export const sysrec: Recorder<SystemSnapshot> = {
  name: 'sysrec',
  reader: (platform, roots) => platform.systemReader(roots),
  rows(prev, cur, seconds) {
    const m = cur.memory;
    // Kernels before 3.14 have no MemAvailable: the free-plus-caches estimate stands in.
    const available = m.memAvailable ?? realFree(m);
    return [[
      ...cpuFields(prev, cur),
      // The reader of /proc/loadavg is itself running at that moment: it is not load.
      cur.load.running === undefined ? null : Math.max(0, cur.load.running - 1), cur.load.tasks ?? null,
      ...memoryFields(m),
      ...diskFields(prev, cur, seconds),
      ...nicFields(prev, cur, seconds),
      cur.load.avg1, cur.load.avg5, cur.load.avg15,
      available, percentOf(available, m.memTotal),
    ]];
  },
};
