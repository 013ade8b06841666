#!/usr/bin/env node
// The agent bench: one `sdr run` against the same work done by separate processes, and a soak.
//
//   node bench/agent.js          (after `npm run build`; BENCH_AGENT_SECONDS + BENCH_SOAK_MINUTES)
//
//   1. side by side, for BENCH_AGENT_SECONDS (120): one `sdr run` with the six recorders at 1 s
//      (xenrec at its minimum, 2 s, through the stand-in xentop replaying a 9-domain capture) and
//      its sender, against six `sdr <rec> -l` processes and one `sdr send`, each set into its own
//      log dir and sending to its own `sdr collect` (not measured). Peak RSS (VmHWM) of the one
//      process against the sum of the seven; CPU per minute of each side (utime + stime, children
//      included: xentop runs as a child of both).
//   2. a soak of BENCH_SOAK_MINUTES (30): one `sdr run` with the recorders at 0.1 s (xenrec 2 s),
//      sending; RSS (VmRSS) at minute 5 and at the end. Growth must stay under 5 %.
//
// Linux only (/proc/<pid>/stat and status). Exits 1 when a floor is not met.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SDR = join(ROOT, 'bin/sdr.js');
const XEN_BIN = join(ROOT, 'test/fixtures/xen/bin');
const XEN_CAPTURE = join(ROOT, 'test/fixtures/captures/xen/xentop/xcpng83-xen417-b-i2-d1-9domains.txt');
const num = (name, dflt) => Number(process.env[name] ?? dflt);
const SIDE_S = num('BENCH_AGENT_SECONDS', 120);
const SOAK_MIN = num('BENCH_SOAK_MINUTES', 30);
const FLOOR_RSS_MB = 70;
const FLOOR_GROWTH_PCT = 5;
const RECORDERS = ['sysrec', 'cpurec', 'diskrec', 'nicrec', 'hdwrec', 'xenrec'];
const TOKEN = 'bench-agent-token-0123456789';
const SID = 'BENCHSID';
const TICK_HZ = 100; // USER_HZ on Linux

const TMP = mkdtempSync(join(tmpdir(), 'sdr-bench-agent-'));
const children = new Set();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fmt = (n, d = 1) => Number(n).toFixed(d);
const ENV = { ...process.env, PATH: `${XEN_BIN}:${process.env.PATH}`, XENTOP_CAPTURES: XEN_CAPTURE, NODE_OPTIONS: '' };

function cleanup() {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(TMP, { recursive: true, force: true });
}
process.on('SIGINT', () => { cleanup(); process.exit(130); });

function start(args, name) {
  const child = spawn(process.execPath, [SDR, ...args], { env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { if (err.length < 8000) err += d; });
  child.name = name;
  child.stderrText = () => err;
  return child;
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const [code] = await exited;
  clearTimeout(t);
  return code;
}

/** CPU ticks of a process and of its waited-for children: utime + stime + cutime + cstime. */
function cpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
}

function statusKB(pid, field) {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
  return m ? Number(m[1]) : 0;
}

function writePrivate(path, text) {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

async function collector(name) {
  const dir = join(TMP, name);
  mkdirSync(join(dir, 'data'), { recursive: true });
  writePrivate(join(dir, 'tokens.json'), JSON.stringify({ [TOKEN]: [SID] }));
  const child = start(['collect', '--listen', '127.0.0.1:0', '--data-dir', join(dir, 'data'), '--tokens', join(dir, 'tokens.json')], `${name} collect`);
  for (let i = 0; i < 150; i++) {
    const m = /listening on 127\.0\.0\.1:(\d+)/.exec(child.stderrText());
    if (m) return { child, url: `http://127.0.0.1:${m[1]}` };
    await sleep(100);
  }
  throw new Error(`${name}: collector did not start: ${child.stderrText()}`);
}

function config(name, url, interval, recorders = RECORDERS) {
  const dir = join(TMP, name);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'sdr.json');
  writePrivate(path, JSON.stringify({
    logDir: join(dir, 'log'),
    recorders: Object.fromEntries(recorders.map((r) => [r, { interval: r === 'xenrec' ? Math.max(2, interval) : interval }])),
    platforms: [{ name: 'bench', url, subscription: SID, token: TOKEN, recorders: RECORDERS }],
  }));
  return { path, logDir: join(dir, 'log') };
}

/** Samples the peak RSS of each process while it runs; returns CPU ticks and VmHWM at the end. */
async function measure(procs, seconds) {
  const t0 = procs.map((p) => cpuTicks(p.pid));
  await sleep(seconds * 1000);
  return procs.map((p, i) => ({ name: p.name, ticks: cpuTicks(p.pid) - t0[i], hwmKB: statusKB(p.pid, 'VmHWM') }));
}

const verdicts = [];
const lines = [];
/** Printed as soon as known, so a soak cut short still leaves the side-by-side figures. */
const say = (l) => { lines.push(l); console.log(l); };

