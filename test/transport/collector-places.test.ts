// sdr collect with rows that name their place (X-Sdr-File, X-Sdr-Row), as sdr's sender sends
// them: stored by place, once and in order, byte-identical rows kept apart; a data source written
// by its own token only; impossible dates refused; creation bounded per token; files kept private;
// sources.csv telling whose each data source is. In process, on 127.0.0.1 port 0.
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import { createCollector, SEND_DATA_PATH, type Collector, type CollectorOptions } from '../../src/transport/collector.js';
import { tokenTable } from '../../src/transport/tokens.js';
import { buildBody, hasDevid } from '../../src/transport/wire.js';
import { loadLmo } from '../../src/core/lmo.js';
import { splitCsvLine } from '../../src/transport/raw-reader.js';

const TOKEN_A = 'token-a-5d1e77';
const TOKEN_B = 'token-b-c40a19';
const DSID = '6c1f0d2e-3b4a-5c6d-8e9f-0a1b2c3d4e5f';
const tmp = () => mkdtempSync(`${tmpdir()}/sdr-places-`);
const running: Collector[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.close()));
});

async function start(dataDir: string, o: Partial<CollectorOptions> = {}) {
  const logged: string[] = [];
  const tokens = o.tokens ?? tokenTable(new Map([[TOKEN_A, ['sid-a']], [TOKEN_B, ['sid-b']]]));
  const collector = createCollector({ dataDir, tokens, fsync: 'interval', log: (l) => logged.push(l), holdMs: 300, ...o });
  running.push(collector);
  const { port } = await collector.listen('127.0.0.1', 0);
  return { collector, port, logged };
}

const NOW = Math.floor(Date.now() / 1000);
const DAY = new Date(NOW * 1000).toISOString().slice(0, 10);
const FIELDS = loadLmo('cpurec').fields.length;
/** A cpurec row of an idle CPU: two samples of an idle machine are the same bytes but for the time. */
const idle = (t: number) => [String(t), 'cpu0', ...Array(FIELDS - 3).fill('0.00'), '0.00'];
const header = `${loadLmo('cpurec').fields.map((f) => f.name).join(',')}\n`;

interface Post { fields: string[]; row?: number; file?: string; token?: string; dsid?: string; sid?: string; recorder?: string }

async function post(port: number, p: Post) {
  const recorder = p.recorder ?? 'cpurec';
  const body = buildBody({ msgid: `linux-${recorder}`, sid: p.sid ?? 'sid-a', dsid: p.dsid ?? DSID, devid: hasDevid(recorder) ? 'system' : undefined, fields: p.fields });
  const headers: Record<string, string> = { Token: p.token ?? TOKEN_A, 'User-Agent': 'sdr/0.1.0' };
  if (p.row !== undefined) {
    headers['X-Sdr-File'] = p.file ?? `${recorder}-${DAY}.csv`;
    headers['X-Sdr-Row'] = String(p.row);
  }
  const r = await fetch(`http://127.0.0.1:${port}${SEND_DATA_PATH}`, { method: 'POST', headers, body });
  return { status: r.status, text: (await r.text()).trim(), retryAfter: r.headers.get('retry-after') };
}

const stored = (dir: string, file = `cpurec-${DAY}.csv`, dsid = DSID) => readFileSync(`${dir}/${dsid}/${file}`, 'utf8');
const line = (fields: string[]) => `${fields.join(',')}\n`;

