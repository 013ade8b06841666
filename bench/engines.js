#!/usr/bin/env node
// The engine bench: the real engines (Debian's victoria-metrics, influxdb, prometheus) started here
// on free loopback ports with temporary data dirs, measured in one run.
//
//   node bench/engines.js          (after `npm run build`; some 5 to 10 minutes)
//
//   1. one `sdr send --once` of a backlog of BENCH_ENGINE_ROWS rows (sysrec, cpurec on 64 CPUs,
//      diskrec, nicrec) into VictoriaMetrics by line protocol and by remote write, into InfluxDB
//      and into Prometheus, beside the Kronometrix wire format into `sdr collect`: rows/s and the
//      sender's peak RSS (/usr/bin/time)
//   2. the appliance: BENCH_HOSTS hosts x 5 recorders of raw files, BENCH_SENDERS sender processes,
//      one VictoriaMetrics: rows/s, samples/s, the engine's series; beside VictoriaMetrics' own
//      /api/v1/import of the same rows, encoded beforehand (what the engine takes with no sdr)
//   3. /metrics of `sdr run` on a synthetic procfs of 64 CPUs, 200 disks and 200 interfaces: scrape
//      latency (p50, p99, worst) and sdrrec's tick lateness with and without scrapes
//   4. peak RSS of `sdr run` (recorders at 1 s) with one engine platform and /metrics, and without
//
// Environment: BENCH_ENGINE_ROWS (200000), BENCH_HOSTS (5000), BENCH_HOST_SAMPLES (12: a minute at 5 s),
// BENCH_SENDERS (4), BENCH_RUN_SECONDS (30), BENCH_SCRAPES_PER_S (10). Linux only.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { once } from 'node:events';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SDR = join(ROOT, 'bin/sdr.js');
const num = (name, dflt) => Number(process.env[name] ?? dflt);
const ROWS = num('BENCH_ENGINE_ROWS', 200_000);
const HOSTS = num('BENCH_HOSTS', 5000);
const HOST_SAMPLES = num('BENCH_HOST_SAMPLES', 12);
const SENDERS = num('BENCH_SENDERS', 4);
const RUN_SECONDS = num('BENCH_RUN_SECONDS', 30);
const SCRAPES_PER_S = num('BENCH_SCRAPES_PER_S', 10);
const TMP = mkdtempSync(join(tmpdir(), 'sdr-bench-engines-'));
const children = new Set();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fmt = (n, d = 0) => Number(n).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const { loadLmo } = await import('../dist/core/lmo.js');

function cleanup() {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(TMP, { recursive: true, force: true });
}
process.on('SIGINT', () => { cleanup(); process.exit(130); });

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function waitOk(url, status = 200) {
  for (let i = 0; i < 300; i++) {
    try { if ((await fetch(url)).status === status) return; } catch { /* not yet */ }
    await sleep(100);
  }
  throw new Error(`${url} did not answer`);
}

function startChild(cmd, args, env = {}) {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderrText = '';
  child.stderr.on('data', (d) => (child.stderrText = (child.stderrText + d).slice(-4000)));
  children.add(child);
  return child;
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const ended = once(child, 'exit');
  child.kill('SIGTERM');
  await ended;
}

async function victoria() {
  const port = await freePort();
  const dir = mkdtempSync(join(TMP, 'vm-'));
  const child = startChild('/usr/bin/victoria-metrics', [`-httpListenAddr=127.0.0.1:${port}`, `-storageDataPath=${dir}`, '-retentionPeriod=100y', '-dedup.minScrapeInterval=1ms', '-loggerLevel=ERROR']);
  const base = `http://127.0.0.1:${port}`;
  await waitOk(`${base}/health`);
  return { base, child };
}

async function influxd() {
  const [port, rpc] = [await freePort(), await freePort()];
  const dir = mkdtempSync(join(TMP, 'influx-'));
  const child = startChild('/usr/bin/influxd', ['run'], {
    INFLUXDB_META_DIR: `${dir}/meta`, INFLUXDB_DATA_DIR: `${dir}/data`, INFLUXDB_DATA_WAL_DIR: `${dir}/wal`, INFLUXDB_HTTP_BIND_ADDRESS: `127.0.0.1:${port}`,
    INFLUXDB_BIND_ADDRESS: `127.0.0.1:${rpc}`, INFLUXDB_REPORTING_DISABLED: 'true', INFLUXDB_HTTP_LOG_ENABLED: 'false', INFLUXDB_LOGGING_LEVEL: 'error',
    INFLUXDB_DATA_MAX_VALUES_PER_TAG: '0', INFLUXDB_DATA_MAX_SERIES_PER_DATABASE: '0', INFLUXDB_DATA_QUERY_LOG_ENABLED: 'false',
  });
  const base = `http://127.0.0.1:${port}`;
  await waitOk(`${base}/ping`, 204);
  await fetch(`${base}/query?q=${encodeURIComponent('CREATE DATABASE sdr')}`, { method: 'POST' });
  return { base, child };
}

