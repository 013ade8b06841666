// The engine feed against a receiver in the test that answers as told: batches cut by rows, 413
// halving a batch until it fits, 503 with Retry-After retried, 401 reported with the credentials
// never shown, 404 waited on rather than refused, an unreadable row refused alone.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { sdrRun } from '../cli/sdr.js';
import { loadLmo } from '../../src/core/lmo.js';
import { configFile, rowsDelivered } from './engines/raw.js';

interface Request {
  url: string;
  headers: IncomingMessage['headers'];
  lines: string[];
}

class FakeEngine {
  requests: Request[] = [];
  answer: (r: Request, n: number) => { status: number; headers?: Record<string, string>; text?: string } | undefined = () => undefined;
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const text = req.headers['content-encoding'] === 'gzip' ? gunzipSync(body).toString() : body.toString();
        const r = { url: req.url!, headers: req.headers, lines: text.trimEnd().split('\n') };
        const a = this.answer(r, this.requests.length);
        this.requests.push(r);
        res.writeHead(a?.status ?? 204, a?.headers ?? {});
        res.end(a?.text ?? '');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as { port: number }).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }

  /** Lines of the requests answered 2xx. */
  delivered(): string[] {
    return this.requests.filter((r, i) => (this.answer(r, i)?.status ?? 204) < 300).flatMap((r) => r.lines);
  }
}

const SECRET = 'tok-93ad-never-shown';

/** A sysrec day file of `rows` rows a second apart, every field filled; only the first `width` fields when given (an older layout). */
function sysrecLog(rows: number, width?: number): string {
  const dir = mkdtempSync(`${tmpdir()}/sdr-efeed-`);
  mkdirSync(`${dir}/log`);
  const fields = loadLmo('sysrec').fields.slice(0, width);
  const lines = [fields.map((f) => f.name).join(',')];
  for (let i = 0; i < rows; i++) lines.push([String(1796000000 + i), ...fields.slice(1).map((f) => (f.type === 'int' ? String(i) : `${i}.50`))].join(','));
  writeFileSync(`${dir}/log/sysrec-2026-11-30.csv`, `${lines.join('\n')}\n`);
  return dir;
}

let engine: FakeEngine;
beforeEach(async () => {
  engine = new FakeEngine();
  await engine.start();
});
afterEach(() => engine.stop());

const platform = (extra: Record<string, unknown> = {}) => ({ name: 'tsdb', type: 'influx', url: `http://127.0.0.1:${engine.port}/prefix`, database: 'my db',
  token: SECRET, recorders: ['sysrec'], ...extra });

