#!/usr/bin/env node
// The transport bench: `sdr send` into `sdr collect`, both on 127.0.0.1, measured in one run.
//
//   node bench/transport.js          (after `npm run build`; about 1 to 6 minutes)
//
//   1. one sender, one collector: `sdr send --once` of a raw sysrec file of BENCH_SEND_ROWS rows
//   2. the appliance load: 5,000 hosts x 5 messages (sysrec, cpurec, diskrec, nicrec, hdwrec) from
//      100 keep-alive connections of an in-process undici Pool
//   3. a backlog of BENCH_BACKLOG_ROWS rows: `sdr send --once`, its peak RSS (VmHWM) and rate; when
//      draining would take more than BENCH_BACKLOG_MAX_S seconds at the rate of 1, the sender is
//      stopped with SIGTERM after BENCH_BACKLOG_CUT_S seconds and the part delivered is reported.
//
// Environment: BENCH_SEND_ROWS (50000), BENCH_HOSTS (5000), BENCH_MSGS (5), BENCH_CONNS (100),
// BENCH_BACKLOG_ROWS (1000000), BENCH_BACKLOG_MAX_S (240), BENCH_BACKLOG_CUT_S (120).
// Linux only (/proc/<pid>/status).
import { spawn, execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { tmpdir, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { buildBody, hasDevid, msgidOf, wireOs } from '../dist/transport/wire.js';
import { splitCsvLine } from '../dist/transport/raw-reader.js';
import { spawnCollector, stopChild } from './faults.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SDR = join(ROOT, 'bin/sdr.js');
const num = (name, dflt) => Number(process.env[name] ?? dflt);
const SEND_ROWS = num('BENCH_SEND_ROWS', 50_000);
const HOSTS = num('BENCH_HOSTS', 5_000);
const MSGS = num('BENCH_MSGS', 5);
const CONNS = num('BENCH_CONNS', 100);
const BACKLOG_ROWS = num('BENCH_BACKLOG_ROWS', 1_000_000);
const BACKLOG_MAX_S = num('BENCH_BACKLOG_MAX_S', 240);
const BACKLOG_CUT_S = num('BENCH_BACKLOG_CUT_S', 120);
const FLOOR_SEND_RPS = 5_000;
const FLOOR_RSS_MB = 100;
const TOKEN = 'bench-token-0123456789';
const SID = 'BENCHSID';
const RECORDERS = ['sysrec', 'cpurec', 'diskrec', 'nicrec', 'hdwrec'];

const TMP = mkdtempSync(join(tmpdir(), 'sdr-bench-transport-'));
const children = new Set();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fmt = (n, d = 0) => Number(n).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

function cleanup() {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(TMP, { recursive: true, force: true });
}
process.on('SIGINT', () => { cleanup(); process.exit(130); });

/** Header and first row of a real recorder run on this machine. */
function realRow(rec) {
  const out = execFileSync(process.execPath, [SDR, rec, '-H'], { encoding: 'utf8', timeout: 30_000 });
  const [header, row] = out.split('\n');
  if (!header?.startsWith('timestamp') || !row) throw new Error(`${rec} -H gave no header and row`);
  return { header, row };
}

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A raw sysrec file of n rows: the real row with timestamps start, start+1, ... streamed out. */
async function writeRaw(logDir, header, row, n, start) {
  mkdirSync(logDir, { recursive: true });
  const path = join(logDir, `sysrec-${today()}.csv`);
  const rest = row.slice(row.indexOf(','));
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  const CHUNK = 10_000;
  for (let i = 0; i < n; i += CHUNK) {
    let s = '';
    for (let j = i; j < Math.min(n, i + CHUNK); j++) s += `${start + j}${rest}\n`;
    if (!out.write(s)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return statSync(path).size;
}

function writePrivate(path, text) {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** `sdr collect` as a child; resolves with its port once the start line is out. */
async function startCollector(name) {
  const dataDir = join(TMP, name, 'data');
  const tokens = join(TMP, name, 'tokens.json');
  mkdirSync(dataDir, { recursive: true });
  writePrivate(tokens, JSON.stringify({ [TOKEN]: [SID] }));
  const { child, stderr, listening } = spawnCollector(SDR, dataDir, tokens);
  children.add(child);
  return { child, port: await listening, dataDir, stderr };
}

async function stopCollector(c) {
  await stopChild(c.child, 20000);
}

/** Rows the collector stored: lines of every file under dataDir, less one header line each. */
async function storedRows(dataDir) {
  let rows = 0;
  let files = 0;
  // Each data source's directory; not sources.csv, nor the owners' directory beside them.
  const sources = readdirSync(dataDir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  for (const dsid of sources) {
    for (const f of readdirSync(join(dataDir, dsid))) {
      files++;
      let lines = 0;
      let first = true;
      let header = false;
      for await (const chunk of createReadStream(join(dataDir, dsid, f))) {
        if (first) { header = chunk.toString('utf8', 0, 9) === 'timestamp'; first = false; }
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
      }
      rows += lines - (header ? 1 : 0);
    }
  }
  return { rows, files };
}

function sendConfig(name, logDir, port) {
  const path = join(TMP, name, 'sdr.json');
  writePrivate(path, JSON.stringify({
    logDir,
    platforms: [{ name: 'bench', url: `http://127.0.0.1:${port}`, subscription: SID, token: TOKEN, recorders: ['sysrec'] }],
  }));
  return path;
}

function vmHWMkB(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Rows the sender's saved positions say were delivered. */
function positionRows(logDir) {
  const dir = join(logDir, '.send', 'bench');
  let rows = 0;
  try {
    for (const f of readdirSync(dir)) if (f.endsWith('.json')) rows += JSON.parse(readFileSync(join(dir, f), 'utf8')).rows ?? 0;
  } catch {
    // nothing saved yet
  }
  return rows;
}

/** `sdr send --config C --once`; polls VmHWM every 200 ms; SIGTERM after cutS seconds if given. */
async function runSend(config, { cutS, limitS = 900 } = {}) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [SDR, 'send', '--config', config, '--once'], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { if (err.length < 4000) err += d; });
  let hwm = 0;
  const poll = setInterval(() => { const v = vmHWMkB(child.pid); if (v !== undefined) hwm = v; }, 200);
  let cut = false;
  const cutTimer = cutS === undefined ? undefined : setTimeout(() => { cut = true; child.kill('SIGTERM'); }, cutS * 1000);
  const hard = setTimeout(() => child.kill('SIGKILL'), limitS * 1000);
  const [code, signal] = await once(child, 'exit');
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(poll);
  clearTimeout(cutTimer);
  clearTimeout(hard);
  return { code, signal, seconds, hwmMB: hwm / 1024, cut, stderr: err.trim() };
}

const table = [];
const verdicts = [];
const notes = [];
function row(test, rows, seconds, extra = '') {
  table.push([test, fmt(rows), fmt(seconds, 2), fmt(rows / seconds), extra]);
}

async function scenarioSend(real) {
  const name = 's1';
  const logDir = join(TMP, name, 'log');
  mkdirSync(join(TMP, name), { recursive: true });
  const start = Math.floor(Date.now() / 1000) - SEND_ROWS;
  await writeRaw(logDir, real.sysrec.header, real.sysrec.row, SEND_ROWS, start);
  const col = await startCollector(name);
  try {
    const r = await runSend(sendConfig(name, logDir, col.port), { limitS: 600 });
    const stored = await storedRows(col.dataDir);
    const rps = SEND_ROWS / r.seconds;
    row(`1 send --once -> collect`, SEND_ROWS, r.seconds, `exit ${r.code ?? r.signal}, stored ${fmt(stored.rows)}, peak RSS ${fmt(r.hwmMB, 1)} MB`);
    if (r.stderr) notes.push(`1: sender stderr: ${r.stderr.slice(0, 300)}`);
    verdicts.push([rps >= FLOOR_SEND_RPS, `1 send rate ${fmt(rps)} rows/s (floor ${fmt(FLOOR_SEND_RPS)} rows/s)`]);
    verdicts.push([stored.rows === SEND_ROWS && r.code === 0, `1 collector stored ${fmt(stored.rows)} of ${fmt(SEND_ROWS)} rows, sender exit ${r.code ?? r.signal}`]);
    return rps;
  } finally {
    await stopCollector(col);
  }
}

async function scenarioAppliance(real) {
  const name = 's2';
  mkdirSync(join(TMP, name), { recursive: true });
  const os = wireOs();
  const bodies = [];
  for (let h = 0; h < HOSTS; h++) {
    const dsid = randomUUID();
    for (let m = 0; m < MSGS; m++) {
      const rec = RECORDERS[m % RECORDERS.length];
      const fields = splitCsvLine(real[rec].row, ',');
      fields[0] = String(Number(fields[0]) + Math.floor(m / RECORDERS.length)); // distinct rows beyond 5 messages
      bodies.push(buildBody({ msgid: msgidOf(os, rec), sid: SID, dsid, devid: hasDevid(rec) ? 'system' : undefined, fields }));
    }
  }
  const col = await startCollector(name);
  const pool = new Pool(`http://127.0.0.1:${col.port}`, { connections: CONNS, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: 60_000, bodyTimeout: 60_000 });
  try {
    const statuses = new Map();
    let next = 0;
    const deadline = Date.now() + 300_000;
    const t0 = performance.now();
    const worker = async () => {
      while (next < bodies.length && Date.now() < deadline) {
        const body = bodies[next++];
        let status;
        try {
          // sdr's rows without their places: a User-Agent of another agent would make them an original agent's.
          const res = await pool.request({ path: '/api/private/send_data', method: 'POST', headers: { Token: TOKEN, 'content-type': 'text/plain', 'user-agent': 'sdr/bench' }, body });
          await res.body.text();
          status = res.statusCode;
        } catch (e) {
          status = e.code ?? 'error';
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: CONNS }, worker));
    const seconds = (performance.now() - t0) / 1000;
    const sent = [...statuses.values()].reduce((a, b) => a + b, 0);
    await stopCollector(col); // syncs and closes every file before the count
    const stored = await storedRows(col.dataDir);
    const ok = statuses.get(200) ?? 0;
    row(`2 ${fmt(HOSTS)} hosts x ${MSGS} msgs, ${CONNS} conns`, sent, seconds,
      `answers ${[...statuses].map(([s, n]) => `${s}:${fmt(n)}`).join(' ')}, stored ${fmt(stored.rows)} in ${fmt(stored.files)} files`);
    const want = HOSTS * MSGS;
    verdicts.push([stored.rows === want && ok === want, `2 appliance load: ${fmt(ok)} answered 200, ${fmt(stored.rows)} of ${fmt(want)} stored, in ${fmt(seconds, 2)} s (${fmt(sent / seconds)} rows/s)`]);
  } finally {
    await pool.destroy();
    await stopCollector(col);
  }
}

async function scenarioBacklog(real, rate1) {
  const name = 's3';
  const logDir = join(TMP, name, 'log');
  mkdirSync(join(TMP, name), { recursive: true });
  const tw = performance.now();
  const bytes = await writeRaw(logDir, real.sysrec.header, real.sysrec.row, BACKLOG_ROWS, Math.floor(Date.now() / 1000) - BACKLOG_ROWS);
  notes.push(`3: wrote the ${fmt(BACKLOG_ROWS)}-row raw file (${fmt(bytes / 1048576, 1)} MB) in ${fmt((performance.now() - tw) / 1000, 1)} s`);
  const estimate = BACKLOG_ROWS / rate1;
  const bounded = estimate > BACKLOG_MAX_S;
  const col = await startCollector(name);
  try {
    const r = await runSend(sendConfig(name, logDir, col.port), { cutS: bounded ? BACKLOG_CUT_S : undefined, limitS: bounded ? BACKLOG_CUT_S + 60 : 900 });
    const delivered = positionRows(logDir);
    await stopCollector(col);
    const stored = await storedRows(col.dataDir);
    const how = r.cut
      ? `BOUNDED: est. ${fmt(estimate)} s for all at test 1's rate > ${BACKLOG_MAX_S} s, SIGTERM after ${BACKLOG_CUT_S} s`
      : `FULL drain`;
    notes.push(`3: ${how}`);
    row(`3 backlog ${fmt(BACKLOG_ROWS)} rows${r.cut ? ' (part)' : ''}`, delivered, r.seconds,
      `exit ${r.code ?? r.signal}, stored ${fmt(stored.rows)}, sender peak RSS (VmHWM) ${fmt(r.hwmMB, 1)} MB`);
    if (r.stderr) notes.push(`3: sender stderr: ${r.stderr.slice(0, 300)}`);
    verdicts.push([r.hwmMB > 0 && r.hwmMB < FLOOR_RSS_MB, `3 sender peak RSS ${fmt(r.hwmMB, 1)} MB (floor: under ${FLOOR_RSS_MB} MB)${r.cut ? `, over the first ${fmt(delivered)} rows only` : ''}`]);
    verdicts.push([r.cut ? stored.rows >= delivered : stored.rows === BACKLOG_ROWS && delivered === BACKLOG_ROWS,
      `3 collector stored ${fmt(stored.rows)} rows, sender's positions say ${fmt(delivered)} delivered${r.cut ? ' (stopped early)' : ` of ${fmt(BACKLOG_ROWS)}`}`]);
  } finally {
    await stopCollector(col);
  }
}

try {
  const real = Object.fromEntries(RECORDERS.map((r) => [r, realRow(r)]));
  console.log(`sdr transport bench: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), temp ${TMP}`);
  const rate1 = await scenarioSend(real);
  await scenarioAppliance(real);
  await scenarioBacklog(real, rate1);
  const head = ['test', 'rows', 'seconds', 'rows/s', 'details'];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  console.log('');
  console.log(line(head));
  for (const r of table) console.log(line(r));
  console.log('');
  for (const n of notes) console.log(`note ${n}`);
  for (const [ok, text] of verdicts) console.log(`${ok ? 'PASS' : 'FAIL'} ${text}`);
  process.exitCode = verdicts.every(([ok]) => ok) ? 0 : 1;
} catch (err) {
  console.error(`bench failed: ${err.stack ?? err}`);
  process.exitCode = 2;
} finally {
  cleanup();
}