async function prometheus() {
  const port = await freePort();
  const dir = mkdtempSync(join(TMP, 'prom-'));
  writeFileSync(`${dir}/prometheus.yml`, 'global:\n  scrape_interval: 1m\nstorage:\n  tsdb:\n    out_of_order_time_window: 3650d\n');
  const child = startChild('/usr/bin/prometheus', [`--config.file=${dir}/prometheus.yml`, `--storage.tsdb.path=${dir}/data`, `--web.listen-address=127.0.0.1:${port}`,
    '--web.enable-remote-write-receiver', '--log.level=error']);
  const base = `http://127.0.0.1:${port}`;
  await waitOk(`${base}/-/ready`);
  return { base, child };
}

/** A seeded generator: the same backlog at every run. */
function random(seed) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

/**
 * Raw files of `samples` samples a second apart: sysrec, cpurec on `cpus` CPUs, diskrec on `disks`,
 * nicrec on `nics`, and hdwrec when asked; values random, well-formed. Returns the rows written.
 */
function writeBacklog(logDir, samples, { cpus, disks, nics, hdwrec = false, start = Math.floor(Date.now() / 1000) - samples - 600 }) {
  mkdirSync(logDir, { recursive: true });
  const r = random(11);
  const day = new Date(start * 1000).toISOString().slice(0, 10);
  const devices = { sysrec: [undefined], cpurec: Array.from({ length: cpus }, (_, i) => `cpu${i}`), diskrec: Array.from({ length: disks }, (_, i) => `sd${i}`),
    nicrec: Array.from({ length: nics }, (_, i) => `eth${i}`), ...(hdwrec ? { hdwrec: [undefined] } : {}) };
  let rows = 0;
  for (const [rec, devs] of Object.entries(devices)) {
    const fields = loadLmo(rec).fields;
    const lines = [fields.map((f) => f.name).join(',')];
    for (let i = 0; i < samples; i++) {
      for (const d of devs) {
        const values = fields.slice(d === undefined ? 1 : 2).map((f) => (f.type === 'string' ? `${f.name}-x` : f.type === 'int' ? String(Math.floor(r() * 1e6)) : (r() * 100).toFixed(2)));
        lines.push([String(start + i), ...(d === undefined ? [] : [d]), ...values].join(','));
        rows++;
      }
    }
    writeFileSync(`${logDir}/${rec}-${day}.csv`, `${lines.join('\n')}\n`);
  }
  return rows;
}

function privateFile(path, text) {
  writeFileSync(path, text);
  chmodSync(path, 0o600);
  return path;
}

/** `sdr send --once` under /usr/bin/time: seconds and peak RSS (MB). */
async function sendOnce(cfg) {
  const t0 = performance.now();
  const child = startChild('/usr/bin/time', ['-f', 'maxrss %M', process.execPath, SDR, 'send', '--config', cfg, '--once']);
  const [code] = await once(child, 'exit');
  const seconds = (performance.now() - t0) / 1000;
  const rss = Number(/maxrss (\d+)/.exec(child.stderrText)?.[1] ?? NaN) / 1024;
  if (code !== 0) throw new Error(`sdr send exited ${code}: ${child.stderrText}`);
  return { seconds, rss };
}

const RECS = ['sysrec', 'cpurec', 'diskrec', 'nicrec'];

