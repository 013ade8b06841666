// sdr collect, in process on 127.0.0.1 port 0: real rows from the recorders stored byte for byte
// and once, every bad request answered with its status while the server keeps serving, and the
// CLI started and stopped as a service manager would.
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { createCollector, MAX_BODY_BYTES, SEND_DATA_PATH, type Collector } from '../../src/transport/collector.js';
import { loadTokens, tokenTable } from '../../src/transport/tokens.js';
import { buildBody, hasDevid, type Message } from '../../src/transport/wire.js';
import { loadLmo } from '../../src/core/lmo.js';
import { rawFileName } from '../../src/output/raw-file.js';
import { RuntimeError } from '../../src/core/errors.js';
import { SDR, sdrAsync, userEnv } from '../cli/sdr.js';
import { FIXTURES } from '../helpers.js';

const TOKEN_A = 'token-a-7f3c9e';
const TOKEN_B = 'token-b-18d2aa';
const SID_A = 'sid-a';
const SID_B = 'sid-b';
const DSID = '3f2b8c1e-9d4a-5b6c-8e7f-0a1b2c3d4e5f';
const tokens = tokenTable(new Map([[TOKEN_A, [SID_A]], [TOKEN_B, [SID_B]]]));
const tmp = () => mkdtempSync(`${tmpdir()}/sdr-collect-`);

/** One CSV line (RFC 4180, as csvLines writes it) back into fields. */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let f = '';
    if (line[i] === '"') {
      for (i++; i < line.length; i++) {
        if (line[i] === '"' && line[i + 1] === '"') f += line[i++];
        else if (line[i] === '"') break;
        else f += line[i];
      }
      i++;
    } else {
      while (i < line.length && line[i] !== ',') f += line[i++];
    }
    fields.push(f);
    if (i >= line.length) return fields;
    i++; // the comma
  }
}

/** The lines a recorder writes on captured trees, as the built sdr prints them. */
function recorderLines(args: string[]): string[] {
  const r = spawnSync(process.execPath, [SDR, ...args], { encoding: 'utf8', env: userEnv(), timeout: 20_000 });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => `${l}\n`);
}

const L = `${FIXTURES}/linux`;
const REAL: Record<string, string[]> = {
  sysrec: recorderLines(['sysrec', '--procfs', `${L}/lvm-bridge-host-pair/before/proc`, '--sysfs', `${L}/lvm-bridge-host-pair/before/sys`]),
  diskrec: recorderLines(['diskrec', '--procfs', `${L}/devices-change-pair/after/proc`]),
  // An interface named team0:1: a colon inside a field crosses the wire percent-encoded.
  nicrec: recorderLines(['nicrec', '--procfs', `${L}/devices-change-pair/before/proc`]),
  // Quoted fields with blanks and IPv6 colons.
  hdwrec: recorderLines(['hdwrec', '--procfs', `${L}/hdwrec-root/proc`, '--sysfs', `${L}/hdwrec-root/sys`, '--rootfs', `${L}/hdwrec-root`]),
};

function message(recorder: string, fields: string[], over: Partial<Message> = {}): Message {
  return { msgid: `linux-${recorder}`, sid: SID_A, dsid: DSID, devid: hasDevid(recorder) ? 'system' : undefined, fields, ...over };
}

function bodyOf(recorder: string, line: string, over: Partial<Message> = {}): string {
  return buildBody(message(recorder, csvFields(line.replace(/\n$/, '')), over));
}

const header = (recorder: string) => `${loadLmo(recorder).fields.map((f) => f.name).join(',')}\n`;
const fileOf = (dir: string, recorder: string, line: string) => `${dir}/${DSID}/${rawFileName(recorder, Number(line.split(',')[0]) * 1000)}`;

/** As sdr's sender posts a row (its User-Agent), but naming no place. */
async function post(port: number, body: string | Buffer, token: string | null = TOKEN_A, method = 'POST', path = SEND_DATA_PATH) {
  const r = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { 'User-Agent': 'sdr/0.1.0', ...(token === null ? {} : { Token: token }) },
    body: method === 'POST' ? body : undefined,
  });
  return { status: r.status, text: (await r.text()).trim() };
}

