#!/usr/bin/env node
// The collector bench: `sdr collect` with rows stored by their place and data sources owned by
// their token, beside the collector of before (the parent of the commit "Rows stored by their
// place..."), under the same load in the same run; then the peak RSS of this one after 10,000
// data sources have written.
//
//   node bench/collector.js      (after `npm run build`; about 3 to 5 minutes, more the first time)
//
//   1. throughput, rows as sdr send names them (X-Sdr-File, X-Sdr-Row) from 100 keep-alive
//      connections, each data source's rows in the order its sender sends them: streams (100 data
//      sources x 5 recorders x 100 rows a day file: appends to open files) and new sources (1,000
//      data sources x 5 recorders x 5 rows: each creates its directory, owner and day files). The
//      two collectors side by side, each its own 100 connections, BENCH_COLLECTOR_ROUNDS (5)
//      times: the median of the rounds' ratios, of rows a second and of rows a CPU second of the
//      collector's process. The second is the one judged: others' load on the machine moves it
//      less, and the rows a second are bounded by this process, which drives both collectors.
//      Floor: this one no more than 10 % slower in either.
//   2. memory: BENCH_COLLECTOR_SOURCES data sources, one row of each recorder each; VmHWM of the
//      collector's process once all are stored. Floor: under 150 MB.
//
// The collector of before is built from this repository's history into a temporary directory
// (git clone, npm ci: the first run takes a minute more), or taken from BENCH_BASE_TREE (a built
// checkout). BENCH_BASE_TREE=none measures this one only. Linux only (/proc/<pid>/status).
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { buildBody, hasDevid, msgidOf, wireOs } from '../dist/transport/wire.js';
import { splitCsvLine } from '../dist/transport/raw-reader.js';
import { ROOT, SDR, canMount, mountTmpfs, sdrEnv, spawnCollector, stopChild, writePrivate } from './faults.js';

const num = (name, dflt) => Number(process.env[name] ?? dflt);
const LOADS = [
  { name: 'streams', hosts: 100, rows: 100 },
  { name: 'new sources', hosts: 1000, rows: 5 },
];
const ROUNDS = num('BENCH_COLLECTOR_ROUNDS', 5);
const SOURCES = num('BENCH_COLLECTOR_SOURCES', 10_000);
const CONNS = 100;
const TICK_HZ = 100; // USER_HZ on Linux
const FLOOR_RATIO = 0.9;
const FLOOR_RSS_MB = 150;
const TOKEN = 'bench-collector-token-0123456789';
const SID = 'BENCHSID';
const RECORDERS = ['sysrec', 'cpurec', 'diskrec', 'nicrec', 'hdwrec'];
/** The commit that made the collector store rows by place and data sources by owner. */
const ORDERING_SUBJECT = 'Rows stored by their place, once and in order';

const TMP = mkdtempSync(join(tmpdir(), 'sdr-bench-collector-'));
// The collectors' files on a tmpfs where one can be mounted: what is compared is the collector's
// work, not how busy the machine's disk is with others' meanwhile.
const DISK = canMount() === undefined ? mountTmpfs(4 * 1024 * 1024, 'bench-collector') : undefined;
const DATA = DISK?.dir ?? TMP;
const children = new Set();
const fmt = (n, d = 0) => Number(n).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function cleanup() {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  DISK?.unmount();
  rmSync(TMP, { recursive: true, force: true });
}
process.on('SIGINT', () => { cleanup(); process.exit(130); });