async function backlogBench() {
  const perSample = 1 + 64 + 10 + 4;
  const samples = Math.ceil(ROWS / perSample);
  const master = join(TMP, 'backlog');
  const rows = writeBacklog(master, samples, { cpus: 64, disks: 10, nics: 4 });
  console.log(`\n1. sdr send --once of a backlog of ${fmt(rows)} rows (sysrec, cpurec on 64 CPUs, diskrec on 10 disks, nicrec on 4 interfaces)\n`);
  const results = [];
  const run = async (name, platform) => {
    const dir = mkdtempSync(join(TMP, 'send-'));
    const logDir = join(dir, 'log');
    mkdirSync(logDir);
    for (const f of readdirSync(master)) writeFileSync(join(logDir, f), readFileSync(join(master, f)));
    const cfg = privateFile(join(dir, 'sdr.json'), JSON.stringify({ logDir, platforms: [{ name: 'p', recorders: RECS, ...platform }] }));
    const r = await sendOnce(cfg);
    results.push({ name, ...r, rps: rows / r.seconds });
    console.log(`   ${name.padEnd(38)} ${fmt(rows / r.seconds).padStart(9)} rows/s  ${fmt(r.seconds, 1).padStart(6)} s  peak RSS ${fmt(r.rss, 1)} MB`);
    rmSync(dir, { recursive: true, force: true });
  };
  const vm = await victoria();
  await run('VictoriaMetrics, line protocol', { type: 'influx', url: vm.base, database: 'sdr' });
  await run('VictoriaMetrics, remote write', { type: 'remote-write', url: `${vm.base}/api/v1/write` });
  await stopChild(vm.child);
  const db = await influxd();
  await run('InfluxDB 1.6, line protocol', { type: 'influx', url: db.base, database: 'sdr' });
  await stopChild(db.child);
  const prom = await prometheus();
  await run('Prometheus 2.42, remote write', { type: 'remote-write', url: `${prom.base}/api/v1/write` });
  await stopChild(prom.child);
  // The Kronometrix wire format into sdr collect, as today.
  const port = await freePort();
  const cdir = mkdtempSync(join(TMP, 'collect-'));
  const token = 'bench-token-0123456789';
  privateFile(join(cdir, 'tokens.json'), JSON.stringify({ [token]: ['SID'] }));
  const collect = startChild(process.execPath, [SDR, 'collect', '--listen', `127.0.0.1:${port}`, '--data-dir', join(cdir, 'data'), '--tokens', join(cdir, 'tokens.json')]);
  for (let i = 0; i < 100; i++) { try { await fetch(`http://127.0.0.1:${port}/`); break; } catch { await sleep(100); } }
  await run('Kronometrix wire format, sdr collect', { url: `http://127.0.0.1:${port}`, subscription: 'SID', token });
  await stopChild(collect);
  const kx = results.find((r) => r.name.startsWith('Kronometrix'));
  for (const r of results.filter((x) => x.name.startsWith('VictoriaMetrics'))) {
    console.log(`   ${r.name}: ${fmt(r.rps / kx.rps, 1)}x the Kronometrix path (floors: 50,000 rows/s, 5x)${r.rps >= 50_000 && r.rps >= 5 * kx.rps ? '' : '  BELOW A FLOOR'}`);
  }
  const worst = Math.max(...results.map((r) => r.rss));
  console.log(`   sender's peak RSS at most ${fmt(worst, 1)} MB (floor: under 100 MB)${worst < 100 ? '' : '  ABOVE THE FLOOR'}`);
  rmSync(master, { recursive: true, force: true });
}

