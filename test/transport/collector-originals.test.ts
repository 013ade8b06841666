// sdr collect receiving from the original Kronometrix agents, side by side with sdr: rows of every
// original layout (test/fixtures/originals/rows.txt) posted as the original sender posts them
// (HTTP/1.1, Connection: close, its User-Agent, one row a request, no trailing newline, the
// devid where its msgid pattern puts one), each stored as sent in its own layout's file; an sdr
// sender and an original one writing one recorder of one data source never share a file; a row
// no layout takes kept in quarantine, answered 200, and said. And an earlier sdr's rows, of fewer
// fields (the first of today's), kept at their places under their own header.
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { createCollector, SEND_DATA_PATH, type Collector, type CollectorOptions } from '../../src/transport/collector.js';
import { tokenTable } from '../../src/transport/tokens.js';
import { buildBody, hasDevid, sha256hex } from '../../src/transport/wire.js';
import { dsidOf, machineIdAsUuid } from '../../src/transport/identity.js';
import { loadLmo } from '../../src/core/lmo.js';
import { colonLine } from '../../src/output/colon.js';
import { layoutHeader } from '../../src/output/originals/index.js';
import { splitCsvLine } from '../../src/transport/raw-reader.js';
import { originalRows } from '../helpers.js';

const TOKEN = 'kx-token-5e1f0c';
const SID = 'kx-sid-1';
const HOST = machineIdAsUuid('3d1219c7c4c5404aaa1f6d2a48adfda4')!;
/** The data source id the original sender makes of the machine id and the subscription. */
const DSID = dsidOf(HOST, SID);
const ROWS = originalRows();
/** What the original sender puts in its User-Agent header: the words "User-Agent: " included. */
const KDR = (os: string) => `User-Agent: kdr/1.8.x sender ${os}`;
const tmp = () => mkdtempSync(`${tmpdir()}/sdr-originals-`);
const utcDay = (seconds: string) => new Date(Number(seconds) * 1000).toISOString().slice(0, 10);

/**
 * A body as the 1.4 sender builds it: the devid "system" for whole-system recorders, but not for a
 * msgid its per-device pattern takes (cpurec, diskrec, nicrec, and any msgid holding an "a").
 */
function kdrBody(msgid: string, row: string, dsid = DSID): string {
  const perDevice = /cpurec|diskrec|nicrec|a/.test(msgid);
  const text = `${msgid}:${SID}:${dsid}${perDevice ? '' : ':system'}:${row}`;
  return `${text}:${sha256hex(text)}`;
}

/** One request as the original sender makes it, on a connection of its own; the status and the answer. */
function postRaw(port: number, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      const m = /^HTTP\/1\.1 (\d{3}) [^]*?\r\n\r\n([^]*)$/.exec(answer);
      if (m === null) reject(new Error(`no answer: ${answer}`));
      else resolve({ status: Number(m[1]), text: m[2].trim() });
    });
    const lines = Object.entries({ Host: `127.0.0.1:${port}`, Connection: 'close', ...headers, 'Content-Length': String(Buffer.byteLength(body)), 'Content-Type': 'text/plain' })
      .map(([k, v]) => `${k}: ${v}\r\n`).join('');
    socket.write(`POST ${SEND_DATA_PATH} HTTP/1.1\r\n${lines}\r\n${body}`);
  });
}

const kdrPost = (port: number, body: string, os = 'linux', token = TOKEN) => postRaw(port, body, { 'User-Agent': KDR(os), Token: token });

/** A row as sdr's sender posts it: its User-Agent and the row's place. */
function sdrPost(port: number, recorder: string, fields: string[], file: string, row: number) {
  const body = buildBody({ msgid: `linux-${recorder}`, sid: SID, dsid: DSID, devid: hasDevid(recorder) ? 'system' : undefined, fields });
  return postRaw(port, body, { 'User-Agent': 'sdr/0.1.0', Token: TOKEN, 'X-Sdr-File': file, 'X-Sdr-Row': String(row) });
}

const running: Collector[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.close()));
});