/** The built checkout of the collector of before: BENCH_BASE_TREE, or built from the history. */
function baseTree() {
  const given = process.env.BENCH_BASE_TREE;
  if (given === 'none') return undefined;
  if (given) return given;
  const git = (...args) => execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8' }).trim();
  const commit = git('log', '--format=%H', '-n', '1', '--fixed-strings', `--grep=${ORDERING_SUBJECT}`);
  if (commit === '') throw new Error(`no commit "${ORDERING_SUBJECT}" in the history: give BENCH_BASE_TREE`);
  const parent = git('rev-parse', `${commit}^`);
  const dir = join(tmpdir(), `sdr-bench-base-${parent.slice(0, 12)}`);
  if (!existsSync(join(dir, 'dist/cli.js'))) {
    console.log(`building the collector of before (${parent.slice(0, 12)}) in ${dir}`);
    rmSync(dir, { recursive: true, force: true });
    execFileSync('git', ['clone', '-q', ROOT, dir], { stdio: 'inherit' });
    execFileSync('git', ['-C', dir, 'checkout', '-q', parent], { stdio: 'inherit' });
    // npm ci runs the prepare script, which builds dist/.
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return dir;
}

/** Header and first row of a real recorder run on this machine. */
function realRow(rec) {
  const out = execFileSync(process.execPath, [SDR, rec, '-H'], { encoding: 'utf8', timeout: 30_000 });
  const [, row] = out.split('\n');
  return splitCsvLine(row, ',');
}

/** Requests of `hosts` data sources, `rows` rows of each recorder each, in the order a sender sends them. */
function load(real, hosts, rows) {
  const os = wireOs();
  const day = new Date().toISOString().slice(0, 10);
  const requests = [];
  for (let h = 0; h < hosts; h++) {
    const dsid = randomUUID();
    for (let i = 1; i <= rows; i++) {
      for (const rec of RECORDERS) {
        const fields = [...real[rec]];
        fields[0] = String(Number(fields[0]) + i);
        requests.push({
          body: buildBody({ msgid: msgidOf(os, rec), sid: SID, dsid, devid: hasDevid(rec) ? 'system' : undefined, fields }),
          place: { 'x-sdr-file': `${rec}-${day}.csv`, 'x-sdr-row': String(i) },
        });
      }
    }
  }
  return requests;
}

/** `sdr collect` of a tree; resolves once it listens. */
async function startCollector(tree, name) {
  const dataDir = join(DATA, name, 'data');
  const tokens = join(TMP, name, 'tokens.json');
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(join(TMP, name), { recursive: true });
  writePrivate(tokens, JSON.stringify({ [TOKEN]: [SID] }));
  const sdr = join(tree, 'bin/sdr.js');
  // Where a token's creations are limited a minute, the bench's one token creates them all.
  const help = spawnSync(process.execPath, [sdr, 'collect', '--help'], { encoding: 'utf8' }).stdout;
  const limits = help.includes('--max-new-sources') ? ['--max-new-sources', '1000000', '--max-new-files', '1000000'] : [];
  const { child, stderr, listening } = spawnCollector(sdr, dataDir, tokens, limits);
  children.add(child);
  return { child, port: await listening, dataDir, stderr };
}

async function stopCollector(c) {
  await stopChild(c.child, 30000);
}

/** CPU seconds the process has used (utime + stime of /proc/<pid>/stat). */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICK_HZ;
}

function memoryMB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { hwm: kb('VmHWM') / 1024, rss: kb('VmRSS') / 1024 };
}

/** Rows stored under dataDir: lines less each file's header. */
async function storedRows(dataDir) {
  let rows = 0;
  for (const dsid of readdirSync(dataDir)) {
    if (!/^[0-9a-f-]{36}$/.test(dsid)) continue; // .owners, sources.csv
    for (const f of readdirSync(join(dataDir, dsid))) {
      let lines = -1;
      for await (const chunk of createReadStream(join(dataDir, dsid, f))) {
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
      }
      rows += lines;
    }
  }
  return rows;
}