/** Worker: delivers the raw files of the hosts listed in a file, as `sdr send` would, `concurrency` at a time. */
async function hostsWorker(listFile, url, concurrency) {
  const { EngineFeed } = await import('../dist/transport/engine-feed.js');
  const { HttpClient } = await import('../dist/transport/http-client.js');
  const { Stopper } = await import('../dist/transport/stopper.js');
  const hosts = readFileSync(listFile, 'utf8').trim().split('\n');
  const stop = new Stopper();
  const base = { url, recorders: [...RECS, 'hdwrec'], insecure: false, type: 'remote-write', headers: {}, credentials: [] };
  const client = new HttpClient(base, { 'user-agent': 'sdr' }, concurrency);
  let next = 0;
  const work = async () => {
    while (next < hosts.length) {
      const dir = hosts[next++];
      const platform = { ...base, name: 'vm', tags: [['host', dir.split('/').pop()]] };
      for (const rec of platform.recorders) {
        const ok = await new EngineFeed(platform, rec, client, { logDir: dir, hostDsid: '', os: 'linux', maxAttempts: 4, log: (m) => process.stderr.write(`${m}\n`), stop }).run();
        if (!ok) throw new Error(`${dir}/${rec} not delivered`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, work));
  await client.destroy();
}

/** VictoriaMetrics' JSON line import of rows: the same samples as remote write, names and labels by the mapping. */
async function importBodies(hostDirs) {
  const { recorderMapping, columnsOfHeader, inBaseUnit, timestampMs } = await import('../dist/output/metric-mapping.js');
  const bodies = [];
  let text = '';
  for (const dir of hostDirs) {
    const host = dir.split('/').pop();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.csv'))) {
      const rec = f.split('-')[0];
      const m = recorderMapping(rec);
      const [head, ...lines] = readFileSync(join(dir, f), 'utf8').trimEnd().split('\n');
      const columns = columnsOfHeader(m, head.split(','));
      const series = new Map();
      for (const line of lines) {
        const fields = line.split(',');
        const ms = timestampMs(fields[0]);
        columns.forEach((c, i) => {
          if (c.kind !== 'value' || fields[i] === '') return;
          const metric = { __name__: c.metric, host, ...(m.device ? { [m.device]: fields[1] } : {}) };
          const key = JSON.stringify(metric);
          let s = series.get(key);
          if (!s) series.set(key, (s = { metric, values: [], timestamps: [] }));
          s.values.push(inBaseUnit(Number(fields[i]), c.unit));
          s.timestamps.push(ms);
        });
      }
      for (const s of series.values()) text += `${JSON.stringify(s)}\n`;
      if (text.length > 1024 * 1024) { bodies.push(text); text = ''; }
    }
  }
  if (text) bodies.push(text);
  return bodies;
}

/** Samples VictoriaMetrics stored (its own counter) and the series it holds. */
async function samplesIn(base) {
  await fetch(`${base}/internal/force_flush`);
  await sleep(1500);
  const own = await (await fetch(`${base}/metrics`)).text();
  const samples = Number(/^vm_rows_added_to_storage_total (\d+)/m.exec(own)?.[1] ?? NaN);
  const series = (await (await fetch(`${base}/api/v1/series/count`)).json()).data?.[0];
  return { samples, series };
}

async function applianceBench() {
  console.log(`\n2. The appliance: ${fmt(HOSTS)} hosts x 5 recorders (sysrec, cpurec on 8 CPUs, diskrec on 4 disks, nicrec on 2 interfaces, hdwrec), ${HOST_SAMPLES} samples each, ${SENDERS} sender processes, one VictoriaMetrics\n`);
  const dirs = [];
  let rows = 0;
  for (let h = 0; h < HOSTS; h++) {
    const dir = join(TMP, 'hosts', `host${String(h).padStart(5, '0')}`);
    rows += writeBacklog(dir, HOST_SAMPLES, { cpus: 8, disks: 4, nics: 2, hdwrec: true, start: Math.floor(Date.now() / 1000) - 3600 });
    dirs.push(dir);
  }
  const vm = await victoria();
  const lists = Array.from({ length: SENDERS }, (_, i) => {
    const path = join(TMP, `hosts-${i}.txt`);
    writeFileSync(path, dirs.filter((_, h) => h % SENDERS === i).join('\n'));
    return path;
  });
  const t0 = performance.now();
  const workers = lists.map((l) => startChild(process.execPath, [fileURLToPath(import.meta.url), '--hosts-worker', l, `${vm.base}/api/v1/write`, '16']));
  const codes = await Promise.all(workers.map((w) => once(w, 'exit')));
  const seconds = (performance.now() - t0) / 1000;
  if (codes.some(([c]) => c !== 0)) throw new Error(`a sender failed: ${workers.map((w) => w.stderrText).join('\n')}`);
  const held = await samplesIn(vm.base);
  console.log(`   sdr senders:          ${fmt(rows / seconds).padStart(9)} rows/s  ${fmt(held.samples / seconds).padStart(10)} samples/s  (${fmt(rows)} rows, ${fmt(held.samples)} samples, ${fmt(seconds, 1)} s)`);
  console.log(`   series in VictoriaMetrics: ${fmt(held.series)}`);
  await stopChild(vm.child);
  // The same samples by VictoriaMetrics' own import, encoded before the clock starts.
  const vm2 = await victoria();
  const bodies = await importBodies(dirs);
  const t1 = performance.now();
  let at = 0;
  await Promise.all(Array.from({ length: SENDERS }, async () => {
    while (at < bodies.length) {
      const body = bodies[at++];
      const res = await fetch(`${vm2.base}/api/v1/import`, { method: 'POST', body });
      if (res.status >= 300) throw new Error(`import: ${res.status}`);
    }
  }));
  const s2 = (performance.now() - t1) / 1000;
  const held2 = await samplesIn(vm2.base);
  console.log(`   /api/v1/import alone: ${fmt(rows / s2).padStart(9)} rows/s  ${fmt(held2.samples / s2).padStart(10)} samples/s  (${fmt(held2.samples)} samples, ${fmt(s2, 1)} s)`);
  console.log(`   sdr's rate is ${fmt((rows / seconds) / (rows / s2) * 100)}% of what the engine takes with no sdr before it`);
  await stopChild(vm2.child);
  rmSync(join(TMP, 'hosts'), { recursive: true, force: true });
}

/** A procfs whose counters move: 64 CPUs, 200 disks and 200 interfaces, rewritten every 250 ms. */
function movingProcfs() {
  const root = mkdtempSync(join(TMP, 'procfs-'));
  mkdirSync(`${root}/net`);
  mkdirSync(`${root}/1`);
  mkdirSync(`${root}/self`);
  let tick = 0;
  const put = (name, text) => { writeFileSync(`${root}/${name}.tmp`, text); renameSync(`${root}/${name}.tmp`, `${root}/${name}`); };
  const write = () => {
    tick++;
    const c = (i, k) => 1000 * (i + 1) * k + tick * (37 + i);
    const cpus = Array.from({ length: 64 }, (_, i) => `cpu${i} ${c(i, 3)} ${c(i, 1)} ${c(i, 2)} ${c(i, 50)} ${c(i, 1)} 0 ${c(i, 1)} 0 0 0`);
    const total = 'cpu ' + Array.from({ length: 10 }, (_, k) => Array.from({ length: 64 }, (_, i) => (k < 7 ? c(i, [3, 1, 2, 50, 1, 0, 1][k]) : 0)).reduce((a, b) => a + b, 0)).join(' ');
    put('stat', `${total}\n${cpus.join('\n')}\nintr 0\nctxt ${tick * 1000}\nbtime 1700000000\nprocesses 10\nprocs_running 2\nprocs_blocked 0\n`);
    put('diskstats', Array.from({ length: 200 }, (_, i) => `  65 ${String(i).padStart(7)} sd${i} ${c(i, 1)} 3 ${c(i, 8)} 50 ${c(i, 2)} 4 ${c(i, 16)} 60 0 70 110 0 0 0 0 0 0`).join('\n') + '\n');
    put('net/dev', ['Inter-|   Receive |  Transmit', ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
      ...Array.from({ length: 200 }, (_, i) => `  eth${i}: ${c(i, 1500)} ${c(i, 1)} 0 0 0 0 0 0 ${c(i, 900)} ${c(i, 1)} 0 0 0 0 0 0`)].join('\n') + '\n');
  };
  write();
  writeFileSync(`${root}/meminfo`, 'MemTotal: 16000000 kB\nMemFree: 8000000 kB\nMemAvailable: 9000000 kB\nBuffers: 100000 kB\nCached: 2000000 kB\nSwapCached: 0 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n');
  writeFileSync(`${root}/loadavg`, '0.50 0.40 0.30 2/300 1234\n');
  writeFileSync(`${root}/1/mountinfo`, '');
  writeFileSync(`${root}/self/mountinfo`, '');
  const timer = setInterval(write, 250);
  return { root, stop: () => clearInterval(timer) };
}

function scrape(port) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    request({ host: '127.0.0.1', port, path: '/metrics', headers: { 'accept-encoding': 'gzip' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - t0));
    }).on('error', reject).end();
  });
}

