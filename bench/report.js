#!/usr/bin/env node
// The report bench: a day of sysrec and cpurec at 1 s on 64 CPUs, made up (bench/make-day.js):
// `sdr report --html` wall time and peak RSS, the page's size and its load-to-drawn time in headless
// Chromium; `sdr report sysrec --date` on the day beside `sar -f` on sadc data recorded in the same
// run, as time per 10,000 rows.
//
//   node bench/report.js      (after `npm run build`; a few minutes, most of it making the day)
//
// Environment: BENCH_REPORT_CPUS (64), BENCH_REPORT_SECONDS (86400), BENCH_SADC_SECONDS (60).
// Linux only (/proc/<pid>/status); Chromium and sysstat are used when installed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDay } from './make-day.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SDR = join(ROOT, 'bin/sdr.js');
const CPUS = Number(process.env.BENCH_REPORT_CPUS ?? 64);
const SECONDS = Number(process.env.BENCH_REPORT_SECONDS ?? 86400);
const SADC_SECONDS = Number(process.env.BENCH_SADC_SECONDS ?? 60);
const FLOOR = { htmlS: 5, htmlRssMB: 200, pageMB: 5, drawnS: 2, summaryS: 2 };
const DAY = Date.UTC(2026, 10, 30) / 1000;

/** Runs sdr, sampling its VmHWM at the end; wall seconds and peak RSS in MB. */
function timed(args) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [SDR, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    let hwm = 0;
    child.stderr.on('data', (d) => (err += d));
    const poll = setInterval(() => {
      try {
        hwm = Math.max(hwm, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]));
      } catch {
        // gone
      }
    }, 20);
    child.on('exit', (code) => {
      clearInterval(poll);
      if (code !== 0) reject(new Error(`sdr ${args.join(' ')}: exit ${code}: ${err}`));
      else resolve({ s: Number(process.hrtime.bigint() - t0) / 1e9, rssMB: hwm / 1024 });
    });
  });
}

async function pageDrawnSeconds(page) {
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-headless-shell'].find((p) => existsSync(p));
  if (!chromium) return undefined;
  const { chromium: pw } = await import('playwright-core');
  const browser = await pw.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const t0 = Date.now();
    await tab.goto(`file://${page}`);
    await tab.waitForSelector('body[data-drawn=yes]', { timeout: 60_000 });
    return (Date.now() - t0) / 1000;
  } finally {
    await browser.close();
  }
}

/** sadc at 1 s for a while, then `sar -f` over it: seconds per 10,000 records. */
function sarPer10k() {
  const sadc = ['/usr/lib/sysstat/sadc', '/usr/libexec/sysstat/sadc', '/usr/lib64/sa/sadc'].find((p) => existsSync(p));
  if (!sadc || spawnSync('sar', ['-V']).error) return undefined;
  const dir = mkdtempSync(`${tmpdir()}/sdr-bench-sar-`);
  const file = join(dir, 'sa');
  spawnSync(sadc, ['-S', 'ALL', '1', String(SADC_SECONDS), file]);
  const t0 = process.hrtime.bigint();
  const r = spawnSync('sar', ['-A', '-f', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  rmSync(dir, { recursive: true, force: true });
  return r.status === 0 ? (s / SADC_SECONDS) * 10_000 : undefined;
}

const dir = mkdtempSync(`${tmpdir()}/sdr-bench-report-`);
const log = join(dir, 'log');
console.log(`making ${SECONDS} s of sysrec and cpurec on ${CPUS} CPUs...`);
const t0 = Date.now();
await writeDay(log, { start: DAY, seconds: SECONDS, cpus: CPUS, recorders: ['sysrec', 'cpurec'] });
const cpurecBytes = statSync(join(log, 'cpurec-2026-11-30.csv')).size;
console.log(`  made in ${((Date.now() - t0) / 1000).toFixed(0)} s; cpurec ${(cpurecBytes / 1e6).toFixed(0)} MB`);

const page = join(dir, 'day.html');
const html = await timed(['report', 'sysrec', 'cpurec', '--log-dir', log, '--date', '2026-11-30', '--html', page]);
const pageMB = statSync(page).size / 1e6;
const drawn = await pageDrawnSeconds(page);
const summary = await timed(['report', 'sysrec', '--log-dir', log, '--date', '2026-11-30']);
const sar = sarPer10k();
const sdrPer10k = (summary.s / SECONDS) * 10_000;

const line = (what, value, floor, unit) => console.log(`  ${what.padEnd(44)} ${value === undefined ? 'n/a' : value.toFixed(2).padStart(8)} ${unit}` +
  (floor === undefined || value === undefined ? '' : `   floor ${floor} ${unit}: ${value <= floor ? 'ok' : 'OVER'}`));
console.log(`report of a day (${SECONDS} s, ${CPUS} CPUs):`);
line('sdr report --html sysrec cpurec, wall', html.s, FLOOR.htmlS, 's');
line('  peak RSS', html.rssMB, FLOOR.htmlRssMB, 'MB');
line('  page size', pageMB, FLOOR.pageMB, 'MB');
line('  page load to drawn (headless Chromium)', drawn, FLOOR.drawnS, 's');
line('sdr report sysrec --date, wall', summary.s, FLOOR.summaryS, 's');
line('  per 10,000 rows', sdrPer10k, undefined, 's');
line(`sar -A -f on ${SADC_SECONDS} s of sadc -S ALL, per 10,000 records`, sar, undefined, 's');
if (sar !== undefined) console.log(`  sdr report / sar -f per 10,000 rows: ${(sdrPer10k / sar).toFixed(2)}`);
rmSync(dir, { recursive: true, force: true });
