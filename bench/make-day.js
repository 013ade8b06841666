// Raw files of a made-up host with known values, for the report's tests and bench: sysrec, cpurec
// (any number of CPUs), diskrec, nicrec and hdwrec rows at a fixed interval, each value a formula
// of the time and the device, so that a test can compute what a chart or a summary must show.
//
//   import { writeDay, cpuShares } from '../bench/make-day.js'
import { mkdirSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

const LMO = join(dirname(fileURLToPath(import.meta.url)), '..', 'lmo');
const fieldsOf = (rec) => JSON.parse(readFileSync(join(LMO, `${rec}.json`), 'utf8')).fields;

/** CPU c's shares at second t: user, nice, sys, irq, softirq, iowait, steal, idle (%), summing to 100. */
export function cpuShares(c, t) {
  const phase = (t / 600 + c / 3) * Math.PI * 2;
  const user = Number((20 + 15 * Math.sin(phase) + (c % 4) * 5).toFixed(2));
  const sys = Number((5 + 4 * Math.cos(phase / 2) + (c % 3)).toFixed(2));
  const iowait = Number(((c % 2) * 2).toFixed(2));
  const idle = Number((100 - user - sys - iowait).toFixed(2));
  return { userpct: user, nicepct: 0, syspct: sys, irqpct: 0, softirqpct: 0, iowaitpct: iowait, stealpct: 0, idlepct: idle, totalpct: Number((100 - idle).toFixed(2)) };
}

/** Whole-system values at second t. */
function systemValues(t, cpus) {
  const shares = Array.from({ length: cpus }, (_, c) => cpuShares(c, t));
  const avg = (k) => Number((shares.reduce((s, x) => s + x[k], 0) / cpus).toFixed(2));
  const disk = 100 + 50 * Math.sin(t / 300);
  return {
    cpupct: Number((100 - avg('idlepct')).toFixed(2)), userpct: avg('userpct'), syspct: avg('syspct'), iowaitpct: avg('iowaitpct'), stealpct: 0, idlepct: avg('idlepct'),
    memtotal: 16777216, memused: 4194304 + (t % 3600) * 100, memfree: 12582912 - (t % 3600) * 100, memavailable: 10000000, cached: 2000000,
    swaptotal: 4194304, swapused: 1024, swapfree: 4193280,
    reads: Number(disk.toFixed(2)), writes: Number((disk / 2).toFixed(2)), rkbytes: Number((disk * 8).toFixed(2)), wkbytes: Number((disk * 4).toFixed(2)),
    rxkbytes: Number((500 + 400 * Math.sin(t / 120)).toFixed(2)), txkbytes: Number((250 + 200 * Math.cos(t / 120)).toFixed(2)),
    rxpkt: Number((400 + 300 * Math.sin(t / 120)).toFixed(2)), txpkt: 200,
    avg1: Number((1 + Math.sin(t / 900)).toFixed(2)), avg5: 1.1, avg15: 1,
  };
}

/** A line of the recorder's fields from a value map (absent fields empty). */
function line(fields, values) {
  return fields.map((f) => (values[f.name] === undefined ? '' : String(values[f.name]))).join(',') + '\n';
}

async function writeLines(path, lines) {
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  for (const l of lines()) if (!out.write(l)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/**
 * Writes `seconds` of rows from `start` (epoch seconds, within one UTC day) every `interval` s
 * into `dir`: sysrec, cpurec for `cpus` CPUs, diskrec (sda, sdb, dm-0), nicrec (eth0, eth1), and
 * hdwrec every 600 s whose memtotal changes half way.
 */
export async function writeDay(dir, { start, seconds, interval = 1, cpus = 4, recorders = ['sysrec', 'cpurec', 'diskrec', 'nicrec', 'hdwrec'] }) {
  const day = new Date(start * 1000).toISOString().slice(0, 10);
  const times = function* (every = interval) {
    for (let t = start; t < start + seconds; t += every) yield t;
  };
  const header = (fields) => `${fields.map((f) => f.name).join(',')}\n`;
  const recs = {
    sysrec: () => {
      const f = fieldsOf('sysrec');
      return function* () {
        yield header(f);
        for (const t of times()) yield line(f, { timestamp: t, ...systemValues(t, cpus) });
      };
    },
    cpurec: () => {
      const f = fieldsOf('cpurec');
      return function* () {
        yield header(f);
        for (const t of times()) for (let c = 0; c < cpus; c++) yield line(f, { timestamp: t, cpuid: `cpu${c}`, ...cpuShares(c, t) });
      };
    },
    diskrec: () => {
      const f = fieldsOf('diskrec');
      return function* () {
        yield header(f);
        for (const t of times()) {
          for (const [d, k] of [['sda', 3], ['sdb', 1], ['dm-0', 2]]) {
            const r = Number((k * (10 + 5 * Math.sin(t / 200))).toFixed(2));
            yield line(f, { timestamp: t, diskid: d, reads: r, rkbytes: r * 8, writes: r, wkbytes: r * 4, iops: 2 * r, rwkbytes: r * 12, size: 100, free: 40, usedpct: 60, mountpoint: d === 'dm-0' ? '/' : '' });
          }
        }
      };
    },
    nicrec: () => {
      const f = fieldsOf('nicrec');
      return function* () {
        yield header(f);
        for (const t of times()) {
          for (const [n, k] of [['eth0', 2], ['eth1', 1]]) {
            const v = Number((k * (100 + 50 * Math.cos(t / 100))).toFixed(2));
            yield line(f, { timestamp: t, nicid: n, rxpkt: v, rxkbytes: v, txpkt: v / 2, txkbytes: v / 2, rxtxpkt: 1.5 * v, rxtxkbytes: 1.5 * v, rxerr: 0, txerr: 0 });
          }
        }
      };
    },
    hdwrec: () => {
      const f = fieldsOf('hdwrec');
      return function* () {
        yield header(f);
        for (const t of times(600)) {
          yield line(f, { timestamp: t, hostname: 'bench-host', hdw: 'x86_64', model: 'Example CPU', hypervisor: 'kvm', os: 'debian', relos: '12', kernel: '6.1.0',
            pcpu: 1, cores: cpus, vcpu: cpus, ht: 'no', memtotal: t < start + seconds / 2 ? 16384 : 32768, swaptotal: 4096, disks: 2, diskspace: 200, nics: 2, uptime: t - start, ips: 'eth0_192.0.2.7', version: '0.1.0' });
        }
      };
    },
  };
  for (const rec of recorders) await writeLines(join(dir, `${rec}-${day}.csv`), recs[rec]());
}
