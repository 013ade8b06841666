// The real engines, as Debian packages them (victoria-metrics, influxdb, prometheus), started by
// the tests themselves on free loopback ports with temporary data dirs, and stopped after. Where a
// package is missing its tests skip with a notice, but under CI (which installs them) they fail.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';

export const VICTORIA = '/usr/bin/victoria-metrics';
export const INFLUXD = '/usr/bin/influxd';
export const PROMETHEUS = '/usr/bin/prometheus';
export const PROMTOOL = '/usr/bin/promtool';

/** `test` where the program is installed (or CI requires it), else `test.skip` with a notice. */
export function withProgram(path: string, pkg: string): jest.It {
  if (existsSync(path)) return test;
  if (process.env.CI) {
    return ((name: string, fn: () => unknown, timeout?: number) => test(name, () => {
      throw new Error(`${path} is missing and CI is set: apt-get install ${pkg} (.ci/run installs it)`);
    }, timeout)) as unknown as jest.It;
  }
  console.log(`${path} is not installed: its tests are skipped (apt-get install ${pkg})`);
  return test.skip;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, ok: () => Promise<boolean>, child: ChildProcess, log: () => string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}: ${log().slice(-2000)}`);
    try {
      if (await ok()) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${what} did not start within ${ms} ms: ${log().slice(-2000)}`);
}

export class Engine {
  child: ChildProcess | undefined;
  port = 0;
  private output = '';

  constructor(readonly what: string, readonly dataDir: string, private readonly argv: (port: number) => { cmd: string; args: string[]; env?: NodeJS.ProcessEnv },
    private readonly ready: (base: string) => Promise<boolean>) {}

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the engine (again, on the same port and data when it ran before). */
  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    const { cmd, args, env } = this.argv(this.port);
    this.output = '';
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (this.output = (this.output + d).slice(-20_000)));
    child.stderr!.on('data', (d) => (this.output = (this.output + d).slice(-20_000)));
    this.child = child;
    await waitFor(this.what, () => this.ready(this.base), child, () => this.output);
  }

  /** Stops it, SIGTERM then SIGKILL, and waits for its end. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const ended = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await ended;
    clearTimeout(timer);
  }

  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  get log(): string {
    return this.output;
  }
}

const statusOk = async (url: string, expect = 200) => (await fetch(url)).status === expect;

/** VictoriaMetrics single node: every timestamp kept (-retentionPeriod=100y), resends deduplicated. */
export function victoria(): Engine {
  const dir = mkdtempSync(`${tmpdir()}/sdr-vm-`);
  return new Engine('victoria-metrics', dir, (port) => ({
    cmd: VICTORIA,
    args: [`-httpListenAddr=127.0.0.1:${port}`, `-storageDataPath=${dir}`, '-retentionPeriod=100y', '-dedup.minScrapeInterval=1ms',
      '-loggerLevel=ERROR', '-search.disableCache', '-search.latencyOffset=0s'],
  }), (base) => statusOk(`${base}/health`));
}

/** InfluxDB 1.x: data, meta and WAL dirs and both its addresses by its INFLUXDB_* variables. */
export function influx(o: { auth?: boolean } = {}): Engine & { rpcPort?: number } {
  const dir = mkdtempSync(`${tmpdir()}/sdr-influx-`);
  let rpc = 0;
  const engine = new Engine('influxd', dir, (port) => ({
    cmd: INFLUXD,
    args: ['run'],
    env: {
      INFLUXDB_META_DIR: `${dir}/meta`, INFLUXDB_DATA_DIR: `${dir}/data`, INFLUXDB_DATA_WAL_DIR: `${dir}/wal`,
      INFLUXDB_HTTP_BIND_ADDRESS: `127.0.0.1:${port}`, INFLUXDB_BIND_ADDRESS: `127.0.0.1:${rpc}`,
      INFLUXDB_REPORTING_DISABLED: 'true', INFLUXDB_HTTP_LOG_ENABLED: 'false', INFLUXDB_DATA_QUERY_LOG_ENABLED: 'false',
      INFLUXDB_HTTP_AUTH_ENABLED: o.auth ? 'true' : 'false', INFLUXDB_LOGGING_LEVEL: 'error',
      // Its own limits would refuse a test's large batches otherwise.
      INFLUXDB_HTTP_MAX_BODY_SIZE: '0', INFLUXDB_DATA_MAX_VALUES_PER_TAG: '0', INFLUXDB_DATA_MAX_SERIES_PER_DATABASE: '0',
    },
  }), (base) => statusOk(`${base}/ping`, 204));
  const start = engine.start.bind(engine);
  engine.start = async () => {
    if (rpc === 0) rpc = await freePort();
    await start();
  };
  return engine;
}

