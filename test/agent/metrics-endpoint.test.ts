// sdr run's GET /metrics: the latest rows as gauges named as remote write names them, HELP and
// TYPE, the text format or OpenMetrics as asked, gzip when accepted; promtool finds nothing to say
// of any series of any LMO; a real Prometheus scrapes it; a vanished device is no longer there; an
// address that is taken is one line naming the config's path to it.
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import { createServer } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { once } from 'node:events';
import { sdrAsync, sdrRun } from '../cli/sdr.js';
import { lmoNames, loadLmo } from '../../src/core/lmo.js';
import { RunMetrics } from '../../src/agent/run-metrics.js';
import { metricsText, expositionOf } from '../../src/agent/metrics-text.js';
import { MetricsEndpoint } from '../../src/agent/metrics-endpoint.js';
import { PROMETHEUS, PROMTOOL, freePort, prometheus, promQuery, promtoolCheck, withProgram } from '../transport/engines/servers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A row of every field of the LMO filled as its type wants. */
function fullRow(rec: string, device?: string): (string | number)[] {
  return loadLmo(rec).fields.slice(1).map((f, i) => (i === 0 && device !== undefined ? device : f.type === 'string' ? `${f.name} "v"\\x` : f.type === 'int' ? 42 : 12.5));
}

