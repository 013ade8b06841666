#!/usr/bin/env node
// Cost of one diskrec and one nicrec sample as the number of devices grows: a synthetic procfs
// with N disks (diskstats, 17 counters, every tenth mounted) and N interfaces, read, turned into
// rows and formatted as CSV exactly as the recorders do, in this process.
//
//   node bench/devices.js            N = 10, 1000, 5000
//   BENCH_DEVICE_COUNTS=10,100 node bench/devices.js
//
// Each (recorder, N) runs in a fresh process, three times, and the median is reported: a heap
// grown by a larger N must not weigh on the next measurement.
import '../bin/v8-flags.js'; // measure with the V8 settings sdr runs with
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createDiskReader, createNicReader } from '../dist/platform/linux/per-device.js';
import { diskrec } from '../dist/recorders/diskrec.js';
import { nicrec } from '../dist/recorders/nicrec.js';
import { rowFormatter } from '../dist/output/format.js';
import { csvLines } from '../dist/output/csv.js';
import { sampleText } from '../dist/recording/recording.js';
import { loadLmo } from '../dist/core/lmo.js';

const COUNTS = (process.env.BENCH_DEVICE_COUNTS || '10,1000,5000').split(',').map(Number);

function syntheticProcfs(n, tick) {
  const root = mkdtempSync(`${tmpdir()}/sdr-bench-devices-`);
  mkdirSync(`${root}/net`);
  mkdirSync(`${root}/self`);
  mkdirSync(`${root}/1`);
  const disks = [];
  const nics = ['Inter-|   Receive                                                |  Transmit',
    ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed'];
  const mounts = [];
  for (let i = 0; i < n; i++) {
    const c = (k) => 1000 * (i + 1) * k + tick * 37;
    disks.push(`  65 ${String(i).padStart(7)} sd${i} ${c(1)} 3 ${c(8)} 50 ${c(2)} 4 ${c(16)} 60 0 70 110 0 0 0 0 0 0`);
    nics.push(`  eth${i}: ${c(1500)} ${c(1)} 0 0 0 0 0 ${c(1) % 7} ${c(900)} ${c(1)} 0 0 0 0 0 0`);
    // Mount points that do not exist: statfs fails fast, so the cost measured is ours, not a disk's.
    if (i % 10 === 0) mounts.push(`${100 + i} 1 65:${i} / /nonexistent/bench/m${i} rw - ext4 /dev/sd${i} rw`);
  }
  writeFileSync(`${root}/diskstats`, disks.join('\n') + '\n');
  writeFileSync(`${root}/net/dev`, nics.join('\n') + '\n');
  // Where a real /proc has them both: diskrec reads pid 1's, an older sdr its own.
  writeFileSync(`${root}/1/mountinfo`, mounts.join('\n') + '\n');
  writeFileSync(`${root}/self/mountinfo`, mounts.join('\n') + '\n');
  return root;
}

function measure(recorder, makeReader, n) {
  const roots = [0, 1].map((tick) => syntheticProcfs(n, tick));
  const readers = roots.map((r) => makeReader({ procfs: r, sysfs: '/nonexistent' }));
  const format = rowFormatter(loadLmo(recorder.name));
  const lines = (records) => csvLines(records, ',');
  const sample = (prev, cur) => sampleText(recorder.rows(prev, cur, 1), '1795816000', format, lines);
  let prev = readers[0]();
  let bytes = 0;
  for (let i = 0; i < 20; i++) bytes += sample(prev, readers[1]()).length; // warm-up
  const samples = Math.max(20, Math.round(20000 / n));
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < samples; i++) {
    const cur = readers[i % 2]();
    bytes += sample(prev, cur).length;
    prev = cur;
  }
  const cpu = process.cpuUsage(cpu0);
  for (const r of roots) rmSync(r, { recursive: true });
  if (bytes === 0) throw new Error('no output');
  return (cpu.user + cpu.system) / 1000 / samples;
}

// rootfs "/": the synthetic mounts are asked of statfs as this machine's, as /proc's would be (a
// procfs of another root given alone asks nothing, which would measure less than a real sample).
const RECORDERS = { diskrec: [diskrec, (r) => createDiskReader({ ...r, rootfs: '/' })], nicrec: [nicrec, createNicReader] };

if (process.argv[2] === '--one') {
  const [recorder, reader] = RECORDERS[process.argv[3]];
  console.log(measure(recorder, reader, Number(process.argv[4])));
} else {
  const self = fileURLToPath(import.meta.url);
  const once = (name, n) => Number(spawnSync(process.execPath, [self, '--one', name, String(n)], { encoding: 'utf8' }).stdout);
  console.log('per-device recorders: CPU per sample on a synthetic procfs (read, rows, CSV), median of 3 fresh processes');
  console.log('recorder  devices  ms/sample  ms per 1000 devices');
  for (const name of Object.keys(RECORDERS)) {
    const per1000 = [];
    for (const n of COUNTS) {
      const ms = [once(name, n), once(name, n), once(name, n)].sort((a, b) => a - b)[1];
      per1000.push((ms / n) * 1000);
      console.log(`${name.padEnd(8)}  ${String(n).padStart(7)}  ${ms.toFixed(3).padStart(9)}  ${((ms / n) * 1000).toFixed(3).padStart(19)}`);
    }
    const tail = per1000.slice(1);
    console.log(`${name}: cost per device from ${COUNTS[1]} to ${COUNTS.at(-1)} devices varies by a factor ` +
      `${(Math.max(...tail) / Math.min(...tail)).toFixed(2)} (1.00 = exactly linear)`);
  }
}
