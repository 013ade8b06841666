import { mkdtempSync, writeFileSync, readFileSync, chmodSync, mkdirSync, existsSync, readdirSync, renameSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { sdr, sdrRun, SDR, userEnv } from '../cli/sdr.js';
import { Receiver } from './receiver.js';
import { splitCsvLine } from '../../src/transport/raw-reader.js';
import { FIXTURES } from '../helpers.js';

const ROOT = `${FIXTURES}/linux/lvm-bridge-host-pair/before`;
const TOKEN = 'tok-7f3a9c-never-shown';

/** A log dir with real raw files: sysrec and diskrec rows written by sdr itself. */
function recorded(samples = 3): string {
  const dir = mkdtempSync(`${tmpdir()}/sdr-send-`);
  for (const rec of ['sysrec', 'diskrec']) {
    const r = sdr([rec, '-l', '--log-dir', `${dir}/log`, '--procfs', `${ROOT}/proc`, '--sysfs', `${ROOT}/sys`, '0.1', String(samples)]);
    expect(r.status).toBe(0);
  }
  return dir;
}

function config(dir: string, port: number, extra: Record<string, unknown> = {}): string {
  const path = `${dir}/sdr.json`;
  writeFileSync(path, JSON.stringify({
    logDir: `${dir}/log`,
    platforms: [{ name: 'central', url: `http://127.0.0.1:${port}`, subscription: 'SID1', token: TOKEN, recorders: ['sysrec', 'diskrec'], ...extra }],
  }));
  chmodSync(path, 0o600);
  return path;
}

/** The data rows of a recorder's raw files, as fields, in order. */
function rawRows(dir: string, rec: string): string[][] {
  return readdirSync(`${dir}/log`).filter((f: string) => f.startsWith(`${rec}-`)).sort()
    .flatMap((f: string) => readFileSync(`${dir}/log/${f}`, 'utf8').trimEnd().split('\n').slice(1).map((l: string) => splitCsvLine(l, ',')));
}

const unique = (rows: string[][]) => new Set(rows.map((r) => r.join('\u0000'))).size;

describe('sdr send', () => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = new Receiver();
    await receiver.start();
  });
  afterEach(() => receiver.stop());

  test('--once delivers every row of sysrec and diskrec in order with the token header, then nothing twice', async () => {
    const dir = recorded();
    const cfg = config(dir, receiver.port);
    const r = await sdrRun(['send', '--config', cfg, '--once']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const got = receiver.rows();
    const sys = rawRows(dir, 'sysrec');
    const disk = rawRows(dir, 'diskrec');
    expect(got.filter((f) => f.length === sys[0].length)).toEqual(sys);
    expect(got.filter((f) => f.length === disk[0].length)).toEqual(disk);
    expect(receiver.bodies.every((b) => b.token === TOKEN)).toBe(true);
    expect(receiver.bodies[0].body).toMatch(/^linux-(sysrec|diskrec):SID1:[0-9a-f-]{36}:/);
    const again = await sdrRun(['send', '--config', cfg, '--once']);
    expect(again.status).toBe(0);
    expect(receiver.bodies).toHaveLength(sys.length + disk.length);
    expect((await sdrRun(['send', '--config', cfg, '--status'])).stdout).toMatch(/central\/sysrec: 0 rows pending, last delivered 20/);
  });

  test('500s and a receiver that is away for a while: nothing lost', async () => {
    const dir = recorded();
    const cfg = config(dir, receiver.port);
    receiver.answer = (_b, n) => (n < 5 ? { status: 503, headers: { 'retry-after': '0' } } : undefined);
    const port = receiver.port;
    await receiver.stop();
    const child = spawn(process.execPath, [SDR, 'send', '--config', cfg], { env: userEnv() });
    await new Promise((r) => setTimeout(r, 1500));
    await receiver.start(port);
    const total = rawRows(dir, 'sysrec').length + rawRows(dir, 'diskrec').length;
    for (let i = 0; i < 100 && unique(receiver.rows()) < total; i++) await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGTERM');
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(0);
    expect(unique(receiver.rows())).toBe(total);
  });

  test('rows a clock stepped back appends to an older day\'s file are sent by the running sender, in their place', async () => {
    const dir = mkdtempSync(`${tmpdir()}/sdr-step-`);
    mkdirSync(`${dir}/log`);
    const cfg = config(dir, receiver.port, { recorders: ['sysrec'] });
    const header = readFileSync(`${recorded(1)}/log/${readdirSync(`${recorded(1)}/log`).find((f) => f.startsWith('sysrec-'))}`, 'utf8').split('\n')[0];
    const width = header.split(',').length;
    const row = (t: number) => [String(t), ...Array(width - 1).fill('0')].join(',');
    const yesterday = `${dir}/log/sysrec-2026-11-30.csv`;
    writeFileSync(yesterday, `${header}\n${row(1796083198)}\n${row(1796083199)}\n`);
    writeFileSync(`${dir}/log/sysrec-2026-12-01.csv`, `${header}\n${row(1796083200)}\n`);
    const child = spawn(process.execPath, [SDR, 'send', '--config', cfg], { env: userEnv() });
    try {
      for (let i = 0; i < 50 && receiver.bodies.length < 3; i++) await new Promise((r) => setTimeout(r, 100));
      expect(receiver.bodies).toHaveLength(3);
      // The clock stepped back over midnight: yesterday's file grows again, the same bytes twice.
      appendFileSync(yesterday, `${row(1796083199)}\n${row(1796083199)}\n`);
      for (let i = 0; i < 50 && receiver.bodies.length < 5; i++) await new Promise((r) => setTimeout(r, 100));
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.on('exit', r));
    }
    expect(receiver.rows().map((f) => f[0])).toEqual(['1796083198', '1796083199', '1796083200', '1796083199', '1796083199']);
    // Each names its place: the two equal rows are rows 3 and 4 of yesterday's file.
    expect(receiver.places.slice(3)).toEqual([['sysrec-2026-11-30.csv', '3'], ['sysrec-2026-11-30.csv', '4']]);
  });

  test('a row refused with 400 is kept in rejected/ with the reason, and delivery goes on', async () => {
    const dir = recorded();
    const cfg = config(dir, receiver.port);
    const victim = rawRows(dir, 'diskrec')[1];
    receiver.answer = (body) => (body.includes(`:${victim[1]}:`) && body.includes(`:${victim[0]}:`) ? { status: 400, text: 'row has a bad field' } : undefined);
    const r = await sdrRun(['send', '--config', cfg, '--once']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/central\/diskrec: row refused \(400 row has a bad field\): kept in .*\/rejected\/diskrec-\d{4}-\d{2}-\d{2}\.csv/);
    const total = rawRows(dir, 'sysrec').length + rawRows(dir, 'diskrec').length;
    expect(receiver.bodies).toHaveLength(total - 1);
    const rejectedDir = `${dir}/log/rejected`;
      const [file] = readdirSync(rejectedDir);
    const [status, reason, line] = splitCsvLine(readFileSync(`${rejectedDir}/${file}`, 'utf8').trimEnd(), ',');
    expect([status, reason]).toEqual(['400', 'row has a bad field']);
    expect(splitCsvLine(line, ',')).toEqual(victim);
  });

  test('401: one clear report, the token never shown, rows kept for later', async () => {
    const dir = recorded(1);
    const cfg = config(dir, receiver.port);
    receiver.answer = () => ({ status: 401, text: 'bad token' });
    const r = await sdrRun(['send', '--config', cfg, '--once']);
    expect(r.status).toBe(1);
    // --once gives up on a refused token at once, and says so rather than "retrying".
    expect(r.stderr).toMatch(/authentication refused \(401 bad token\): check the token; left for the next run\n/);
    expect(r.stderr).not.toMatch(/retrying/);
    expect(r.stderr).not.toContain(TOKEN);
    expect((await sdrRun(['send', '--config', cfg, '--status'])).stdout)
      .toMatch(/central\/sysrec: 1 rows pending, last delivered never, last error 20\S+Z authentication refused \(401 bad token\): check the token\n/);
    // Delivery recovers: the status no longer tells of the error.
    receiver.answer = () => undefined;
    expect((await sdrRun(['send', '--config', cfg, '--once'])).status).toBe(0);
    const status = (await sdrRun(['send', '--config', cfg, '--status'])).stdout;
    expect(status).toMatch(/central\/sysrec: 0 rows pending, last delivered 20\S+Z\n/);
    expect(status).not.toMatch(/last error/);
  }, 60_000);

  test('kill -9 mid-stream, then a restart: every row arrives', async () => {
    const dir = recorded(40);
    const cfg = config(dir, receiver.port);
    receiver.answer = () => undefined;
    let slow = true;
    const orig = receiver.answer;
    receiver.answer = (b, n) => (slow && n > 10 ? { status: 503, headers: { 'retry-after': '1' } } : orig(b, n));
    const child = spawn(process.execPath, [SDR, 'send', '--config', cfg], { env: userEnv() });
    await new Promise((r) => setTimeout(r, 1200));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    slow = false;
    const r = await sdrRun(['send', '--config', cfg, '--once']);
    expect(r.status).toBe(0);
    const total = rawRows(dir, 'sysrec').length + rawRows(dir, 'diskrec').length;
    expect(unique(receiver.rows())).toBe(total);
  });

  test('a row that keeps failing holds the position there, though rows after it were acknowledged', async () => {
    const dir = recorded(12);
    const cfg = config(dir, receiver.port);
    const sys = rawRows(dir, 'sysrec');
    const stuck = sys[4];
    let broken = true;
    receiver.answer = (body) => (broken && body.includes(`:${stuck[0]}:`) && body.startsWith('linux-sysrec') ? { status: 503 } : undefined);
    const r = await sdrRun(['send', '--config', cfg, '--once']);
    expect(r.status).toBe(1);
    const sysGot = receiver.rows().filter((f) => f.length === sys[0].length);
    // Rows beyond the stuck one went out in the same window; the saved position did not follow them.
    expect(sysGot.some((f) => f[0] === sys[5][0])).toBe(true);
    expect((await sdrRun(['send', '--config', cfg, '--status'])).stdout).toMatch(new RegExp(`central/sysrec: ${sys.length - 4} rows pending`));
    broken = false;
    expect((await sdrRun(['send', '--config', cfg, '--once'])).status).toBe(0);
    const total = sys.length + rawRows(dir, 'diskrec').length;
    expect(unique(receiver.rows())).toBe(total);
    expect((await sdrRun(['send', '--config', cfg, '--status'])).stdout).toMatch(/central\/sysrec: 0 rows pending/);
  }, 60_000);

  test('delivery carries on across midnight: yesterday\'s file first, then today\'s', async () => {
    const dir = recorded(2);
    const [today] = readdirSync(`${dir}/log`).filter((f: string) => f.startsWith('sysrec-'));
    renameSync(`${dir}/log/${today}`, `${dir}/log/sysrec-2000-01-01.csv`);
    const again = sdr(['sysrec', '-l', '--log-dir', `${dir}/log`, '--procfs', `${ROOT}/proc`, '--sysfs', `${ROOT}/sys`, '0.1', '2']);
    expect(again.status).toBe(0);
    const cfg = config(dir, receiver.port);
    expect((await sdrRun(['send', '--config', cfg, '--once'])).status).toBe(0);
    const sys = receiver.rows().filter((f) => f.length === rawRows(dir, 'sysrec')[0].length);
    expect(sys).toEqual(rawRows(dir, 'sysrec'));
    expect(sys).toHaveLength(4);
  });
});

