import { buildBody, parseBody, recorderOf, hasDevid, WireError, sha256hex } from '../../src/transport/wire.js';
import { uuidv5, machineIdAsUuid, dsidOf, hostUuidOf, readHostId } from '../../src/transport/identity.js';
import { capture } from '../helpers.js';
import { classify, retryAfterMs } from '../../src/transport/http-client.js';
import { backoffMs } from '../../src/transport/feed.js';
import { splitCsvLine, delimiterOf } from '../../src/transport/raw-reader.js';

test('form B for whole-system recorders, form A for per-device ones; the hash covers the rest', () => {
  const sys = buildBody({ msgid: 'linux-sysrec', sid: 'SID', dsid: 'D', devid: 'system', fields: ['1646484612', '0.00'] });
  expect(sys).toBe(`linux-sysrec:SID:D:system:1646484612:0.00:${sha256hex('linux-sysrec:SID:D:system:1646484612:0.00')}`);
  const cpu = buildBody({ msgid: 'dpd-linux-cpurec', sid: 'SID', dsid: 'D', fields: ['1646484612', 'cpu3', '1.00'] });
  expect(cpu.startsWith('dpd-linux-cpurec:SID:D:1646484612:cpu3:1.00:')).toBe(true);
  expect(hasDevid('sysrec') && hasDevid('hdwrec') && hasDevid('xenrec')).toBe(true);
  expect(hasDevid('cpurec') || hasDevid('diskrec') || hasDevid('nicrec')).toBe(false);
  expect(recorderOf('dpd-linux-cpurec')).toBe('cpurec');
});

test('fields holding colons (IPv6) survive the round trip', () => {
  const fields = ['1', 'eth0_2001:db8::7 eth0_10.0.0.1', '50%:x'];
  const body = buildBody({ msgid: 'linux-hdwrec', sid: 'S', dsid: 'D', devid: 'system', fields });
  expect(parseBody(body)).toEqual({ msgid: 'linux-hdwrec', sid: 'S', dsid: 'D', devid: 'system', fields });
});

test('parseBody names what is wrong', () => {
  const good = buildBody({ msgid: 'linux-cpurec', sid: 'S', dsid: 'D', fields: ['1', 'cpu0', '2'] });
  expect(() => parseBody(good.slice(0, -1) + (good.endsWith('0') ? '1' : '0'))).toThrow(new WireError('sha256 does not match the message'));
  expect(() => parseBody('garbage')).toThrow(WireError);
  expect(() => parseBody(`a:b:c:d:e:${'x'.repeat(64)}`)).toThrow('the last field is not a sha256 in lowercase hex');
});

test('dsid: UUIDv5 of host id and sid in the NIL namespace', () => {
  // RFC 4122 v5 of the empty-name under the NIL namespace, a fixed point any implementation agrees on.
  expect(uuidv5('')).toBe('e129f27c-5103-5c5c-844b-cdf0a15e160d');
  const host = machineIdAsUuid('3d1219c7c4c5404aaa1f6d2a48adfda4\n')!;
  expect(host).toBe('3d1219c7-c4c5-404a-aa1f-6d2a48adfda4');
  expect(dsidOf(host, 'SID')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(dsidOf(host, 'SID')).toBe(dsidOf(host, 'SID'));
  expect(machineIdAsUuid('not an id')).toBeUndefined();
});

test("FreeBSD's host id: kern.hostuuid as the kernel gives it, from sysctl -n or a sysctl -a line", () => {
  const all = capture('freebsd/sysctl/freebsd121-1cpu-sysctl-a-full.txt');
  // The sysctl -a capture also holds security.jail.param.host.hostuuid: 64, a length, not the id.
  expect(hostUuidOf(all)).toBe('a2d24d56-1cb8-623d-9c1f-7320d01a4e3b');
  expect(hostUuidOf('a2d24d56-1cb8-623d-9c1f-7320d01a4e3b\n')).toBe('a2d24d56-1cb8-623d-9c1f-7320d01a4e3b');
  expect(hostUuidOf('a2d24d56-1cb8-623d-9c1f-7320d01a4e3b\0')).toBe('a2d24d56-1cb8-623d-9c1f-7320d01a4e3b');
  // A kernel given no id says zeros: /etc/hostid stands for it then.
  expect(hostUuidOf('00000000-0000-0000-0000-000000000000\n')).toBeUndefined();
  expect(hostUuidOf('')).toBeUndefined();
  // Other lines of hex before it are not taken for it.
  expect(hostUuidOf(`ff\nkern.msgbuf: 0a1b\n${all}`)).toBe('a2d24d56-1cb8-623d-9c1f-7320d01a4e3b');
  // Elsewhere the machine id files, and a fault that names them.
  expect(() => readHostId(['/nonexistent/machine-id'], 'linux')).toThrow('no machine id in /nonexistent/machine-id: run systemd-machine-id-setup');
});

test('statuses: 2xx delivered; 5xx, 408, 429 retried; 401/403 auth; other 4xx refused for good', () => {
  expect(classify(200, 'ok').kind).toBe('ok');
  expect(classify(503, 'busy', 2000)).toEqual({ kind: 'retry', why: '503 busy', retryAfterMs: 2000 });
  expect(classify(429, 'slow down').kind).toBe('retry');
  expect(classify(408, 'timeout').kind).toBe('retry');
  expect(classify(401, 'no').kind).toBe('auth');
  expect(classify(403, 'no').kind).toBe('auth');
  expect(classify(400, 'bad row')).toEqual({ kind: 'reject', status: 400, why: 'bad row' });
  expect(retryAfterMs('7')).toBe(7000);
  expect(retryAfterMs(new Date(61_000).toUTCString(), 1000)).toBe(60_000);
  expect(retryAfterMs('soon')).toBeUndefined();
});

test('backoff doubles with jitter and stops growing at 60 s', () => {
  expect(backoffMs(0, 0)).toBe(125);
  expect(backoffMs(0, 1)).toBe(250);
  expect(backoffMs(3, 0.5)).toBe(1500);
  expect(backoffMs(20, 1)).toBe(60_000);
  expect(backoffMs(20, 0)).toBe(30_000);
});

test('raw lines split as RFC 4180 quotes them; the delimiter comes from the header', () => {
  expect(splitCsvLine('1,"ACME CPU, rev 2 ""fast""",,x', ',')).toEqual(['1', 'ACME CPU, rev 2 "fast"', '', 'x']);
  expect(splitCsvLine('1:a:', ':')).toEqual(['1', 'a', '']);
  expect(delimiterOf('timestamp:cpupct')).toBe(':');
  expect(delimiterOf('timestamp,cpupct')).toBe(',');
});