async function start(dir: string, over: Partial<CollectorOptions> = {}) {
  const logged: string[] = [];
  const collector = createCollector({ dataDir: dir, tokens: tokenTable(new Map([[TOKEN, [SID]]])), fsync: 'always', log: (l) => logged.push(l), ...over });
  running.push(collector);
  const { port } = await collector.listen('127.0.0.1', 0);
  return { collector, port, logged };
}

const read = (dir: string, file: string) => readFileSync(`${dir}/${DSID}/${file}`, 'utf8');

describe('every original layout, as the original sender sends it', () => {
  // Each layout under the msgids it came under: cpd (no prefix), another domain's prefix, and the
  // SDR era's cpd- prefix.
  const cases = [...ROWS].flatMap(([layout, row]) => {
    const [recorder, os] = layout.split('-');
    return [`${os}-${recorder}`, `dpd-${os}-${recorder}`, `cpd-${os}-${recorder}`].map((msgid) => [msgid, layout, row] as const);
  });

  test.each(cases)('%s (%s): stored as sent in its layout\'s file, under its header, once', async (msgid, layout, row) => {
    const dir = tmp();
    const { port, logged } = await start(dir);
    const [recorder, os] = layout.split('-');
    const body = kdrBody(msgid, row);
    expect(await kdrPost(port, body, os)).toEqual({ status: 200, text: 'stored' });
    expect(await kdrPost(port, body, os)).toEqual({ status: 200, text: 'already stored' });
    const file = `${recorder}-${os}-${utcDay(row.split(':')[0])}.csv`;
    expect(readdirSync(`${dir}/${DSID}`)).toEqual([file]);
    expect(read(dir, file)).toBe(`${layoutHeader(recorder, os as 'linux')}${row}\n`);
    expect(logged).toEqual([]);
  });

  test('the SDR-era sender, whose body has no hash: cpd-solaris-sysrec stored as sent', async () => {
    const dir = tmp();
    const { port } = await start(dir);
    const row = ROWS.get('sysrec-solaris')!;
    expect(await postRaw(port, `cpd-solaris-sysrec:${SID}:${DSID}:${row}`, { Token: TOKEN })).toEqual({ status: 200, text: 'stored' });
    expect(read(dir, `sysrec-solaris-${utcDay(row.split(':')[0])}.csv`)).toBe(`${layoutHeader('sysrec', 'solaris')}${row}\n`);
  });

  test('a User-Agent without the words "User-Agent: " is an original sender too', async () => {
    const dir = tmp();
    const { port } = await start(dir);
    const row = ROWS.get('hdwrec-linux')!;
    expect(await postRaw(port, kdrBody('linux-hdwrec', row), { 'User-Agent': 'kdr/1.8.x sender linux', Token: TOKEN })).toEqual({ status: 200, text: 'stored' });
    expect(read(dir, `hdwrec-linux-${utcDay(row.split(':')[0])}.csv`)).toContain('0d 0h 35m 7s');
  });

  test('what is no layout\'s fault is still refused: a wrong hash, a token, a subscription, a dsid that is no UUID', async () => {
    const dir = tmp();
    const { port } = await start(dir);
    const good = kdrBody('linux-sysrec', ROWS.get('sysrec-linux')!);
    expect((await kdrPost(port, `${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}`)).status).toBe(400);
    expect((await kdrPost(port, good, 'linux', 'another-token')).status).toBe(401);
    const otherSid = good.replace(`:${SID}:`, ':sid-b:');
    expect((await kdrPost(port, `${otherSid.slice(0, -65)}:${sha256hex(otherSid.slice(0, -65))}`)).status).toBe(403);
    expect((await kdrPost(port, kdrBody('linux-sysrec', ROWS.get('sysrec-linux')!, 'not-a-uuid'))).status).toBe(400);
    expect(existsSync(`${dir}/${DSID}`)).toBe(false);
  });
});