test('gauges in base units with HELP and TYPE, the device and host as labels, strings as an _info series', () => {
  const latest = new Map([
    ['cpurec', { timestamp: '1796000000', rows: [['cpu0', 12.5, ...Array(8).fill(null)], ['cpu1', 50, ...Array(8).fill(null)]] }],
    ['diskrec', { timestamp: '1796000000', rows: [['sda1', 1, 2, 3, 4, 5, 6, 1.5, 0.5, 66.67, '/srv/a "b"']] }],
  ]);
  const text = metricsText(latest, [['host', 'web1']], 'text');
  expect(text).toContain('# TYPE sdr_cpurec_user_ratio gauge\nsdr_cpurec_user_ratio{host="web1",cpuid="cpu0"} 0.125\nsdr_cpurec_user_ratio{host="web1",cpuid="cpu1"} 0.5\n');
  expect(text).toMatch(/# HELP sdr_cpurec_user_ratio Time in user mode, guest time included \(\/proc\/stat user\) \(userpct, %, converted to ratio\)\n/);
  expect(text).toContain('sdr_diskrec_r_bytes_per_second{host="web1",diskid="sda1"} 2048\n');
  expect(text).toContain(`sdr_diskrec_size_bytes{host="web1",diskid="sda1"} ${1.5 * 2 ** 30}\n`);
  expect(text).toContain('# TYPE sdr_diskrec_info gauge\nsdr_diskrec_info{host="web1",diskid="sda1",mountpoint="/srv/a \\"b\\""} 1\n');
  // Empty fields are no samples, and a family without samples is not written.
  expect(text).not.toContain('sdr_cpurec_nice_ratio');
  const om = metricsText(latest, [['host', 'web1']], 'openmetrics');
  expect(om.endsWith('# EOF\n')).toBe(true);
  expect(om).toContain('# TYPE sdr_diskrec info\nsdr_diskrec_info{');
  expect(expositionOf('application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1')).toBe('openmetrics');
  expect(expositionOf('text/plain;version=0.0.4')).toBe('text');
  expect(expositionOf(undefined)).toBe('text');
});

test('a device that vanished is no longer exported', () => {
  const m = new RunMetrics();
  m.setLatest('cpurec', { timestamp: '1', rows: [['cpu0', 1, ...Array(8).fill(null)], ['cpu1', 1, ...Array(8).fill(null)]] });
  expect(metricsText(m.latest, [['host', 'h']], 'text')).toContain('cpuid="cpu1"');
  m.setLatest('cpurec', { timestamp: '2', rows: [['cpu0', 1, ...Array(8).fill(null)]] });
  expect(metricsText(m.latest, [['host', 'h']], 'text')).not.toContain('cpuid="cpu1"');
  m.setLatest('cpurec', undefined);
  expect(metricsText(m.latest, [['host', 'h']], 'text')).toBe('');
});

test('while scraped, the text is made after each change, before the next scrape asks; not once scraping stopped', async () => {
  const m = new RunMetrics();
  let reads = 0;
  // Rows that count each time they are written out as text (which begins by mapping over them).
  const counted = (ts: string) => ({ timestamp: ts, rows: new Proxy([['cpu0', 1, ...Array(8).fill(null)]], {
    get: (rows, key, proxy) => {
      if (key === 'map') reads++;
      return Reflect.get(rows, key, proxy);
    },
  }) });
  const endpoint = new MetricsEndpoint(m);
  const { port } = await endpoint.listen({ host: '127.0.0.1', port: 0 }, 'test');
  try {
    m.setLatest('cpurec', counted('1'));
    await sleep(20);
    expect(reads).toBe(0); // nobody scraped yet: nothing made
    const get = (headers = {}) => fetch(`http://127.0.0.1:${port}/metrics`, { headers }).then((r) => r.text());
    expect(await get()).toContain('sdr_cpurec_user_ratio{');
    const afterScrape = reads;
    expect(afterScrape).toBeGreaterThan(0);
    m.setLatest('cpurec', counted('2'));
    await sleep(20);
    // Made ahead, without a scrape; the scrape then makes nothing.
    expect(reads).toBeGreaterThan(afterScrape);
    const ahead = reads;
    await get();
    expect(reads).toBe(ahead);
  } finally {
    await endpoint.close();
  }
  // Closed: a change is no longer written out.
  const closed = reads;
  m.setLatest('cpurec', counted('3'));
  await sleep(20);
  expect(reads).toBe(closed);
  expect(m.onLatest).toBeUndefined();
});

// promtool reads the text format; OpenMetrics is what the real Prometheus below asks for and parses.
withProgram(PROMTOOL, 'prometheus')('promtool check metrics: no warning for any series of any LMO', () => {
  const latest = new Map(lmoNames().map((rec) => [rec, { timestamp: '1796000000', rows: [fullRow(rec, loadLmo(rec).device ? 'dev0' : undefined)] }]));
  const text = metricsText(latest as never, [['host', 'h']], 'text');
  expect(text.split('\n').filter((l) => l.startsWith('# TYPE')).length).toBeGreaterThan(150);
  expect(promtoolCheck(text)).toEqual({ status: 0, output: '' });
});

function runConfig(port: number, extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(`${tmpdir()}/sdr-metrics-`);
  const cfg = `${dir}/sdr.json`;
  writeFileSync(cfg, JSON.stringify({
    logDir: `${dir}/log`, metrics: { listen: `127.0.0.1:${port}` },
    recorders: { sysrec: { interval: 1 }, cpurec: { interval: 1 }, diskrec: { interval: 1 }, nicrec: { interval: 1 }, sdrrec: { interval: 1 } }, ...extra,
  }));
  chmodSync(cfg, 0o600);
  return cfg;
}

function get(port: number, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/metrics', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

withProgram(PROMETHEUS, 'prometheus')('a real Prometheus scrapes sdr run; promtool passes on a scrape; gzip and OpenMetrics when asked', async () => {
  const port = await freePort();
  const run = sdrAsync(['run', '--config', runConfig(port)]);
  let stderr = '';
  run.stderr.on('data', (d) => (stderr += d));
  const prom = prometheus({ scrape: [`127.0.0.1:${port}`] });
  try {
    for (let i = 0; i < 100 && !stderr.includes('serving /metrics'); i++) await sleep(100);
    expect(stderr).toContain(`serving /metrics on 127.0.0.1:${port}`);
    // sdrrec's first row comes one interval after the start.
    let scrape = await get(port);
    for (let i = 0; i < 50 && !scrape.body.toString().includes('sdr_sdrrec_'); i++) {
      await sleep(200);
      scrape = await get(port);
    }
    expect(scrape.status).toBe(200);
    expect(scrape.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    for (let i = 0; i < 50 && !scrape.body.toString().includes('sdr_cpurec_'); i++) {
      await sleep(200);
      scrape = await get(port);
    }
    const text = scrape.body.toString();
    expect(text).toMatch(/^sdr_cpurec_user_ratio\{host="[^"]+",cpuid="cpu0"\} /m);
    expect(text).toMatch(/^sdr_sdrrec_sysrec_samples\{host=/m);
    expect(promtoolCheck(text)).toEqual({ status: 0, output: '' });
    const gz = await get(port, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toMatch(/^# HELP sdr_/);
    const om = await get(port, { accept: 'application/openmetrics-text; version=1.0.0' });
    expect(om.headers['content-type']).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(om.body.toString().endsWith('# EOF\n')).toBe(true);
    await prom.start();
    let series: { metric: Record<string, string> }[] = [];
    for (let i = 0; i < 100 && series.length === 0; i++) {
      await sleep(200);
      series = await promQuery(prom.base, 'sdr_cpurec_user_ratio');
    }
    expect(series.map((s) => s.metric.cpuid).sort()).toEqual(text.match(/^sdr_cpurec_user_ratio\{[^}]*cpuid="([^"]+)"/gm)!.map((l) => /cpuid="([^"]+)"/.exec(l)![1]).sort());
    expect(series[0].metric).toMatchObject({ job: 'sdr', host: hostname() });
    expect((await promQuery(prom.base, 'sdr_sdrrec_rss_bytes')).length).toBe(1);
  } finally {
    run.kill('SIGTERM');
    await once(run, 'exit');
    await prom.remove();
  }
}, 120_000);

test('a listen address that is taken: one line naming the config, the JSON path and the fault, exit 1; --check finds the same', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as { port: number }).port;
  try {
    const cfg = runConfig(port);
    const r = await sdrRun(['run', '--config', cfg]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`sdr: run: ${cfg}: $.metrics.listen: 127.0.0.1:${port} is taken: another process listens there\n`);
    const c = await sdrRun(['run', '--config', cfg, '--check']);
    expect(c.status).toBe(1);
    expect(c.stderr).toBe(r.stderr);
  } finally {
    blocker.close();
  }
  const bad = runConfig(0, { metrics: { listen: '9464' } });
  const b = await sdrRun(['run', '--config', bad, '--check']);
  expect(b.stderr).toBe(`sdr: run: ${bad}: $.metrics.listen: '9464' is not an address: it must be host:port, as 127.0.0.1:9464 or [::1]:9464\n`);
  expect(b.status).toBe(1);
});
