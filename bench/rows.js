#!/usr/bin/env node
// Back-to-back rows in one process: the sysrec hot path (read /proc -> rows -> format -> CSV ->
// raw-file sink) as fast as it goes, with no timer between samples, into a temporary log
// directory. Reports peak RSS (VmHWM) after ROWS_CHECKPOINT and after ROWS rows, and CPU time
// per row. It sets the run-time V8 flags of bin/v8-flags.js first, as the launchers do, and
// bench/run.js runs it with the node flags of bin/sdr.js's shebang, so it runs as sdr runs. Alone:
//
//   node [flags] bench/rows.js [rows] [--json]
//
// Modules come from dist/: run `npm run build` first.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Before any of sdr is loaded, as bin/sdr.js does it.
const flagsModule = new URL('../bin/v8-flags.js', import.meta.url);
const runtimeFlags = existsSync(flagsModule) ? (await import(flagsModule.href)).RUNTIME_V8_FLAGS ?? [] : [];

const { createSystemReader } = await import('../dist/platform/linux/system.js');
const { sysrec } = await import('../dist/recorders/sysrec.js');
const { rowFormatter, formatTimestamp } = await import('../dist/output/format.js');
const { csvLines } = await import('../dist/output/csv.js');
const { loadLmo } = await import('../dist/core/lmo.js');
const { RawFileSink } = await import('../dist/output/raw-file.js');
// The recording loop's own stamping, formatting and CSV of a sample, where dist/ has it.
const { sampleText } = await import('../dist/recording/recording.js');
const textOf = sampleText ?? ((rows, timestamp, format, lines) => lines(rows.map((values) => [timestamp, ...format(values)])));

const args = process.argv.slice(2);
const json = args.includes('--json');
const total = Number(args.find((a) => /^\d+$/.test(a)) ?? process.env.ROWS ?? 20000);
const checkpoint = Math.min(total, Number(process.env.ROWS_CHECKPOINT ?? 5000));

/** VmHWM and VmRSS of this process, in KiB. */
function memory() {
  const status = readFileSync('/proc/self/status', 'latin1');
  const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { hwmKiB: kib('VmHWM'), rssKiB: kib('VmRSS') };
}

/** User + system CPU of this process (all threads), in milliseconds. */
function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const startMem = memory();
const dir = mkdtempSync(join(tmpdir(), 'sdr-bench-rows-'));
try {
  const lmo = loadLmo('sysrec');
  const format = rowFormatter(lmo);
  const lines = (records) => csvLines(records, ',');
  const sink = new RawFileSink(dir, 'sysrec', lines([lmo.fields.map((f) => f.name)]));
  sink.open();
  const read = createSystemReader({ procfs: '/proc', sysfs: '/sys' });

  // Each write is awaited so writes never pile up, as the interval timer of a real recording
  // makes sure they don't.

  const t0 = cpuMs();
  const w0 = performance.now();
  let atCheckpoint;
  let prev = read();
  for (let n = 1; n <= total; n++) {
    const cur = read();
    const seconds = Number(cur.monoNs - prev.monoNs) / 1e9;
    const timestamp = formatTimestamp(cur.epochMs, 3);
    sink.write(cur.epochMs, textOf(sysrec.rows(prev, cur, seconds), timestamp, format, lines));
    await sink.flush();
    if (sink.failure) throw sink.failure;
    prev = cur;
    if (n === checkpoint) atCheckpoint = { rows: n, cpuMs: cpuMs() - t0, ...memory() };
  }
  const end = { rows: total, cpuMs: cpuMs() - t0, wallMs: performance.now() - w0, ...memory() };
  await sink.close();

  const steadyRows = end.rows - atCheckpoint.rows;
  const result = {
    node: process.version,
    execArgv: process.execArgv,
    runtimeFlags,
    startHwmKiB: startMem.hwmKiB,
    checkpoint: atCheckpoint,
    end,
    cpuMsPerRow: end.cpuMs / end.rows,
    steadyCpuMsPerRow: steadyRows > 0 ? (end.cpuMs - atCheckpoint.cpuMs) / steadyRows : NaN,
  };
  if (json) {
    process.stdout.write(JSON.stringify(result) + '\n');
  } else {
    const mb = (kib) => (kib / 1024).toFixed(1);
    process.stdout.write(
      `node ${process.version} ${process.execArgv.join(' ') || '(no flags)'}; run-time V8 flags: ${runtimeFlags.join(' ') || '(none)'}\n` +
      `peak RSS at start             ${mb(startMem.hwmKiB)} MiB\n` +
      (steadyRows > 0 ? `peak RSS after ${String(atCheckpoint.rows).padEnd(6)} rows     ${mb(atCheckpoint.hwmKiB)} MiB\n` : '') +
      `peak RSS after ${String(end.rows).padEnd(6)} rows     ${mb(end.hwmKiB)} MiB\n` +
      `CPU per row                   ${result.cpuMsPerRow.toFixed(3)} ms` +
      (steadyRows > 0 ? ` (rows ${atCheckpoint.rows + 1}-${end.rows}: ${result.steadyCpuMsPerRow.toFixed(3)} ms)\n` : '\n') +
      `wall                          ${(end.wallMs / 1000).toFixed(1)} s\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