describe('side by side: one data source, an sdr host and an original host', () => {
  const NOW = Math.floor(Date.now() / 1000);
  const DAY = utcDay(String(NOW));

  test('cpurec and hdwrec, of the same field count in both layouts, never share a file; sdr\'s places stay its own', async () => {
    const dir = tmp();
    const { port, collector } = await start(dir);
    // The earlier sdr's cpurec has the original's 11 fields; today's has more, appended.
    const earlier = loadLmo('cpurec').earlierFieldCounts![0];
    const sdrCpu = (t: number) => [String(t), 'cpu0', ...Array(earlier - 3).fill('0.00'), '0.00'];
    const originalCpu = (t: number) => ROWS.get('cpurec-linux')!.replace(/^\d+/, String(t));
    expect(originalCpu(NOW).split(':')).toHaveLength(sdrCpu(NOW).length);
    expect(await sdrPost(port, 'cpurec', sdrCpu(NOW - 2), `cpurec-${DAY}.csv`, 1)).toEqual({ status: 200, text: 'stored' });
    // The original agent's rows come between sdr's first and second: they must not take its places.
    for (const t of [NOW - 2, NOW - 1]) expect((await kdrPost(port, kdrBody('linux-cpurec', originalCpu(t)))).text).toBe('stored');
    expect(await sdrPost(port, 'cpurec', sdrCpu(NOW - 1), `cpurec-${DAY}.csv`, 2)).toEqual({ status: 200, text: 'stored' });
    const sdrHdw = loadLmo('hdwrec').fields.map((f) => (f.name === 'timestamp' ? String(NOW) : f.name === 'uptime' ? '2107' : f.name === 'hostname' ? 'web01' : 'x'));
    expect(await sdrPost(port, 'hdwrec', sdrHdw, `hdwrec-${DAY}.csv`, 1)).toEqual({ status: 200, text: 'stored' });
    const originalHdw = ROWS.get('hdwrec-linux')!.replace(/^\d+/, String(NOW));
    expect((await kdrPost(port, kdrBody('linux-hdwrec', originalHdw))).text).toBe('stored');
    await collector.close();

    const csv = (fields: string[]) => `${fields.join(',')}\n`;
    const header = (r: string, n?: number) => `${loadLmo(r).fields.slice(0, n).map((f) => f.name).join(',')}\n`;
    expect(read(dir, `cpurec-${DAY}.csv`)).toBe(header('cpurec', earlier) + csv(sdrCpu(NOW - 2)) + csv(sdrCpu(NOW - 1)));
    expect(read(dir, `cpurec-linux-${DAY}.csv`)).toBe(layoutHeader('cpurec', 'linux') + `${originalCpu(NOW - 2)}\n${originalCpu(NOW - 1)}\n`);
    expect(read(dir, `hdwrec-${DAY}.csv`)).toBe(header('hdwrec') + csv(sdrHdw));
    expect(read(dir, `hdwrec-linux-${DAY}.csv`)).toBe(layoutHeader('hdwrec', 'linux') + `${originalHdw}\n`);

    // sources.csv: one data source, both agents, each layout.
    const [head, ...rows] = readFileSync(`${dir}/sources.csv`, 'utf8').trimEnd().split('\n').map((l) => splitCsvLine(l, ','));
    const source = Object.fromEntries(head.map((h, i) => [h, rows[0][i]]));
    expect(rows).toHaveLength(1);
    expect(source).toMatchObject({
      dsid: DSID, host: 'web01', os: 'linux', subscription: SID, recorders: 'cpurec hdwrec',
      agents: 'kdr/1.8.x sender linux; sdr/0.1.0', layouts: 'cpurec:linux cpurec:sdr hdwrec:linux hdwrec:sdr', quarantined: '0',
    });
  });

  test("an sdr recorder's colon output shipped by the original sender: sdr's layout, in a file of its own, as sent", async () => {
    const dir = tmp();
    const { port } = await start(dir);
    const lmo = loadLmo('sysrec');
    const fields = lmo.fields.map((f, i) => (i === 0 ? String(NOW) : f.type === 'int' ? '7' : '1.50'));
    const row = colonLine(fields).trimEnd();
    // Today's field count: not the original's 46.
    expect(row.split(':')).toHaveLength(lmo.fields.length);
    expect((await kdrPost(port, kdrBody('linux-sysrec', row))).text).toBe('stored');
    // A hdwrec row whose ips hold IPv6 colons (%3A in the colon format) and whose model holds blanks.
    const hdw = loadLmo('hdwrec').fields.map((f) => (f.name === 'timestamp' ? String(NOW) : f.name === 'ips' ? 'eth0_2001:db8::7' : f.name === 'model' ? 'Intel(R) Xeon(R) Processor' : '1'));
    const hdwRow = colonLine(hdw).trimEnd();
    expect(hdwRow.split(':')).toHaveLength(hdw.length);
    expect((await kdrPost(port, kdrBody('linux-hdwrec', hdwRow))).text).toBe('stored');
    expect(readdirSync(`${dir}/${DSID}`).sort()).toEqual([`hdwrec-linux-${DAY}.csv`, `sysrec-sdr-${DAY}.csv`]);
    expect(read(dir, `sysrec-sdr-${DAY}.csv`)).toBe(`${lmo.fields.map((f) => f.name).join(':')}\n${row}\n`);
    // hdwrec has 20 fields in both layouts: the original's it is taken for, as a row of the original would be.
    expect(read(dir, `hdwrec-linux-${DAY}.csv`)).toContain('eth0_2001%3Adb8%3A%3A7:1');
  });
});