describe('rows stored by their place', () => {
  test('in order whatever the order of arrival; byte-identical rows at two places both kept; a resend known by its place', async () => {
    const dir = tmp();
    const { port } = await start(dir);
    const rows = [idle(NOW - 3), idle(NOW - 2), idle(NOW - 1)];
    // The same row twice, as a clock stepped back writes it: the same bytes at rows 4 and 5.
    const again = idle(NOW - 1);
    const answers = await Promise.all([
      post(port, { fields: rows[2], row: 3 }), post(port, { fields: rows[1], row: 2 }),
      post(port, { fields: again, row: 5 }), post(port, { fields: again, row: 4 }), post(port, { fields: rows[0], row: 1 }),
    ]);
    expect(answers.map((a) => a.text)).toEqual(['stored', 'stored', 'stored', 'stored', 'stored']);
    expect(stored(dir)).toBe(header + [...rows, again, again].map(line).join(''));
    expect(await post(port, { fields: rows[1], row: 2 })).toMatchObject({ status: 200, text: 'already stored' });
    expect(stored(dir)).toBe(header + [...rows, again, again].map(line).join(''));
  });

  test('a row ahead of a gap that does not fill: 503 with Retry-After, nothing stored; then in its turn', async () => {
    const dir = tmp();
    const { port } = await start(dir);
    expect(await post(port, { fields: idle(NOW - 2), row: 2 })).toEqual({ status: 503, text: expect.stringMatching(/^row 2 came ahead of row 1/), retryAfter: '1' });
    expect(readdirSync(`${dir}/${DSID}`).map((f) => readFileSync(`${dir}/${DSID}/${f}`, 'utf8'))).toEqual([header]);
    expect((await post(port, { fields: idle(NOW - 3), row: 1 })).text).toBe('stored');
    expect((await post(port, { fields: idle(NOW - 2), row: 2 })).text).toBe('stored');
  });

  test('a restarted collector knows its rows from the file: resends are not stored again, the next is', async () => {
    const dir = tmp();
    const rows = [1, 2, 3].map((i) => idle(NOW - 10 + i));
    const first = await start(dir);
    for (const [i, r] of rows.entries()) await post(first.port, { fields: r, row: i + 1 });
    await first.collector.close();
    const second = await start(dir);
    for (const [i, r] of rows.entries()) expect((await post(second.port, { fields: r, row: i + 1 })).text).toBe('already stored');
    expect((await post(second.port, { fields: idle(NOW), row: 4 })).text).toBe('stored');
    expect(stored(dir)).toBe(header + [...rows, idle(NOW)].map(line).join(''));
  });

  test('another row at a place already stored: two senders share the data source, 409, nothing changed', async () => {
    const dir = tmp();
    const { port } = await start(dir);
    await post(port, { fields: idle(NOW - 1), row: 1 });
    const other = [...idle(NOW - 1)];
    other[2] = '12.50';
    expect(await post(port, { fields: other, row: 1 })).toMatchObject({ status: 409, text: expect.stringMatching(/two senders share this data source/) });
    expect(stored(dir)).toBe(header + line(idle(NOW - 1)));
  });

  test('a file that is not a day file of the recorder, or a row number that is not one: 400', async () => {
    const { port } = await start(tmp());
    expect(await post(port, { fields: idle(NOW), row: 1, file: '../../etc/passwd' })).toMatchObject({ status: 400, text: "X-Sdr-File '../../etc/passwd' is not a day file of cpurec" });
    expect(await post(port, { fields: idle(NOW), row: 1, file: `sysrec-${DAY}.csv` })).toMatchObject({ status: 400 });
    expect(await post(port, { fields: idle(NOW), row: 0 })).toMatchObject({ status: 400, text: "X-Sdr-Row '0' is not a row number" });
  });
});

