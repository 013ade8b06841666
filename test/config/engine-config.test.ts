// The engine platforms' keys: the type chooses them, each fault is one line naming the file, the
// JSON path and what is wrong, and credentials become headers without ever being told.
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import { loadConfig } from '../../src/config/config.js';
import { sdr } from '../cli/sdr.js';

const dir = mkdtempSync(`${tmpdir()}/sdr-engine-config-`);
const SECRET = 'pw-5f1c-never-shown';
let n = 0;

function file(doc: unknown, mode = 0o600): string {
  const path = `${dir}/c${n++}.json`;
  writeFileSync(path, JSON.stringify(doc));
  chmodSync(path, mode);
  return path;
}

const influx = (extra: Record<string, unknown> = {}) => ({ name: 'tsdb', type: 'influx', url: 'http://127.0.0.1:8086', database: 'sdr', ...extra });
const rw = (extra: Record<string, unknown> = {}) => ({ name: 'prom', type: 'remote-write', url: 'http://127.0.0.1:9090/api/v1/write', ...extra });

function fault(doc: unknown, env: NodeJS.ProcessEnv = {}, mode = 0o600): string {
  const path = file(doc, mode);
  try {
    loadConfig(path, env, { requirePlatforms: false });
  } catch (err) {
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    expect(message).not.toContain(SECRET);
    return message.startsWith(`${path}: `) ? message.slice(path.length + 2) : `(no file name) ${message}`;
  }
  return '(accepted)';
}

const at = (p: unknown) => ({ logDir: dir, platforms: [p] });

describe('one-line faults', () => {
  test.each([
    [influx({ type: 'influxdb' }), `$.platforms[0].type: 'influxdb' is not one of "kronometrix", "influx", "remote-write": did you mean 'influx'?`],
    [influx({ database: undefined }), '$.platforms[0].database: is required by api v1: the database the rows go to'],
    [influx({ api: 'v2', database: undefined, bucket: 'b' }), '$.platforms[0].org: is required by api v2: the org the rows go to'],
    [influx({ api: 'v2', database: undefined, org: 'o' }), '$.platforms[0].bucket: is required by api v2: the bucket the rows go to'],
    [influx({ api: 'v2', org: 'o', bucket: 'b' }), "$.platforms[0].database: is a key of api v1, and this platform's api is v2"],
    [influx({ org: 'o' }), "$.platforms[0].org: is a key of api v2, and this platform's api is v1 (the default)"],
    [influx({ api: 'v3' }), `$.platforms[0].api: 'v3' is not one of "v1", "v2": did you mean 'v1'?`],
    [influx({ url: 'victoria:8428' }), "$.platforms[0].url: 'victoria:8428' must be an http or https URL"],
    [influx({ url: '127.0.0.1:8428' }), "$.platforms[0].url: '127.0.0.1:8428' is not a URL: it must be http(s)://host[:port][/path] URL"],
    [influx({ url: 'http://h:8086/?db=x' }), "$.platforms[0].url: 'http://h:8086/?db=x' must not hold a query: sdr adds the write path and its query"],
    [influx({ url: `http://u:${SECRET}@h:8086` }), '$.platforms[0].url: must not hold a user or password: they go in username and password, passwordFile or passwordEnv'],
    [rw({ url: 'http://127.0.0.1:9090' }), "$.platforms[0].url: 'http://127.0.0.1:9090' must name the receiver's write path, as http://host:9090/api/v1/write (Prometheus, VictoriaMetrics) or /api/v1/push (Mimir, Cortex)"],
    [influx({ subscription: 'S' }), '$.platforms[0].subscription: is a key of "kronometrix" platforms, not of "influx" ones (type "influx")'],
    [rw({ database: 'x' }), '$.platforms[0].database: is a key of "influx" platforms, not of "remote-write" ones (type "remote-write")'],
    [{ name: 'c', url: 'http://h', subscription: 'S', token: 't', tags: {} }, '$.platforms[0].tags: is a key of "influx" and "remote-write" platforms, not of "kronometrix" ones (type "kronometrix", the default)'],
    [rw({ databse: 'x' }), '$.platforms[0].databse: unknown key (known here: name, type, url, token, tokenFile, tokenEnv, username, password, passwordFile, passwordEnv, headers, host, tags, recorders, caFile, insecure)'],
    [rw({ token: SECRET, username: 'u', password: SECRET }), '$.platforms[0]: takes a token or a username and password, not both'],
    [rw({ username: 'u' }), '$.platforms[0].username: needs one of password, passwordFile and passwordEnv'],
    [rw({ password: SECRET }), '$.platforms[0]: has a password without a username'],
    [rw({ username: 'u', password: SECRET, passwordEnv: 'P' }), '$.platforms[0]: needs at most one of password, passwordFile and passwordEnv, not password and passwordEnv'],
    [rw({ username: 'u', passwordEnv: 'SDR_NO_SUCH_VAR' }), '$.platforms[0].passwordEnv: environment variable SDR_NO_SUCH_VAR is not set'],
    [rw({ headers: { 'Content-Type': 'x' } }), '$.platforms[0].headers.Content-Type: is a header sdr sets itself'],
    [rw({ headers: { 'X A': 'x' } }), '$.platforms[0].headers.X A: is not an HTTP header name'],
    [rw({ headers: { 'X-Api-Key': `${SECRET}\n` } }), '$.platforms[0].headers.X-Api-Key: must be printable ASCII on one line, not empty'],
    [rw({ headers: { Authorization: SECRET }, token: SECRET }), '$.platforms[0].headers.Authorization: would replace the authorization of the token or the username and password'],
    [rw({ headers: { Authorization: { file: 'x', env: 'Y' } } }), '$.platforms[0].headers.Authorization: needs one of file and env'],
    [rw({ tags: { host: 'x' } }), '$.platforms[0].tags.host: is set by the key host'],
    [rw({ tags: { cpuid: 'x' } }), "$.platforms[0].tags.cpuid: is a label of sdr's own (a string field of the LMO)"],
    [rw({ tags: { __name__: 'x' } }), '$.platforms[0].tags.__name__: must be a name of letters, digits and _, not beginning with a digit or __'],
    [rw({ tags: { dc: '' } }), '$.platforms[0].tags.dc: must be a non-empty string on one line'],
  ])('%j', (p, expected) => {
    expect(fault(at(p), { P: SECRET })).toBe(expected);
  });

  test.each([
    ['localhost', "$.metrics.listen: 'localhost' is not an address: it must be host:port, as 127.0.0.1:9464 or [::1]:9464"],
    ['127.0.0.1:99999', "$.metrics.listen: '127.0.0.1:99999' is not an address: it must be host:port, as 127.0.0.1:9464 or [::1]:9464"],
    ['1.2.3.999:80', "$.metrics.listen: '1.2.3.999:80' is not an address: it must be host:port, as 127.0.0.1:9464 or [::1]:9464"],
    ['[::g]:80', "$.metrics.listen: '[::g]:80' is not an address: it must be host:port, as 127.0.0.1:9464 or [::1]:9464"],
  ])('metrics.listen %s', (listen, expected) => {
    expect(fault({ logDir: dir, metrics: { listen } })).toBe(expected);
  });

  test('a password or credential header in the config needs mode 600; a tenant header does not', () => {
    expect(fault(at(rw({ username: 'u', password: SECRET })), {}, 0o644)).toMatch(/holds a password and is readable by group or others \(mode 644\): chmod 600 /);
    expect(fault(at(rw({ headers: { 'X-Api-Key': SECRET } })), {}, 0o644)).toMatch(/holds a credential header and is readable by group or others/);
    expect(fault(at(rw({ headers: { 'X-Scope-OrgID': 'acme' } })), {}, 0o644)).toBe('(accepted)');
  });
});