/** InfluxQL against an InfluxDB 1.x, timestamps in ms; user and password when given. */
export async function influxQuery(base: string, q: string, db?: string, auth?: [string, string]): Promise<any> {
  const params = new URLSearchParams({ q, epoch: 'ms', ...(db ? { db } : {}) });
  const res = await fetch(`${base}/query?${params}`, {
    method: 'POST',
    headers: auth ? { authorization: `Basic ${Buffer.from(auth.join(':')).toString('base64')}` } : {},
  });
  const doc = await res.json() as any;
  if (res.status !== 200 || doc.results?.[0]?.error) throw new Error(`${q}: ${res.status} ${JSON.stringify(doc).slice(0, 500)}`);
  return doc;
}

/**
 * Prometheus with the remote write receiver and an out-of-order window wide enough for any
 * backlog a test sends; `scrape` adds a job that scrapes those targets every second.
 */
export function prometheus(o: { scrape?: string[] } = {}): Engine {
  const dir = mkdtempSync(`${tmpdir()}/sdr-prom-`);
  const config = `${dir}/prometheus.yml`;
  writeFileSync(config, [
    'global:', '  scrape_interval: 1s', '  evaluation_interval: 1m',
    'storage:', '  tsdb:', '    out_of_order_time_window: 3650d',
    ...(o.scrape ? ['scrape_configs:', '  - job_name: sdr', '    scrape_interval: 1s', '    static_configs:', `      - targets: [${o.scrape.map((t) => `'${t}'`).join(', ')}]`] : []),
    '',
  ].join('\n'));
  return new Engine('prometheus', dir, (port) => ({
    cmd: PROMETHEUS,
    args: [`--config.file=${config}`, `--storage.tsdb.path=${dir}/data`, `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-remote-write-receiver', '--log.level=error', '--storage.tsdb.retention.time=100y'],
  }), (base) => statusOk(`${base}/-/ready`));
}

/** A query of Prometheus' (or VictoriaMetrics') API, at `time` (epoch seconds) when given. */
export async function promQuery(base: string, query: string, time?: number): Promise<any[]> {
  const params = new URLSearchParams({ query, ...(time !== undefined ? { time: String(time) } : {}) });
  const res = await fetch(`${base}/api/v1/query?${params}`);
  const doc = await res.json() as any;
  if (doc.status !== 'success') throw new Error(`${query}: ${JSON.stringify(doc).slice(0, 500)}`);
  return doc.data.result;
}

export interface ExportedSeries {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}

/** Every raw sample VictoriaMetrics holds for a series selector, after a flush of what it buffers. */
export async function victoriaExport(base: string, match: string): Promise<ExportedSeries[]> {
  await fetch(`${base}/internal/force_flush`);
  const params = new URLSearchParams({ 'match[]': match, start: '0' });
  const text = await (await fetch(`${base}/api/v1/export?${params}`)).text();
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
}

/** promtool check metrics of a scrape's text: its warnings, '' when none. */
export function promtoolCheck(text: string): { status: number | null; output: string } {
  const r = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}