async function sideBySide() {
  const colA = await collector('one');
  const colB = await collector('many');
  const one = config('one', colA.url, 1);
  const agent = start(['run', '--config', one.path], 'sdr run');
  const many = config('many', colB.url, 1);
  const procs = RECORDERS.map((r) => start([r, '-l', '--log-dir', many.logDir, r === 'xenrec' ? '2' : '1'], `sdr ${r}`));
  procs.push(start(['send', '--config', many.path], 'sdr send'));
  try {
    await sleep(5000); // start-up is not the steady state
    const [a, ...b] = await measure([agent, ...procs], SIDE_S);
    const perMin = (ticks) => (ticks / TICK_HZ) * (60 / SIDE_S);
    const sumB = b.reduce((s, p) => ({ ticks: s.ticks + p.ticks, hwmKB: s.hwmKB + p.hwmKB }), { ticks: 0, hwmKB: 0 });
    say(`1 side by side for ${SIDE_S} s, six recorders at 1 s (xenrec 2 s) and a sender:`);
    say(`  one sdr run:               peak RSS ${fmt(a.hwmKB / 1024)} MB, CPU ${fmt(perMin(a.ticks), 2)} s/min`);
    say(`  seven separate processes:  peak RSS ${fmt(sumB.hwmKB / 1024)} MB summed, CPU ${fmt(perMin(sumB.ticks), 2)} s/min`);
    for (const p of b) say(`    ${p.name.padEnd(12)} ${fmt(p.hwmKB / 1024)} MB, ${fmt(perMin(p.ticks), 2)} s/min`);
    say(`  ratio one/separate: RSS ${fmt(a.hwmKB / sumB.hwmKB, 2)}, CPU ${fmt(a.ticks / sumB.ticks, 2)}`);
    verdicts.push([a.hwmKB / 1024 < FLOOR_RSS_MB, `1 sdr run peak RSS ${fmt(a.hwmKB / 1024)} MB (floor: under ${FLOOR_RSS_MB} MB)`]);
    verdicts.push([a.hwmKB < sumB.hwmKB, `1 one process ${fmt(a.hwmKB / 1024)} MB vs ${fmt(sumB.hwmKB / 1024)} MB for seven (the original's seven Perl processes: about 70 MB)`]);
    const errors = [agent, ...procs].map((p) => p.stderrText()).join('').split('\n').filter((l) => /error|failed|cannot/i.test(l));
    if (errors.length > 0) say(`  note: ${errors.slice(0, 3).join(' | ')}`);
  } finally {
    for (const p of [agent, ...procs]) await stop(p);
    await stop(colA.child);
    await stop(colB.child);
  }
}

async function soak() {
  const col = await collector('soak');
  const cfg = config('soak', col.url, 0.1);
  const agent = start(['run', '--config', cfg.path], 'sdr run soak');
  const rss = [];
  try {
    for (let minute = 1; minute <= SOAK_MIN; minute++) {
      await sleep(60_000);
      if (agent.exitCode !== null) throw new Error(`sdr run exited: ${agent.stderrText()}`);
      rss.push(statusKB(agent.pid, 'VmRSS'));
    }
    const at5 = rss[Math.min(4, rss.length - 1)];
    const end = rss[rss.length - 1];
    const growth = ((end - at5) / at5) * 100;
    // RSS saws up and down by 20 MB or more as the heap grows and is collected, so two single
    // readings differ by chance: the verdict compares the five minutes around minute 5 with the
    // last five, by their mean and by their highest reading.
    const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
    const early = rss.slice(2, 7);
    const late = rss.slice(-5);
    const meanGrowth = ((mean(late) - mean(early)) / mean(early)) * 100;
    const maxGrowth = ((Math.max(...late) - Math.max(...early)) / Math.max(...early)) * 100;
    say(`2 soak of ${SOAK_MIN} min at 0.1 s (xenrec 2 s), sending: RSS by minute (MB): ${rss.map((k) => fmt(k / 1024)).join(' ')}`);
    say(`  minute ${Math.min(5, rss.length)}: ${fmt(at5 / 1024)} MB, minute ${rss.length}: ${fmt(end / 1024)} MB (${fmt(growth)} %); ` +
      `minutes 3-7 vs the last 5: mean ${fmt(mean(early) / 1024)} -> ${fmt(mean(late) / 1024)} MB (${fmt(meanGrowth)} %), ` +
      `highest ${fmt(Math.max(...early) / 1024)} -> ${fmt(Math.max(...late) / 1024)} MB (${fmt(maxGrowth)} %); peak ${fmt(statusKB(agent.pid, 'VmHWM') / 1024)} MB`);
    verdicts.push([Math.max(meanGrowth, maxGrowth) < FLOOR_GROWTH_PCT,
      `2 soak RSS growth, minutes 3-7 to the last 5: mean ${fmt(meanGrowth)} %, highest ${fmt(maxGrowth)} % (floor: under ${FLOOR_GROWTH_PCT} %)`]);
  } finally {
    await stop(agent);
    await stop(col.child);
  }
}

try {
  console.log(`sdr agent bench: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), temp ${TMP}`);
  await sideBySide();
  if (SOAK_MIN > 0) await soak();
  console.log('');
  for (const [ok, text] of verdicts) console.log(`${ok ? 'PASS' : 'FAIL'} ${text}`);
  process.exitCode = verdicts.every(([ok]) => ok) ? 0 : 1;
} catch (err) {
  console.error(`bench failed: ${err.stack ?? err}`);
  process.exitCode = 2;
} finally {
  cleanup();
}