test('credentials become headers, tags are host first then sorted; --check tells only where secrets come from', () => {
  writeFileSync(`${dir}/pw`, `${SECRET}\n`);
  chmodSync(`${dir}/pw`, 0o600);
  const doc = {
    logDir: dir, metrics: { listen: '[::1]:0' },
    platforms: [
      influx({ api: 'v2', database: undefined, org: 'acme', bucket: 'sdr', tokenEnv: 'SDR_T', tags: { zone: 'b', dc: 'eu1' } }),
      rw({ name: 'mimir', username: 'bob', passwordFile: `${dir}/pw`, headers: { 'X-Scope-OrgID': 'acme', 'X-Api-Key': { env: 'SDR_K' } }, host: 'web1' }),
    ],
  };
  const path = file(doc);
  const c = loadConfig(path, { SDR_T: SECRET, SDR_K: SECRET });
  const [a, b] = c.platforms;
  expect(a).toMatchObject({ type: 'influx', influx: { api: 'v2', org: 'acme', bucket: 'sdr' }, headers: { authorization: `Token ${SECRET}` },
    tags: [['host', hostname()], ['dc', 'eu1'], ['zone', 'b']] });
  expect(b).toMatchObject({ type: 'remote-write', url: 'http://127.0.0.1:9090/api/v1/write', tags: [['host', 'web1']],
    headers: { authorization: `Basic ${Buffer.from(`bob:${SECRET}`).toString('base64')}`, 'x-scope-orgid': 'acme', 'x-api-key': SECRET } });
  expect(c.metrics).toEqual({ host: '::1', port: 0 });
  const check = sdr(['send', '--config', path, '--check'], { SDR_T: SECRET, SDR_K: SECRET });
  expect(check.status).toBe(0);
  expect(check.stdout).not.toContain(SECRET);
  expect(check.stdout).not.toContain(Buffer.from(`bob:${SECRET}`).toString('base64'));
  expect(check.stdout).toContain('tsdb: influx v2, org acme, bucket sdr to http://127.0.0.1:8086, token from environment variable SDR_T, tags host=');
  expect(check.stdout).toContain(`mimir: remote write to http://127.0.0.1:9090/api/v1/write, user bob, password from passwordFile ${dir}/pw, header X-Scope-OrgID in the config file, header X-Api-Key from environment variable SDR_K, tags host=web1`);
});
