// A backlog, the engine away while the sender starts, the sender kill -9-ed in the middle of
// delivering, then `sdr send --once`, and once more with the positions removed (all sent twice): each engine holds every row exactly once, counted per series
// and timestamp with its own export (or raw-sample) API. The resent batch is no duplicate: InfluxDB
// overwrites a point of the same series and time, VictoriaMetrics keeps one sample per series and
// millisecond (-dedup.minScrapeInterval=1ms), Prometheus takes an identical sample again as a no-op.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { SDR, sdrRun, userEnv } from '../../cli/sdr.js';
import { spawn } from 'node:child_process';
import { INFLUXD, PROMETHEUS, VICTORIA, influx, influxQuery, prometheus, promQuery, victoria, victoriaExport, withProgram, type Engine } from './servers.js';
import { configFile, rowsDelivered, synthBacklog } from './raw.js';
import { loadLmo } from '../../../src/core/lmo.js';

const SAMPLES = 400;
const CPUS = 64;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Numeric fields a row of the recorder holds (every one is filled in the synthetic backlog). */
const numeric = (rec: string) => loadLmo(rec).fields.filter((f) => f.type === 'int' || f.type === 'float').length;

/** Samples per series and timestamp, from "series@ms" keys: each must be 1, and as many as the rows give. */
function expectOnce(keys: string[], rows: { cpurec: number; sysrec: number }): void {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  expect([...counts].filter(([, n]) => n !== 1).slice(0, 5)).toEqual([]);
  expect(counts.size).toBe(rows.cpurec * numeric('cpurec') + rows.sysrec * numeric('sysrec'));
}

async function crashAndResend(engine: Engine, platform: Record<string, unknown>): Promise<{ cpurec: number; sysrec: number }> {
  const dir = mkdtempSync(`${tmpdir()}/sdr-crash-`);
  const logDir = `${dir}/log`;
  const { rows } = synthBacklog(logDir, SAMPLES, CPUS);
  const cfg = configFile(dir, logDir, [{ name: 'engine', recorders: ['cpurec', 'sysrec'], ...platform }]);
  await engine.stop();
  const sender = spawn(process.execPath, [SDR, 'send', '--config', cfg], { env: userEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  sender.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise((r) => sender.once('exit', r));
  try {
    // The engine away for a while: the sender retries with backoff, nothing moves.
    await sleep(1500);
    expect(rowsDelivered(logDir, 'engine')).toBe(0);
    await engine.start();
    // Killed once some batches are acknowledged and others are not.
    for (let i = 0; i < 2000 && rowsDelivered(logDir, 'engine') === 0; i++) await sleep(5);
    const before = rowsDelivered(logDir, 'engine');
    sender.kill('SIGKILL');
    await exited;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(rows);
  } finally {
    sender.kill('SIGKILL');
  }
  expect(stderr).toMatch(/engine\/(cpurec|sysrec): delivery failed \(ECONNREFUSED\); retrying in/);
  const again = await sdrRun(['send', '--config', cfg, '--once']);
  expect(again.stderr).toBe('');
  expect(again.status).toBe(0);
  expect(rowsDelivered(logDir, 'engine')).toBe(rows);
  // The worst a crash can do, and more: the positions lost, every row sent again.
  rmSync(`${logDir}/.send`, { recursive: true });
  const all = await sdrRun(['send', '--config', cfg, '--once']);
  expect(all.status).toBe(0);
  expect(rowsDelivered(logDir, 'engine')).toBe(rows);
  return { cpurec: SAMPLES * CPUS, sysrec: SAMPLES };
}

const LONG = 180_000;

withProgram(VICTORIA, 'victoria-metrics')('VictoriaMetrics, remote write and line protocol: every sample once after a kill -9', async () => {
  const vm = victoria();
  await vm.start();
  try {
    const rows = await crashAndResend(vm, { type: 'remote-write', url: `${vm.base}/api/v1/write` });
    const rw = await victoriaExport(vm.base, '{__name__=~"sdr_(cpurec|sysrec)_.+"}');
    expectOnce(rw.flatMap((s) => s.timestamps.map((t) => `${JSON.stringify(s.metric)}@${t}`)), rows);
    const lp = await crashAndResend(vm, { type: 'influx', url: vm.base, database: 'sdr' });
    const exported = await victoriaExport(vm.base, '{__name__=~"(cpurec|sysrec)_.+"}');
    expectOnce(exported.flatMap((s) => s.timestamps.map((t) => `${JSON.stringify(s.metric)}@${t}`)), lp);
  } finally {
    await vm.remove();
  }
}, LONG);

withProgram(INFLUXD, 'influxdb')('InfluxDB: every point once after a kill -9', async () => {
  const db = influx();
  await db.start();
  try {
    await influxQuery(db.base, 'CREATE DATABASE sdr');
    const rows = await crashAndResend(db, { type: 'influx', url: db.base, database: 'sdr' });
    const keys: string[] = [];
    for (const rec of ['cpurec', 'sysrec']) {
      const doc = await influxQuery(db.base, `SELECT * FROM ${rec} GROUP BY *`, 'sdr');
      for (const s of doc.results[0].series as { tags: Record<string, string>; columns: string[]; values: unknown[][] }[]) {
        for (const v of s.values) s.columns.forEach((c, i) => i > 0 && v[i] !== null && keys.push(`${rec}${JSON.stringify(s.tags)}${c}@${v[0]}`));
      }
    }
    expectOnce(keys, rows);
  } finally {
    await db.remove();
  }
}, LONG);

withProgram(PROMETHEUS, 'prometheus')('Prometheus: every sample once after a kill -9', async () => {
  const prom = prometheus();
  await prom.start();
  try {
    const rows = await crashAndResend(prom, { type: 'remote-write', url: `${prom.base}/api/v1/write` });
    const matrix = await promQuery(prom.base, '{__name__=~"sdr_(cpurec|sysrec)_.+"}[1d]');
    expectOnce(matrix.flatMap((s: { metric: object; values: [number, string][] }) => s.values.map(([t]) => `${JSON.stringify(s.metric)}@${t}`)), rows);
  } finally {
    await prom.remove();
  }
}, LONG);