const running: Collector[] = [];

async function start(dataDir: string, requestTimeoutMs = 1500): Promise<{ collector: Collector; port: number; logged: string[] }> {
  const logged: string[] = [];
  const collector = createCollector({ dataDir, tokens, fsync: 'always', log: (l) => logged.push(l), requestTimeoutMs, headersTimeoutMs: 1000 });
  running.push(collector);
  const { port } = await collector.listen('127.0.0.1', 0);
  return { collector, port, logged };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.close()));
});

describe('round trip of real rows', () => {
  test('every recorder: stored byte-identical to its line, with the header, once though sent twice', async () => {
    const dir = tmp();
    const { port } = await start(dir);
    for (const [recorder, lines] of Object.entries(REAL)) {
      expect(lines.length).toBeGreaterThan(0);
      for (const pass of [1, 2]) {
        for (const line of lines) {
          expect(await post(port, bodyOf(recorder, line))).toEqual({ status: 200, text: pass === 1 ? 'stored' : 'already stored' });
        }
      }
      expect(readFileSync(fileOf(dir, recorder, lines[0]), 'utf8')).toBe(header(recorder) + lines.join(''));
    }
    expect(REAL.nicrec.join('')).toContain(',team0:1,');
  });

  test('dedupe survives a restart: a row resent to a new collector is not stored again', async () => {
    const dir = tmp();
    const lines = REAL.diskrec;
    const first = await start(dir);
    for (const line of lines.slice(0, 3)) expect((await post(first.port, bodyOf('diskrec', line))).status).toBe(200);
    await first.collector.close();
    const second = await start(dir);
    // The sender crashed after the first three were stored and resends all of them.
    const answers = [];
    for (const line of lines) answers.push((await post(second.port, bodyOf('diskrec', line))).text);
    expect(answers).toEqual(['already stored', 'already stored', 'already stored', ...lines.slice(3).map(() => 'stored')]);
    expect(readFileSync(fileOf(dir, 'diskrec', lines[0]), 'utf8')).toBe(header('diskrec') + lines.join(''));
  });

  test('the same row sent many times at once is stored once; distinct rows at once are all stored whole', async () => {
    const dir = tmp();
    const { port } = await start(dir);
    const line = REAL.sysrec[0];
    const same = await Promise.all(Array.from({ length: 20 }, () => post(port, bodyOf('sysrec', line))));
    expect(same.filter((a) => a.text === 'stored')).toHaveLength(1);
    expect(same.every((a) => a.status === 200)).toBe(true);
    const noon = Date.UTC(2026, 0, 15, 12) / 1000; // a day of its own, whenever the tests run
    const others = Array.from({ length: 30 }, (_, i) => line.replace(/^\d+/, String(noon + i)));
    const answers = await Promise.all(others.map((l) => post(port, bodyOf('sysrec', l))));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(readFileSync(fileOf(dir, 'sysrec', line), 'utf8')).toBe(header('sysrec') + line);
    const stored = readFileSync(fileOf(dir, 'sysrec', others[0]), 'utf8').split('\n').slice(1, -1).map((l) => `${l}\n`);
    expect(stored.sort()).toEqual(others.sort());
  });

  test('a row goes to the file of its UTC day; a torn last line left by a crash is cut off first', async () => {
    const dir = tmp();
    const line = REAL.sysrec[0];
    const path = fileOf(dir, 'sysrec', line);
    mkdirSync(`${dir}/${DSID}`);
    writeFileSync(path, `${header('sysrec')}1795800000,torn`);
    const { port, logged } = await start(dir);
    expect((await post(port, bodyOf('sysrec', line))).status).toBe(200);
    const nextDay = (Math.floor(Number(line.split(',')[0]) / 86400) + 1) * 86400;
    const midnight = line.replace(/^\d+/, String(nextDay));
    expect((await post(port, bodyOf('sysrec', midnight))).status).toBe(200);
    expect(readFileSync(path, 'utf8')).toBe(header('sysrec') + line);
    expect(readFileSync(`${dir}/${DSID}/sysrec-${new Date(nextDay * 1000).toISOString().slice(0, 10)}.csv`, 'utf8')).toBe(header('sysrec') + midnight);
    expect(logged).toEqual([`${path}: removed a torn last line (15 bytes) left by a write cut short (a crash, or a disk that filled)`]);
  });
  test('more day files than are kept open: a file closed and reopened still knows its rows', async () => {
    const dir = tmp();
    const { port } = await start(dir);
    const day0 = Date.UTC(2025, 0, 1, 12) / 1000;
    const lines = Array.from({ length: 70 }, (_, i) => REAL.sysrec[0].replace(/^\d+/, String(day0 + i * 86400)));
    for (const pass of ['stored', 'already stored']) {
      for (const l of lines) expect(await post(port, bodyOf('sysrec', l))).toEqual({ status: 200, text: pass });
    }
    expect(readdirSync(`${dir}/${DSID}`)).toHaveLength(70);
  });

  test('a row that cannot be written is a 503 (come again), logged; once the fault is gone it is stored', async () => {
    const dir = tmp();
    const { port, logged } = await start(dir);
    writeFileSync(`${dir}/${DSID}`, ''); // a file where the data source's directory should be
    const body = bodyOf('sysrec', REAL.sysrec[0]);
    expect(await post(port, body)).toEqual({ status: 503, text: `cannot open ${fileOf(dir, 'sysrec', REAL.sysrec[0])}: file exists` });
    expect(logged).toEqual([`refused a request from 127.0.0.1: 503 cannot open ${fileOf(dir, 'sysrec', REAL.sysrec[0])}: file exists`]);
    rmSync(`${dir}/${DSID}`);
    expect(await post(port, body)).toEqual({ status: 200, text: 'stored' });
  });
});