function lateness(logDir, suffix = '_late_max') {
  const file = readdirSync(logDir).find((f) => f.startsWith('sdrrec-'));
  const [head, ...rows] = readFileSync(join(logDir, file), 'utf8').trimEnd().split('\n');
  const cols = head.split(',').map((n, i) => [n, i]).filter(([n]) => n.endsWith(suffix));
  const values = rows.slice(2).flatMap((r) => { const f = r.split(','); return cols.map(([, i]) => Number(f[i])).filter((v) => Number.isFinite(v)); });
  values.sort((a, b) => a - b);
  return { avg: values.reduce((a, b) => a + b, 0) / values.length, p99: values[Math.floor(values.length * 0.99)], max: values[values.length - 1] };
}

async function runAgent(name, extra, seconds, duringRun = async () => {}) {
  const dir = mkdtempSync(join(TMP, `run-${name}-`));
  const cfg = privateFile(join(dir, 'sdr.json'), JSON.stringify({ logDir: join(dir, 'log'),
    recorders: { sysrec: { interval: 1 }, cpurec: { interval: 1 }, diskrec: { interval: 1 }, nicrec: { interval: 1 }, sdrrec: { interval: 1 } }, ...extra }));
  const child = startChild(process.execPath, [SDR, 'run', '--config', cfg]);
  await sleep(1500);
  await duringRun(child);
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) await sleep(200);
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024;
  await stopChild(child);
  return { logDir: join(dir, 'log'), hwm };
}