describe('quarantine', () => {
  const NOW = Math.floor(Date.now() / 1000);
  const sysrec = ROWS.get('sysrec-linux')!.replace(/^\d+/, String(NOW));

  test('rows of no known layout are kept with the reason, answered 200, counted, and said at once then once a minute', async () => {
    const dir = tmp();
    const { port, logged, collector } = await start(dir, { quarantineReportMs: 300 });
    const rows: [string, string, RegExp][] = [
      ['linux-sysrec', `${sysrec}:0.00`, new RegExp(`a linux sysrec row of 47 fields: the original's has 46 and sdr's ${loadLmo('sysrec').fields.length}`)],
      ['linux-procrec', `${NOW}:init:1`, /no layout of procrec is known/],
      ['solaris-diskrec', `${NOW}:sd0:1`, new RegExp(`a solaris diskrec row of 3 fields: the original had no diskrec on solaris and sdr's ${loadLmo('diskrec').fields.length}`)],
      ['aq_wxt520', `${NOW}:1`, /not \[<domain>-\]<os>-<recorder>/],
      ['linux-sysrec', sysrec.replace(/^\d+/, 'yesterday'), /the timestamp 'yesterday' is not a number of seconds/],
      ['linux-sysrec', sysrec.replace(/^\d+/, '86400'), /the row is dated 1970-01-02: before 2000-01-01/],
    ];
    for (const [msgid, row, reason] of rows) {
      const answer = await kdrPost(port, kdrBody(msgid, row));
      expect(answer.status).toBe(200);
      expect(answer.text).toMatch(/^kept in quarantine: /);
      expect(answer.text).toMatch(reason);
    }
    const path = `${dir}/${DSID}/quarantine-${utcDay(String(NOW))}.csv`;
    const kept = readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => splitCsvLine(l, ','));
    expect(kept[0]).toEqual(['received', 'agent', 'msgid', 'devid', 'reason', 'row']);
    expect(kept.slice(1).map((k) => [k[1], k[2], k[5]])).toEqual(rows.map(([msgid, row]) => ['kdr/1.8.x sender linux', msgid, row]));
    kept.slice(1).forEach((k, i) => expect(k[4]).toMatch(rows[i][2]));
    // Nothing before the row needs quotes: cut -d, reads the reasons.
    readFileSync(path, 'utf8').trimEnd().split('\n').slice(1).forEach((l, i) => expect(l.split(',').slice(0, 5)).toEqual(kept[i + 1].slice(0, 5)));
    expect(kept[1][3]).toBe('system');
    // Nothing went to a layout's file or to an sdr file.
    expect(readdirSync(`${dir}/${DSID}`)).toEqual([`quarantine-${utcDay(String(NOW))}.csv`]);
    expect(logged).toEqual([expect.stringMatching(new RegExp(`^kept a row of kdr/1\\.8\\.x sender linux in quarantine, ${path}: a linux sysrec row of 47 fields`))]);
    await new Promise((r) => setTimeout(r, 500));
    expect(logged).toHaveLength(2);
    expect(logged[1]).toMatch(/^kept 5 more rows in quarantine in the last 300 ms, 6 since the start, in the quarantine-YYYY-MM-DD\.csv of their data sources: /);
    expect(logged[1]).toContain('linux-sysrec: timestamp (1)');
    expect(logged[1]).toContain('linux-procrec: unknown recorder (1)');
    await new Promise((r) => setTimeout(r, 400));
    expect(logged).toHaveLength(2); // quiet: nothing more to say
    await collector.close();
    const [head, source] = readFileSync(`${dir}/sources.csv`, 'utf8').trimEnd().split('\n').map((l) => splitCsvLine(l, ','));
    expect(source[head.indexOf('quarantined')]).toBe('6');
    expect(source[head.indexOf('recorders')]).toBe('');
  });
});