describe('bad requests get their status, and the collector keeps serving', () => {
  const line = REAL.sysrec[0];
  const good = bodyOf('sysrec', line);
  const fields = csvFields(line.trimEnd());
  const cases: [string, () => string, string | null, number, RegExp][] = [
    ['a garbage body', () => 'hello, collector', TOKEN_A, 400, /not msgid/],
    ['a wrong hash', () => good.slice(0, -1) + (good.endsWith('0') ? '1' : '0'), TOKEN_A, 400, /sha256 does not match/],
    ['a path for a dsid', () => buildBody(message('sysrec', fields, { dsid: '../../etc' })), TOKEN_A, 400, /dsid is not a UUID/],
    ['an unknown recorder', () => buildBody(message('sysrec', fields, { msgid: 'linux-passwd', devid: undefined })), TOKEN_A, 400, /unknown recorder 'passwd'/],
    ['a row one field short', () => buildBody(message('sysrec', fields.slice(0, -1))), TOKEN_A, 400, /has \d+ fields( \(\d+ from an earlier sdr\))?, not \d+/],
    ['a timestamp that is not a number', () => buildBody(message('sysrec', ['yesterday', ...fields.slice(1)])), TOKEN_A, 400, /timestamp/],
    ['a field with a line break', () => buildBody(message('sysrec', [fields[0], 'a\nb', ...fields.slice(2)])), TOKEN_A, 400, /line break/],
    ['no token', () => good, null, 401, /token/],
    ['an unknown token', () => good, 'token-c', 401, /token/],
    ['a token for another subscription', () => good, TOKEN_B, 403, /may not write subscription 'sid-a'/],
  ];

  test.each(cases)('%s', async (_what, body, token, status, reason) => {
    const dir = tmp();
    const { port, logged } = await start(dir);
    const answer = await post(port, body(), token);
    expect(answer.status).toBe(status);
    expect(answer.text).toMatch(reason);
    expect(existsSync(`${dir}/${DSID}`)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    expect(await post(port, good)).toEqual({ status: 200, text: 'stored' });
    expect(logged.join('\n')).not.toMatch(/token-[abc]/);
  });

  test('other paths are 404 and other methods 405', async () => {
    const { port } = await start(tmp());
    expect((await post(port, good, TOKEN_A, 'POST', '/api/private/other')).status).toBe(404);
    expect((await post(port, good, TOKEN_A, 'GET')).status).toBe(405);
    expect((await post(port, good, TOKEN_A, 'PUT')).status).toBe(405);
    expect((await post(port, good)).status).toBe(200);
  });

  test('a body over 64 KiB is refused as declared, and as counted when it comes chunked', async () => {
    const dir = tmp();
    const { port } = await start(dir);
    const big = `${good}${'x'.repeat(MAX_BODY_BYTES)}`;
    expect((await post(port, big)).status).toBe(413);
    // No Content-Length: the server counts the bytes as they come and stops at the limit.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: SEND_DATA_PATH, headers: { Token: TOKEN_A } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write('y'.repeat(8 * 1024));
      req.end();
    });
    expect(status).toBe(413);
    expect(await post(port, good)).toEqual({ status: 200, text: 'stored' });
  });

  test('a client that sends half its body and stalls is cut off; others are served meanwhile and after', async () => {
    const { port } = await start(tmp(), 1500);
    const socket = connect(port, '127.0.0.1');
    const cutOff = new Promise<{ ms: number; answer: string }>((resolve) => {
      const started = Date.now();
      let answer = '';
      socket.on('data', (d) => (answer += d.toString()));
      socket.on('error', () => {});
      socket.on('close', () => resolve({ ms: Date.now() - started, answer }));
    });
    socket.write(`POST ${SEND_DATA_PATH} HTTP/1.1\r\nHost: x\r\nToken: ${TOKEN_A}\r\nContent-Length: ${good.length}\r\n\r\n`);
    socket.write(good.slice(0, good.length >> 1));
    expect(await post(port, good)).toEqual({ status: 200, text: 'stored' });
    const { ms, answer } = await cutOff;
    expect(ms).toBeLessThan(5000);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(await post(port, good)).toEqual({ status: 200, text: 'already stored' });
  });
});