describe('sdr send configuration', () => {
  const dir = mkdtempSync(`${tmpdir()}/sdr-cfg-`);
  mkdirSync(`${dir}/log`);

  test('a config holding a token that others may read is refused, saying how to fix it', () => {
    const cfg = config(dir, 1);
    chmodSync(cfg, 0o644);
    const r = sdr(['send', '--config', cfg, '--check']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`sdr: send: ${cfg} holds a token and is readable by group or others (mode 644): chmod 600 ${cfg}\n`);
  });

  test('--check describes the config and never shows the token', () => {
    const cfg = config(dir, 8080);
    const r = sdr(['send', '--config', cfg, '--check']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('central: http://127.0.0.1:8080, subscription SID1, token from the config file');
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  test('errors name the file, the JSON path and what is wrong', () => {
    const cfg = `${dir}/bad.json`;
    writeFileSync(cfg, JSON.stringify({ logDir: dir, platforms: [{ name: 'x', url: 'ftp://h', subscription: 'S', tokenEnv: 'SDR_TEST_TOKEN' }] }));
    const r = sdr(['send', '--config', cfg, '--check']);
    expect(r.stderr).toBe(`sdr: send: ${cfg}: $.platforms[0].url: 'ftp://h' must be an http or https URL\n`);
    writeFileSync(cfg, JSON.stringify({ logDir: dir, platforms: [{ name: 'x', url: 'http://h', subscription: 'S', tokenEnv: 'SDR_TEST_TOKEN' }] }));
    expect(sdr(['send', '--config', cfg, '--check']).stderr).toBe(`sdr: send: ${cfg}: $.platforms[0].tokenEnv: environment variable SDR_TEST_TOKEN is not set\n`);
    const ok = sdr(['send', '--config', cfg, '--check'], { SDR_TEST_TOKEN: 'abc' });
    expect(ok.stdout).toContain('token from environment variable SDR_TEST_TOKEN');
    expect(existsSync(cfg)).toBe(true);
  });

  test('a tokenFile readable by others is refused', () => {
    writeFileSync(`${dir}/token`, 'xyz\n');
    chmodSync(`${dir}/token`, 0o640);
    const cfg = `${dir}/tf.json`;
    writeFileSync(cfg, JSON.stringify({ logDir: dir, platforms: [{ name: 'x', url: 'http://h', subscription: 'S', tokenFile: `${dir}/token` }] }));
    expect(sdr(['send', '--config', cfg, '--check']).stderr).toBe(`sdr: send: ${dir}/token holds a token and is readable by group or others (mode 640): chmod 600 ${dir}/token\n`);
  });

  test('the original kronometrix.json is read: log path and per-domain subscriptions', () => {
    const cfg = `${dir}/kronometrix.json`;
    writeFileSync(cfg, JSON.stringify({
      log: { base_path: dir, current_path: `${dir}/log` },
      transport: { platform: [{ name: 'kx', protocol: 'http', host: '127.0.0.1', port: 80, keepalive: 0, cpd: [{ sid: 'S1', tid: 'tid-cpd-zqxw', dsid: '' }], dpd: [{ sid: 'S2', tid: 'tid-dpd-zqxw', dsid: '' }] }] },
    }));
    chmodSync(cfg, 0o600);
    const r = sdr(['send', '--config', cfg, '--check']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('kx-cpd-0: http://127.0.0.1, subscription S1');
    expect(r.stdout).toContain('kx-dpd-0: http://127.0.0.1, subscription S2');
    // Told nowhere (words no path, sid or hex dsid holds).
    expect(r.stdout + r.stderr).not.toContain('tid-');
  });

  test('--check says whether each data source id is the one the original sender wrote in kronometrix.json', () => {
    const cfg = `${dir}/kronometrix-dsid.json`;
    const write = (dsid: string) => {
      writeFileSync(cfg, JSON.stringify({
        log: { current_path: `${dir}/log` },
        transport: { platform: [{ name: 'kx', protocol: 'http', host: '127.0.0.1', port: 80, keepalive: 0, cpd: [{ sid: 'S1', tid: 'T1', dsid }] }] },
      }));
      chmodSync(cfg, 0o600);
      return sdr(['send', '--config', cfg, '--check']).stdout;
    };
    // None written yet: sdr's is told, nothing to compare it with.
    const ours = /kx-cpd-0: .*, dsid ([0-9a-f-]{36})$/m.exec(write(''))?.[1];
    expect(ours).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(write(ours!.toUpperCase())).toMatch(new RegExp(`kx-cpd-0: .*, dsid ${ours}, the original's$`, 'm'));
    const other = '00000000-0000-5000-8000-000000000000';
    expect(write(other)).toContain(`, dsid ${ours}, NOT the original's ${other}: the platform will take this host for a new data source`);
  });
});

describe('sdr send stopping', () => {
  test('SIGTERM with requests hanging: exit 0 within 5 s, position saved for what was acknowledged', async () => {
    const { createServer } = await import('node:http');
    let answered = 0;
    // Answers the first 3 requests, then never answers.
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (answered < 3) {
          answered++;
          res.end('ok');
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const dir = recorded(10);
      const cfg = config(dir, port, { recorders: ['sysrec'] });
      const child = spawn(process.execPath, [SDR, 'send', '--config', cfg], { env: userEnv() });
      await new Promise((r) => setTimeout(r, 1500));
      const t0 = Date.now();
      child.kill('SIGTERM');
      const code = await new Promise((r) => child.on('exit', r));
      expect(code).toBe(0);
      expect(Date.now() - t0).toBeLessThan(5000);
      const status = await sdrRun(['send', '--config', cfg, '--status']);
      // At most the 3 acknowledged rows are behind the saved position; the 7 hanging ones are kept.
      const pending = Number(/central\/sysrec: (\d+) rows pending/.exec(status.stdout)![1]);
      expect(pending).toBeGreaterThanOrEqual(7);
      expect(pending).toBeLessThanOrEqual(10);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