describe('an earlier sdr, whose rows have the first fields of today\'s', () => {
  const NOW = Math.floor(Date.now() / 1000);
  const DAY = utcDay(String(NOW));
  const lmo = loadLmo('sysrec');
  const earlier = lmo.earlierFieldCounts![0];
  const row = (n: number, t = NOW) => lmo.fields.slice(0, n).map((f, i) => (i === 0 ? String(t) : f.type === 'int' ? '3' : '1.25'));
  const header = (n: number) => `${lmo.fields.slice(0, n).map((f) => f.name).join(',')}\n`;

  test('its rows are stored at their places under its header; a file of one layout takes no row of another', async () => {
    const dir = tmp();
    const { port } = await start(dir);
    // An sdr upgraded during the day: the older rows in the day's first file, today's in its next part.
    expect(await sdrPost(port, 'sysrec', row(earlier, NOW - 2), `sysrec-${DAY}.csv`, 1)).toEqual({ status: 200, text: 'stored' });
    expect(await sdrPost(port, 'sysrec', row(lmo.fields.length, NOW - 1), `sysrec-${DAY}.1.csv`, 1)).toEqual({ status: 200, text: 'stored' });
    expect(read(dir, `sysrec-${DAY}.csv`)).toBe(header(earlier) + `${row(earlier, NOW - 2).join(',')}\n`);
    expect(read(dir, `sysrec-${DAY}.1.csv`)).toBe(header(lmo.fields.length) + `${row(lmo.fields.length, NOW - 1).join(',')}\n`);
    // A row of today's layout for the file of the earlier one, from a sender that has it wrong.
    const wrong = await sdrPost(port, 'sysrec', row(lmo.fields.length, NOW), `sysrec-${DAY}.csv`, 2);
    expect(wrong.status).toBe(409);
    expect(wrong.text).toContain('holds rows of another layout');
    expect(read(dir, `sysrec-${DAY}.csv`)).toBe(header(earlier) + `${row(earlier, NOW - 2).join(',')}\n`);
  });

  test('a row of no sdr\'s field count is refused naming the counts; an earlier row with no place is refused, saying why', async () => {
    const dir = tmp();
    const { port } = await start(dir);
    const odd = await sdrPost(port, 'sysrec', row(earlier + 1), `sysrec-${DAY}.csv`, 1);
    expect(odd).toEqual({ status: 400, text: `a sysrec row has ${lmo.fields.length} fields (${earlier} from an earlier sdr), not ${earlier + 1}` });
    const body = buildBody({ msgid: 'linux-sysrec', sid: SID, dsid: DSID, devid: 'system', fields: row(earlier) });
    const placeless = await postRaw(port, body, { 'User-Agent': 'sdr/0.1.0', Token: TOKEN });
    expect(placeless.status).toBe(400);
    expect(placeless.text).toMatch(/of \d+ fields \(an earlier sdr's\) needs its place/);
    expect(existsSync(`${dir}/${DSID}`)).toBe(false);
  });
});