test('batches of at most 5,000 rows or about 1 MiB to <url>/write with the database, precision s, gzip and the token', async () => {
  const dir = sysrecLog(12_000, 4);
  const r = await sdrRun(['send', '--config', configFile(dir, `${dir}/log`, [platform()]), '--once']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(engine.requests.map((q) => q.lines.length)).toEqual([5000, 5000, 2000]);
  expect(engine.requests[0].url).toBe('/prefix/write?db=my+db&precision=s');
  expect(engine.requests[0].headers.authorization).toBe(`Token ${SECRET}`);
  expect(engine.requests[0].lines[0]).toMatch(/^sysrec,host=\S+ cpupct=0\.50,sumpct=0\.50,headpct=0\.50 1796000000$/);
  expect(engine.delivered()).toHaveLength(12_000);
  // Rows of every field: the bytes cut the batches first.
  const wide = sysrecLog(5000);
  engine.requests = [];
  expect((await sdrRun(['send', '--config', configFile(wide, `${wide}/log`, [platform()]), '--once'])).status).toBe(0);
  const sizes = engine.requests.map((q) => q.lines.join('\n').length + 1);
  expect(engine.requests.length).toBeGreaterThan(2);
  expect(Math.max(...sizes)).toBeLessThan(1024 * 1024 + 2000);
  expect(Math.max(...sizes.slice(0, -1).map((s) => 1024 * 1024 - s))).toBeLessThan(2000);
});

test('413 halves the batch until it fits; the rows go once, in order', async () => {
  const dir = sysrecLog(3000);
  engine.answer = (q) => (q.lines.length > 700 ? { status: 413, text: 'request entity too large' } : undefined);
  const r = await sdrRun(['send', '--config', configFile(dir, `${dir}/log`, [platform()]), '--once']);
  expect(r.status).toBe(0);
  const got = engine.delivered().map((l) => l.split(' ').pop());
  expect(got).toEqual(Array.from({ length: 3000 }, (_, i) => String(1796000000 + i)));
  expect(Math.max(...engine.requests.filter((q) => q.lines.length <= 700).map((q) => q.lines.length))).toBeGreaterThan(300);
});

test('503 with Retry-After is waited out; 404 is waited on, not refused; 401 is told without the token', async () => {
  const dir = sysrecLog(10);
  const cfg = configFile(dir, `${dir}/log`, [platform()]);
  engine.answer = (_q, n) => (n < 2 ? { status: 503, headers: { 'retry-after': '0' }, text: 'busy' } : undefined);
  expect((await sdrRun(['send', '--config', cfg, '--once'])).status).toBe(0);
  expect(engine.delivered()).toHaveLength(10);

  const dir404 = sysrecLog(10);
  engine.answer = () => ({ status: 404, text: '{"error":"database not found: \\"my db\\""}' });
  const missing = await sdrRun(['send', '--config', configFile(dir404, `${dir404}/log`, [platform()]), '--once']);
  expect(missing.status).toBe(1);
  expect(missing.stderr).toContain('tsdb/sysrec: delivery failed (404 database not found: "my db": check the url, database, org and bucket)');
  expect(rowsDelivered(`${dir404}/log`, 'tsdb')).toBe(0);

  const dir401 = sysrecLog(10);
  engine.answer = () => ({ status: 401, text: '{"error":"authorization failed"}' });
  const refused = await sdrRun(['send', '--config', configFile(dir401, `${dir401}/log`, [platform()]), '--once']);
  expect(refused.status).toBe(1);
  expect(refused.stderr).toBe('sdr: send: tsdb/sysrec: authentication refused (401 authorization failed): check the credentials; left for the next run\n');
  expect(refused.stderr).not.toContain(SECRET);
});

test('a row that does not fit its header is refused alone; remote write goes snappy to the URL as given', async () => {
  const dir = sysrecLog(5);
  const file = `${dir}/log/sysrec-2026-11-30.csv`;
  const lines = readFileSync(file, 'utf8').split('\n');
  const at = loadLmo('sysrec').fields.findIndex((f) => f.name === 'memavailablepct');
  lines[2] = lines[2].split(',').map((v, i) => (i === at ? 'not-a-number' : v)).join(',');
  writeFileSync(file, lines.join('\n'));
  const r = await sdrRun(['send', '--config', configFile(dir, `${dir}/log`, [platform()]), '--once']);
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/tsdb\/sysrec: row refused \(0 unreadable row: memavailablepct 'not-a-number' is not a number\): kept in /);
  expect(engine.delivered()).toHaveLength(4);

  const rw = sysrecLog(2);
  engine.requests = [];
  engine.answer = () => undefined;
  const cfg = configFile(rw, `${rw}/log`, [{ name: 'rw', type: 'remote-write', url: `http://127.0.0.1:${engine.port}/api/v1/push?extra_label=a%3Db`, recorders: ['sysrec'],
    headers: { 'X-Scope-OrgID': 'acme' } }]);
  expect((await sdrRun(['send', '--config', cfg, '--once'])).status).toBe(0);
  expect(engine.requests).toHaveLength(1);
  expect(engine.requests[0].url).toBe('/api/v1/push?extra_label=a%3Db');
  expect(engine.requests[0].headers).toMatchObject({ 'content-encoding': 'snappy', 'content-type': 'application/x-protobuf',
    'x-prometheus-remote-write-version': '0.1.0', 'x-scope-orgid': 'acme' });
});
