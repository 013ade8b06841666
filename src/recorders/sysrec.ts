// sysrec: one row per sample for the whole system, fields as lmo/sysrec.json lists them. A part of
// the snapshot that could not be read (undefined) leaves its fields empty, the others are written.
import type { Recorder, Value } from './recorder.js';
import type { SystemSnapshot, MemoryFigures, NicCounters } from '../platform/types.js';
import { addKnown, percentOf, perSecond, summedDelta } from '../core/counters.js';
import { busyPct, cpuShares } from './cpu-shares.js';
import { diskRates } from './disk-rates.js';
import { activityFields } from './system-activity.js';

function diff(a: number | undefined, b: number | undefined): number | null {
  return a === undefined || b === undefined ? null : a - b;
}

/** cpupct to stealpct. */
const CPU_FIELDS = 11;

function cpuFields(prev: SystemSnapshot, cur: SystemSnapshot): Value[] {
  if (prev.cpu === undefined || cur.cpu === undefined) return new Array<Value>(CPU_FIELDS).fill(null);
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

/** guestpct and guestnicepct: shares of the aggregate line's ticks, already inside userpct and nicepct. */
function guestFields(prev: SystemSnapshot, cur: SystemSnapshot): Value[] {
  if (prev.cpu === undefined || cur.cpu === undefined) return [null, null];
  const all = cpuShares(prev.cpu.total, cur.cpu.total);
  return [all.guest, all.guestNice];
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
  const a = prev.systemDisks;
  const b = cur.systemDisks;
  return diskRates((counter) => (a && b ? summedDelta(a, b, counter) : null), seconds);
}

function nicFields(prev: SystemSnapshot, cur: SystemSnapshot, seconds: number): Value[] {
  const a = prev.systemNics;
  const b = cur.systemNics;
  // Unread in either reading: unknown, never the 0 that a sum over no interface would give.
  const rate = (counter: (n: NicCounters) => number | undefined, scale = 1) =>
    perSecond(a && b ? summedDelta(a, b, counter) : null, seconds, scale);
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
    const load = cur.load;
    // Kernels before 3.14 have no MemAvailable: the free-plus-caches estimate stands in.
    const available = m.memAvailable ?? realFree(m);
    return [[
      ...cpuFields(prev, cur),
      // The reader of /proc/loadavg is itself running at that moment: it is not load.
      load?.running === undefined ? null : Math.max(0, load.running - 1), load?.tasks ?? null,
      ...memoryFields(m),
      ...diskFields(prev, cur, seconds),
      ...nicFields(prev, cur, seconds),
      load?.avg1 ?? null, load?.avg5 ?? null, load?.avg15 ?? null,
      available, percentOf(available, m.memTotal),
      ...guestFields(prev, cur),
      ...activityFields(prev, cur, seconds),
    ]];
  },
};