describe('hosts kept apart', () => {
  test('a data source is its first token\'s: another gets 403 and learns nothing of its rows', async () => {
    const dir = tmp();
    const { port } = await start(dir);
    const row = idle(NOW);
    expect((await post(port, { fields: row, row: 1, token: TOKEN_B, sid: 'sid-b' })).text).toBe('stored');
    // Token A, allowed its own subscription, aims at B's data source: the same row and a new one.
    for (const p of [{ fields: row, row: 1 }, { fields: idle(NOW - 5), row: 2 }, { fields: row }]) {
      expect(await post(port, p)).toMatchObject({ status: 403, text: `data source ${DSID} is not this token's to write` });
    }
    expect(stored(dir)).toBe(header + line(row));
    expect(readFileSync(`${dir}/.owners/${DSID}`, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(readFileSync(`${dir}/.owners/${DSID}`, 'utf8')).not.toContain(TOKEN_B);
  });

  test('the tokens file may name a data source\'s tokens: no other token writes it, first or not', async () => {
    const tokens = tokenTable(new Map([[TOKEN_A, { sids: ['sid-a'], sources: [DSID] }], [TOKEN_B, ['sid-a']]]));
    const { port } = await start(tmp(), { tokens });
    expect((await post(port, { fields: idle(NOW), row: 1, token: TOKEN_B })).status).toBe(403);
    expect((await post(port, { fields: idle(NOW), row: 1 })).text).toBe('stored');
  });

  test('rows and day files dated before --oldest or more than a day ahead are refused with 400', async () => {
    const dir = tmp();
    const { port } = await start(dir, { oldestMs: Date.UTC(2010, 0, 1) });
    const refused = [
      await post(port, { fields: idle(Date.UTC(2009, 11, 31) / 1000), row: 1, file: 'cpurec-2009-12-31.csv' }),
      await post(port, { fields: idle(NOW + 2 * 86400) }),
      await post(port, { fields: idle(NOW), row: 1, file: 'cpurec-1970-01-01.csv' }),
    ];
    expect(refused.map((r) => r.status)).toEqual([400, 400, 400]);
    expect(refused[0].text).toMatch(/the row is dated 2009-12-31: before 2010-01-01 or more than a day ahead/);
    expect(refused[2].text).toMatch(/the day file cpurec-1970-01-01\.csv is dated 1970-01-01/);
    expect(readdirSync(dir).filter((d) => d === DSID)).toEqual([]);
  });

  test('2,000 data sources of one token with dates from 1970 to 5138: those out of range refused, the rest throttled', async () => {
    const dir = tmp();
    const { port } = await start(dir, { limits: { sourcesPerMinute: 1000, filesPerMinute: 10_000 } });
    const from = Date.UTC(1970, 0, 1) / 1000;
    const to = Date.UTC(5138, 0, 1) / 1000;
    const statuses = new Map<number, number>();
    let inRange = 0;
    for (let i = 0; i < 2000; i++) {
      // Every tenth a date of today, so that more than a thousand are in range.
      const t = i % 10 === 0 ? NOW - i : Math.floor(from + ((to - from) * i) / 2000);
      const ok = t * 1000 >= Date.UTC(2000, 0, 1) && t <= NOW + 86400;
      if (ok) inRange++;
      const r = await post(port, { fields: idle(t), dsid: randomUUID() });
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      if (r.status === 429) expect(Number(r.retryAfter)).toBeGreaterThan(0);
    }
    expect(statuses.get(400)).toBe(2000 - inRange);
    expect(statuses.get(200)).toBe(Math.min(inRange, 1000));
    expect(statuses.get(429) ?? 0).toBe(Math.max(0, inRange - 1000));
    expect(readdirSync(dir).filter((d) => /^[0-9a-f-]{36}$/.test(d))).toHaveLength(Math.min(inRange, 1000));
  });

  test('day files a token may create a minute are bounded: 429 with Retry-After beyond', async () => {
    const { port } = await start(tmp(), { limits: { sourcesPerMinute: 1000, filesPerMinute: 3 } });
    const days = [0, 1, 2, 3, 4].map((d) => NOW - d * 86400);
    const answers = [];
    for (const t of days) answers.push(await post(port, { fields: idle(t) }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429]);
    expect(answers[3].text).toBe('this token created 3 day files in the last minute');
    // A file that exists takes rows beyond the limit.
    expect((await post(port, { fields: idle(NOW - 1) })).status).toBe(200);
  });

  test('files 0640 and directories 0750 by default, another mode when given', async () => {
    const dir = tmp();
    const first = await start(dir);
    await post(first.port, { fields: idle(NOW), row: 1 });
    expect(statSync(`${dir}/${DSID}`).mode & 0o777).toBe(0o750);
    expect(statSync(`${dir}/${DSID}/cpurec-${DAY}.csv`).mode & 0o777).toBe(0o640);
    const other = tmp();
    const second = await start(other, { fileMode: 0o600 });
    await post(second.port, { fields: idle(NOW), row: 1 });
    expect(statSync(`${other}/${DSID}`).mode & 0o777).toBe(0o700);
    expect(statSync(`${other}/${DSID}/cpurec-${DAY}.csv`).mode & 0o777).toBe(0o600);
  });

  test('sources.csv: each data source with its host name, OS, subscription, recorders, first and last row, agents and layouts', async () => {
    const dir = tmp();
    const { collector, port } = await start(dir);
    const hdw = loadLmo('hdwrec').fields.map((f) => (f.name === 'timestamp' ? String(NOW) : f.name === 'hostname' ? 'db-7' : f.type === 'string' ? 'x' : '1'));
    await post(port, { fields: idle(NOW - 60), row: 1 });
    await post(port, { fields: hdw, recorder: 'hdwrec', row: 1 });
    await collector.close();
    const [head, ...rows] = readFileSync(`${dir}/sources.csv`, 'utf8').trimEnd().split('\n').map((l) => splitCsvLine(l, ','));
    expect(head).toEqual(['dsid', 'host', 'os', 'subscription', 'recorders', 'first', 'last', 'agents', 'layouts', 'quarantined']);
    expect(rows).toEqual([[DSID, 'db-7', 'linux', 'sid-a', 'cpurec hdwrec',
      new Date((NOW - 60) * 1000).toISOString().replace(/\.\d+Z$/, 'Z'), new Date(NOW * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
      'sdr/0.1.0', 'cpurec:sdr hdwrec:sdr', '0']]);
  });
});