test('close lets the request in flight finish and store its row, then stops; new connections are refused', async () => {
  const dir = tmp();
  const { collector, port } = await start(dir, 5000);
  const line = REAL.hdwrec[0];
  const body = bodyOf('hdwrec', line);
  const socket = connect(port, '127.0.0.1');
  const answered = new Promise<string>((resolve) => {
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer));
  });
  socket.write(`POST ${SEND_DATA_PATH} HTTP/1.1\r\nHost: x\r\nUser-Agent: sdr\r\nToken: ${TOKEN_A}\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 40)}`);
  await new Promise((r) => setTimeout(r, 100));
  const started = Date.now();
  const closed = collector.close();
  await new Promise((r) => setTimeout(r, 100));
  await expect(fetch(`http://127.0.0.1:${port}${SEND_DATA_PATH}`, { method: 'POST', body })).rejects.toThrow();
  socket.write(body.slice(40));
  expect(await answered).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*Connection: close\r\n[^]*\r\n\r\nstored\n$/);
  await closed;
  expect(Date.now() - started).toBeLessThan(2000);
  expect(readFileSync(fileOf(dir, 'hdwrec', line), 'utf8')).toBe(header('hdwrec') + line);
});

describe('the tokens file', () => {
  function tokensFile(text: string, mode = 0o600): string {
    const path = `${tmp()}/tokens.json`;
    writeFileSync(path, text);
    chmodSync(path, mode);
    return path;
  }

  test('a file group or others may read is refused, naming chmod 600', () => {
    const path = tokensFile(JSON.stringify({ [TOKEN_A]: [SID_A] }), 0o644);
    expect(() => loadTokens(path)).toThrow(RuntimeError);
    expect(() => loadTokens(path)).toThrow(`${path} holds tokens and is readable by group or others (mode 644): chmod 600 ${path}`);
  });

  test('a file of the right shape gives each token its subscriptions, in constant time', () => {
    const t = loadTokens(tokensFile(JSON.stringify({ [TOKEN_A]: [SID_A, 'sid-c'], [TOKEN_B]: [] })));
    expect([...t.sidsOf(TOKEN_A)!]).toEqual([SID_A, 'sid-c']);
    expect([...t.sidsOf(TOKEN_B)!]).toEqual([]);
    expect(t.sidsOf('token-a')).toBeUndefined();
    expect(t.sidsOf('')).toBeUndefined();
    expect(t.sidsOf(undefined)).toBeUndefined();
  });

  test.each([
    ['not JSON', `{"${TOKEN_A}": [x]}`, /: not valid JSON/],
    ['a list', `["${TOKEN_A}"]`, /: \$ must be an object/],
    ['no tokens', '{}', /: \$ holds no token/],
    ['sids not a list', `{"${TOKEN_B}": ["s"], "${TOKEN_A}": "s"}`, /: \$\[<2nd token>\] must be a list of subscription ids, or \{"subscriptions": \[\.\.\.\], "sources": \[\.\.\.\]\}$/],
    ['a sid not a string', `{"${TOKEN_A}": ["s", 7]}`, /: \$\[<1st token>\]\[1\] must be a subscription id/],
  ])('%s: the message names the file and the JSON path, never a token', (_what, text, message) => {
    const path = tokensFile(text);
    let error: Error | undefined;
    try {
      loadTokens(path);
    } catch (err) {
      error = err as Error;
    }
    expect(error).toBeInstanceOf(RuntimeError);
    expect(error!.message.startsWith(`${path}: `)).toBe(true);
    expect(error!.message).toMatch(message);
    expect(error!.message).not.toMatch(/token-[ab]/);
  });
});