/** Sends every request over CONNS connections; the seconds it took and the answers by status. */
async function drive(port, requests) {
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: CONNS, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: 60_000, bodyTimeout: 60_000 });
  const statuses = new Map();
  let next = 0;
  const deadline = Date.now() + 600_000;
  const t0 = performance.now();
  const worker = async () => {
    while (next < requests.length && Date.now() < deadline) {
      const r = requests[next++];
      let status;
      try {
        const res = await pool.request({ path: '/api/private/send_data', method: 'POST', headers: { Token: TOKEN, 'content-type': 'text/plain', ...r.place }, body: r.body });
        await res.body.text();
        status = res.statusCode;
      } catch (e) {
        status = e.code ?? 'error';
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  try {
    await Promise.all(Array.from({ length: CONNS }, worker));
  } finally {
    await pool.destroy();
  }
  return { seconds: (performance.now() - t0) / 1000, statuses };
}

const answers = (statuses) => [...statuses].map(([s, n]) => `${s}:${fmt(n)}`).join(' ');
const verdicts = [];

async function throughput(real, trees, { name, hosts, rows }) {
  const requests = load(real, hosts, rows);
  const rates = new Map(trees.map((t) => [t.name, []]));
  console.log(`\n1. throughput, ${name}: ${fmt(hosts)} data sources x ${RECORDERS.length} recorders x ${rows} rows = ${fmt(requests.length)} rows, ` +
    `${CONNS} connections to each collector, both at once, ${ROUNDS} rounds`);
  for (let round = 1; round <= ROUNDS; round++) {
    const collectors = await Promise.all(trees.map((t) => startCollector(t.dir, `${t.name}-${round}`)));
    let results;
    try {
      // Side by side: whatever else the machine does meanwhile weighs on both alike.
      results = await Promise.all(collectors.map(async (c) => {
        const cpu0 = cpuSeconds(c.child.pid);
        const r = await drive(c.port, requests);
        return { ...r, cpu: cpuSeconds(c.child.pid) - cpu0 };
      }));
    } finally {
      await Promise.all(collectors.map(stopCollector));
    }
    for (const [i, t] of trees.entries()) {
      const { seconds, cpu, statuses } = results[i];
      const stored = await storedRows(collectors[i].dataDir);
      const rps = requests.length / seconds;
      const perCpu = requests.length / cpu;
      rates.get(t.name).push({ rps, perCpu });
      console.log(`   round ${round} ${t.name.padEnd(7)} ${fmt(seconds, 2).padStart(6)} s ${fmt(rps).padStart(7)} rows/s, ` +
        `collector CPU ${fmt(cpu, 2).padStart(5)} s ${fmt(perCpu).padStart(7)} rows/CPU-s; answers ${answers(statuses)}, stored ${fmt(stored)}`);
      if (stored !== requests.length || (statuses.get(200) ?? 0) !== requests.length) {
        verdicts.push([false, `1 ${name}, ${t.name}, round ${round}: ${fmt(stored)} of ${fmt(requests.length)} rows stored, answers ${answers(statuses)}`]);
      }
      rmSync(join(DATA, `${t.name}-${round}`), { recursive: true, force: true });
    }
  }
  const of = (tree, key) => median(rates.get(tree).map((r) => r[key]));
  const pct = (ratio) => `${ratio >= 1 ? '+' : ''}${fmt((ratio - 1) * 100, 1)} %`;
  if (rates.has('before')) {
    // The median of each round's ratio: the two collectors of a round ran under the same conditions.
    const ratio = (key) => median(rates.get('now').map((r, i) => r[key] / rates.get('before')[i][key]));
    const wall = ratio('rps');
    const cpu = ratio('perCpu');
    console.log(`   medians: now ${fmt(of('now', 'rps'))} rows/s, ${fmt(of('now', 'perCpu'))} rows/CPU-s; ` +
      `before ${fmt(of('before', 'rps'))} rows/s, ${fmt(of('before', 'perCpu'))} rows/CPU-s; ratio ${fmt(wall, 3)} (${pct(wall)}), per CPU second ${fmt(cpu, 3)} (${pct(cpu)})`);
    // Judged by the collector's CPU time, which others' load on the machine moves far less than the wall clock.
    verdicts.push([cpu >= FLOOR_RATIO, `1 ${name}: with ordering and ownership ${fmt(of('now', 'perCpu'))} rows per CPU second against ` +
      `${fmt(of('before', 'perCpu'))} before, ${fmt(cpu, 3)} of it (wall clock: ${fmt(wall, 3)}); floor: at least ${FLOOR_RATIO}, no more than 10 % slower`]);
  } else {
    verdicts.push([true, `1 ${name}: ${fmt(of('now', 'rps'))} rows/s, ${fmt(of('now', 'perCpu'))} rows per CPU second (no collector of before to compare with)`]);
  }
}

async function memory(real, trees) {
  const requests = load(real, SOURCES, 1);
  console.log(`\n2. memory: ${fmt(SOURCES)} data sources x ${RECORDERS.length} recorders, one row each (${fmt(requests.length)} rows, as many files)`);
  for (const t of trees) {
    const c = await startCollector(t.dir, `${t.name}-rss`);
    let result;
    let mem;
    try {
      result = await drive(c.port, requests);
      mem = memoryMB(c.child.pid);
    } finally {
      await stopCollector(c);
    }
    const stored = await storedRows(c.dataDir);
    console.log(`   ${t.name.padEnd(7)} VmHWM ${fmt(mem.hwm, 1)} MB, VmRSS ${fmt(mem.rss, 1)} MB after ${fmt(result.seconds, 1)} s; answers ${answers(result.statuses)}, stored ${fmt(stored)}`);
    if (t.name === 'now') {
      verdicts.push([mem.hwm < FLOOR_RSS_MB && stored === requests.length,
        `2 collector peak RSS (VmHWM) ${fmt(mem.hwm, 1)} MB after ${fmt(SOURCES)} data sources wrote, ${fmt(stored)} of ${fmt(requests.length)} rows stored (floor: under ${FLOOR_RSS_MB} MB)`]);
    }
    rmSync(join(DATA, `${t.name}-rss`), { recursive: true, force: true });
  }
}

try {
  console.log(`sdr collector bench: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ` +
    `files ${DISK ? `on a tmpfs at ${DATA}` : `in ${DATA} (not root: no tmpfs)`}`);
  const before = baseTree();
  const trees = [{ name: 'now', dir: ROOT }, ...(before ? [{ name: 'before', dir: before }] : [])];
  for (const t of trees) console.log(`   ${t.name.padEnd(7)} ${t.dir}`);
  const real = Object.fromEntries(RECORDERS.map((r) => [r, realRow(r)]));
  for (const l of LOADS) await throughput(real, trees, l);
  await memory(real, trees);
  console.log('');
  for (const [ok, text] of verdicts) console.log(`${ok ? 'PASS' : 'FAIL'} ${text}`);
  process.exitCode = verdicts.every(([ok]) => ok) ? 0 : 1;
} catch (err) {
  console.error(`bench failed: ${err.stack ?? err}`);
  process.exitCode = 2;
} finally {
  cleanup();
}