async function scrapeBench() {
  console.log(`\n3. GET /metrics of sdr run on a procfs of 64 CPUs, 200 disks and 200 interfaces, recorders and sdrrec at 1 s, ${RUN_SECONDS} s each\n`);
  const procfs = movingProcfs();
  const sysfs = mkdtempSync(join(TMP, 'sysfs-'));
  const port = await freePort();
  const latencies = [];
  let scraping = true;
  const scraped = await runAgent('scraped', { procfs: procfs.root, sysfs, metrics: { listen: `127.0.0.1:${port}` } }, RUN_SECONDS, async () => {
    (async () => {
      while (scraping) {
        try { latencies.push(await scrape(port)); } catch { /* starting */ }
        await sleep(1000 / SCRAPES_PER_S);
      }
    })();
  });
  scraping = false;
  const quiet = await runAgent('quiet', { procfs: procfs.root, sysfs }, RUN_SECONDS);
  procfs.stop();
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
  console.log(`   ${latencies.length} scrapes: p50 ${fmt(q(0.5), 2)} ms, p99 ${fmt(q(0.99), 2)} ms, worst ${fmt(latencies[latencies.length - 1], 2)} ms (floor: p99 under 20 ms)${q(0.99) < 20 ? '' : '  ABOVE THE FLOOR'}`);
  const a = lateness(scraped.logDir);
  const b = lateness(quiet.logDir);
  console.log(`   sdrrec's tick lateness, scraped: average ${fmt(a.avg, 2)} ms, p99 ${fmt(a.p99, 2)} ms, worst ${fmt(a.max, 2)} ms`);
  console.log(`   sdrrec's tick lateness, not scraped: average ${fmt(b.avg, 2)} ms, p99 ${fmt(b.p99, 2)} ms, worst ${fmt(b.max, 2)} ms`);
  // The event loop a scrape shares: what the recorders' samples take of it each second.
  const busy = lateness(quiet.logDir, '_lat_avg');
  console.log(`   the recorders' own sample latency (tick to rows written, sdrrec): average ${fmt(busy.avg, 2)} ms, worst ${fmt(busy.max, 2)} ms`);
}

async function rssBench() {
  console.log(`\n4. Peak RSS of sdr run, recorders at 1 s, ${RUN_SECONDS} s each\n`);
  const vm = await victoria();
  const port = await freePort();
  const plain = await runAgent('plain', {}, RUN_SECONDS);
  const full = await runAgent('engine', { metrics: { listen: `127.0.0.1:${port}` },
    platforms: [{ name: 'vm', type: 'remote-write', url: `${vm.base}/api/v1/write`, recorders: [...RECS, 'sdrrec'] }] }, RUN_SECONDS, async () => {
    const t = setInterval(() => scrape(port).catch(() => {}), 1000);
    setTimeout(() => clearInterval(t), RUN_SECONDS * 1000).unref();
  });
  await stopChild(vm.child);
  const more = full.hwm - plain.hwm;
  console.log(`   without platform or endpoint: ${fmt(plain.hwm, 1)} MB; with a remote-write platform and /metrics scraped each second: ${fmt(full.hwm, 1)} MB (${more >= 0 ? '+' : ''}${fmt(more, 1)} MB; floor: +5 MB)${more <= 5 ? '' : '  ABOVE THE FLOOR'}`);
}

if (process.argv[2] === '--hosts-worker') {
  await hostsWorker(process.argv[3], process.argv[4], Number(process.argv[5]));
} else {
  const missing = ['/usr/bin/victoria-metrics', '/usr/bin/influxd', '/usr/bin/prometheus', '/usr/bin/time'].filter((p) => spawnSync('test', ['-x', p]).status !== 0);
  if (missing.length > 0) {
    console.log(`engine bench skipped: ${missing.join(', ')} not installed (apt-get install victoria-metrics influxdb prometheus time)`);
  } else {
    try {
      const only = process.env.BENCH_ENGINE_PARTS?.split(',').map(Number);
      const parts = [backlogBench, applianceBench, scrapeBench, rssBench];
      for (const [i, part] of parts.entries()) if (!only || only.includes(i + 1)) await part();
    } finally {
      cleanup();
    }
  }
}