describe('sdr collect on the command line', () => {
  function setup(mode = 0o600) {
    const dir = tmp();
    writeFileSync(`${dir}/tokens.json`, JSON.stringify({ [TOKEN_A]: [SID_A] }));
    chmodSync(`${dir}/tokens.json`, mode);
    return dir;
  }

  test('starts on port 0 saying where, stores a row, and exits 0 on SIGTERM', async () => {
    const dir = setup();
    const child = sdrAsync(['collect', '--listen', '127.0.0.1:0', '--data-dir', `${dir}/data`, '--tokens', `${dir}/tokens.json`]);
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const port = await new Promise<number>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        const m = /listening on 127\.0\.0\.1:(\d+), data in /.exec(stderr);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', () => reject(new Error(`sdr collect exited: ${stderr}`)));
    });
    const line = REAL.hdwrec[0];
    expect(await post(port, bodyOf('hdwrec', line))).toEqual({ status: 200, text: 'stored' });
    expect(await post(port, bodyOf('hdwrec', line), 'wrong-token')).toEqual({ status: 401, text: 'missing or unknown token' });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(readFileSync(fileOf(`${dir}/data`, 'hdwrec', line), 'utf8')).toBe(header('hdwrec') + line);
    expect(stderr).toBe(
      `sdr: collect: listening on 127.0.0.1:${port}, data in ${dir}/data\n` +
      'sdr: collect: refused a request from 127.0.0.1: 401 missing or unknown token\n',
    );
  });

  test('a tokens file readable by others: one line, exit 1, no token shown', () => {
    const dir = setup(0o640);
    const r = spawnSync(process.execPath, [SDR, 'collect', '--data-dir', `${dir}/data`, '--tokens', `${dir}/tokens.json`], { encoding: 'utf8', env: userEnv(), timeout: 20_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`sdr: collect: ${dir}/tokens.json holds tokens and is readable by group or others (mode 640): chmod 600 ${dir}/tokens.json\n`);
  });

  test('a bad --listen is a usage error', () => {
    const dir = setup();
    const r = spawnSync(process.execPath, [SDR, 'collect', '--listen', '8080', '--data-dir', `${dir}/data`, '--tokens', `${dir}/tokens.json`], { encoding: 'utf8', env: userEnv(), timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("sdr: collect: --listen '8080' is not host:port (as 127.0.0.1:8080 or [::1]:8080)\n");
  });
});
