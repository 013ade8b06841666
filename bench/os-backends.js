#!/usr/bin/env node
// What a sample costs on FreeBSD, Solaris/illumos and macOS: the processes each reader starts and
// its wall time, measured with the stand-in tools of test/fixtures/<os>/bin (each a /bin/sh script
// replaying a capture, so the time is the cost of starting and reading processes, not of the real
// tools' work). Run after `npm run build`: node bench/os-backends.js
//   BENCH_READS  readings per reader (default 30)
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const READS = Number(process.env.BENCH_READS) || 30;
const { currentPlatform } = await import(join(ROOT, 'dist/platform/index.js'));
const READERS = ['systemReader', 'cpuReader', 'diskReader', 'nicReader', 'inventoryReader'];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`reader            os        processes/sample  median ms/sample  (${READS} samples each)`);
for (const os of ['freebsd', 'sunos', 'darwin']) {
  process.env.SDR_PLATFORM = os;
  process.env.SDR_REPLAY_DIR = join(ROOT, 'test/fixtures', os, 'replay');
  process.env.PATH = `${join(ROOT, 'test/fixtures', os, 'bin')}:${process.env.PATH}`;
  for (const kind of READERS) {
    const state = mkdtempSync(join(tmpdir(), 'sdr-bench-'));
    process.env.SDR_REPLAY_STATE = state;
    process.env.SDR_REPLAY_LOG = join(state, 'runs.log');
    const read = currentPlatform()[kind]({ procfs: '/proc', sysfs: '/sys' });
    await read(); // the first reading may run once-only tools (Solaris pagesize)
    const before = existsSync(process.env.SDR_REPLAY_LOG) ? readFileSync(process.env.SDR_REPLAY_LOG, 'utf8').split('\n').length - 1 : 0;
    const times = [];
    for (let i = 0; i < READS; i++) {
      const t = process.hrtime.bigint();
      await read();
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const after = existsSync(process.env.SDR_REPLAY_LOG) ? readFileSync(process.env.SDR_REPLAY_LOG, 'utf8').split('\n').length - 1 : 0;
    console.log(`${kind.padEnd(17)} ${os.padEnd(9)} ${String((after - before) / READS).padStart(16)}  ${median(times).toFixed(1).padStart(16)}`);
    rmSync(state, { recursive: true, force: true });
  }
}
