// The strict config: every fault a user has made is refused in one line naming the file, the JSON
// path and what is wrong, with the closest known key where one is near; a token is never quoted.
import { mkdtempSync, writeFileSync, chmodSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadConfig } from '../../src/config/config.js';
import { recorderSettingsOf, RECORDER_SECTIONS } from '../../src/config/recorder-settings.js';
import { RECORDERS } from '../../src/recorders/index.js';
import { longOptionName, optionDefaults } from '../../src/recorders/recorder.js';
import { closestName } from '../../src/core/did-you-mean.js';
import { sdr } from '../cli/sdr.js';

const dir = mkdtempSync(`${tmpdir()}/sdr-config-`);
const TOKEN = 'tok-2b9e-never-shown';
let n = 0;

/** A config file of this document, mode 600; returns its path. */
function file(doc: unknown): string {
  const path = `${dir}/c${n++}.json`;
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  chmodSync(path, 0o600);
  return path;
}

const platform = (extra: Record<string, unknown> = {}) => ({ name: 'central', url: 'http://127.0.0.1:9', subscription: 'SID1', token: TOKEN, ...extra });
const good = (extra: Record<string, unknown> = {}) => ({ logDir: `${dir}/log`, platforms: [platform()], ...extra });

/** The one-line fault loadConfig reports for this document, without the file's name. */
function fault(doc: unknown, env: NodeJS.ProcessEnv = {}, requirePlatforms = true): string {
  const path = file(doc);
  try {
    loadConfig(path, env, { requirePlatforms });
  } catch (err) {
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    expect(message).not.toContain(TOKEN);
    return message.startsWith(`${path}: `) ? message.slice(path.length + 2) : `(no file name) ${message}`;
  }
  return '(accepted)';
}

describe('unknown keys are refused, with the closest known key', () => {
  test.each([
    [{ ...good(), retentiondays: 3 }, "$.retentiondays: unknown key: did you mean 'retentionDays'?"],
    [{ ...good(), compressAfterDay: 3 }, "$.compressAfterDay: unknown key: did you mean 'compressAfterDays'?"],
    [{ ...good(), recorder: ['sysrec'] }, "$.recorder: unknown key: did you mean 'recorders'?"],
    [{ logDir: dir, platfroms: [platform()] }, "$.platfroms: unknown key: did you mean 'platforms'?"],
    [good({ platforms: [platform({ insecur: true })] }), "$.platforms[0].insecur: unknown key: did you mean 'insecure'?"],
    [good({ platforms: [platform({ msgidPrefix: 'dpd-' })] }), '$.platforms[0].msgidPrefix: unknown key (known here: name, type, url, subscription, token, tokenFile, tokenEnv, recorders, caFile, insecure)'],
    [good({ recorders: { sysrec: { interval: 60, intreval: 5 } } }), "$.recorders.sysrec.intreval: unknown key: did you mean 'interval'?"],
    [good({ recorders: { sysrec: { interval: 1, devices: 'sda' } } }), "$.recorders.sysrec.devices: unknown key (known here: interval, enabled)"],
    [good({ recorders: { sysrek: { interval: 60 } } }), "$.recorders.sysrek: not a recorder: did you mean 'sysrec'?"],
    [good({ platforms: [platform({ recorders: ['sysrec', 'dskrec'] })] }), "$.platforms[0].recorders[1]: 'dskrec' is not a recorder: did you mean 'diskrec'?"],
    [{ logDir: dir, nonsense: 1, platforms: [platform()] }, '$.nonsense: unknown key (known here: logDir, recorders, retentionDays, compressAfterDays, platforms, metrics, procfs, sysfs, rootfs)'],
  ])('%j', (doc, expected) => {
    expect(fault(doc)).toBe(expected);
  });
});

describe('null and the wrong type where an object belongs', () => {
  test.each([
    [null, '$: must be an object, not null'],
    [[], '$: must be an object, not a list'],
    [good({ platforms: [null] }), '$.platforms[0]: must be an object like {"name": …, "url": …}, not null'],
    [good({ platforms: ['central'] }), '$.platforms[0]: must be an object like {"name": …, "url": …}, not \'central\''],
    [good({ platforms: null }), '$.platforms: must be a list of objects like {"name": …, "url": …}, not null'],
    [good({ recorders: null }), '$.recorders: must be an object naming recorders, not null'],
    [good({ recorders: { sysrec: null } }), '$.recorders.sysrec: must be an object like {"interval": 60}, not null'],
    [good({ recorders: ['sysrec'] }), '$.recorders: must be an object naming recorders, not a list'],
    [{ logDir: null, platforms: [platform()] }, '$.logDir: must be a path, not null'],
    [{ platforms: [platform()] }, '$.logDir: is required: a path'],
  ])('%j', (doc, expected) => {
    expect(fault(doc)).toBe(expected);
  });
});

describe('URLs, names and ids the wire cannot carry', () => {
  test.each([
    [platform({ url: 'http://user:pw@127.0.0.1:9' }), '$.platforms[0].url: must not hold a user or password: the token goes in token, tokenFile or tokenEnv'],
    [platform({ url: 'http://127.0.0.1:9/?db=x' }), "$.platforms[0].url: 'http://127.0.0.1:9/?db=x' must not hold a query or fragment: rows go to <url>/api/private/send_data"],
    [platform({ url: 'http://127.0.0.1:9/#x' }), "$.platforms[0].url: 'http://127.0.0.1:9/#x' must not hold a query or fragment: rows go to <url>/api/private/send_data"],
    [platform({ url: 'http://127.0.0.1:9/api' }), "$.platforms[0].url: 'http://127.0.0.1:9/api' must be http(s)://host[:port] without a path"],
    [platform({ url: 'ftp://h' }), "$.platforms[0].url: 'ftp://h' must be an http or https URL"],
    [platform({ url: 'collector:8080' }), "$.platforms[0].url: 'collector:8080' must be an http or https URL"],
    [platform({ name: '..' }), "$.platforms[0].name: '..' must start with a letter or digit and hold only letters, digits, '.', '_' and '-', 64 at most (it names the platform's folder of positions)"],
    [platform({ name: 'a/b' }), "$.platforms[0].name: 'a/b' must start with a letter or digit and hold only letters, digits, '.', '_' and '-', 64 at most (it names the platform's folder of positions)"],
    [platform({ subscription: 'a:b' }), "$.platforms[0].subscription: 'a:b' may hold only letters, digits, '.', '_', '~' and '-' (the wire format separates its fields with ':')"],
    [platform({ subscription: 'a b' }), "$.platforms[0].subscription: 'a b' may hold only letters, digits, '.', '_', '~' and '-' (the wire format separates its fields with ':')"],
    [platform({ token: 'abc def' }), '$.platforms[0].token: the value may hold only printable ASCII characters without blanks (it is sent in an HTTP header)'],
    [platform({ token: 'abc\u0007' }), '$.platforms[0].token: the value may hold only printable ASCII characters without blanks (it is sent in an HTTP header)'],
    [platform({ token: 7 }), '$.platforms[0].token: must be a token, not 7'],
    [platform({ tokenEnv: 'SDR_T' }), '$.platforms[0]: needs exactly one of token, tokenFile and tokenEnv, not token and tokenEnv'],
    [{ name: 'x', url: 'http://h', subscription: 'S' }, '$.platforms[0]: needs exactly one of token, tokenFile and tokenEnv'],
    [platform({ recorders: [] }), '$.platforms[0].recorders: must not be empty: a non-empty list of recorder names'],
    [platform({ recorders: ['sysrec', 'sysrec'] }), "$.platforms[0].recorders[1]: 'sysrec' is listed twice"],
    [platform({ insecure: 'yes' }), "$.platforms[0].insecure: must be true or false, not 'yes'"],
  ])('%j', (p, expected) => {
    expect(fault({ logDir: dir, platforms: [p] })).toBe(expected);
  });

  test('a token from a file or the environment is held to the same rule, and never quoted', () => {
    writeFileSync(`${dir}/tok`, `${TOKEN} x\n`);
    chmodSync(`${dir}/tok`, 0o600);
    expect(fault({ logDir: dir, platforms: [platform({ token: undefined, tokenFile: `${dir}/tok` })] }))
      .toBe(`$.platforms[0].tokenFile: the token of tokenFile ${dir}/tok may hold only printable ASCII characters without blanks (it is sent in an HTTP header)`);
    expect(fault({ logDir: dir, platforms: [platform({ token: undefined, tokenEnv: 'SDR_T' })] }, { SDR_T: `${TOKEN}\r\n` }))
      .toBe('$.platforms[0].tokenEnv: the token of environment variable SDR_T may hold only printable ASCII characters without blanks (it is sent in an HTTP header)');
    writeFileSync(`${dir}/tok`, `${TOKEN}\n`);
    expect(loadConfig(file({ logDir: dir, platforms: [platform({ token: undefined, tokenFile: `${dir}/tok` })] })).platforms[0].token).toBe(TOKEN);
  });

  test('two platforms of one name', () => {
    expect(fault({ logDir: dir, platforms: [platform(), platform()] })).toBe("$.platforms[1].name: 'central' names two platforms");
  });
});

describe('intervals and days', () => {
  test.each([
    [{ sysrec: { interval: '60' } }, "$.recorders.sysrec.interval: must be a number of seconds from 0.1 to 31622400, not '60'"],
    [{ sysrec: { interval: 0 } }, '$.recorders.sysrec.interval: must be a number of seconds from 0.1 to 31622400, not 0'],
    [{ sysrec: { interval: -5 } }, '$.recorders.sysrec.interval: must be a number of seconds from 0.1 to 31622400, not -5'],
    [{ sysrec: { interval: 0.05 } }, '$.recorders.sysrec.interval: must be a number of seconds from 0.1 to 31622400, not 0.05'],
    [{ sysrec: { interval: 1e300 } }, '$.recorders.sysrec.interval: must be a number of seconds from 0.1 to 31622400, not 1e+300'],
    [{ xenrec: { interval: 1 } }, '$.recorders.xenrec.interval: must be a number of seconds from 2 to 31622400, not 1'],
    [{ xenrec: { interval: 60, timeout: 0 } }, '$.recorders.xenrec.timeout: must be a number of seconds from 1 to 3600, not 0'],
    [{ sysrec: {} }, '$.recorders.sysrec.interval: is required: a number of seconds from 0.1 to 31622400'],
    [{ nicrec: { interval: 1, enabled: 'no' } }, "$.recorders.nicrec.enabled: must be true or false, not 'no'"],
    [{ diskrec: { interval: 1, devices: [] } }, '$.recorders.diskrec.devices: names no disk'],
    [{ diskrec: { interval: 1, devices: ',' } }, '$.recorders.diskrec.devices: names no disk'],
  ])('recorders %j', (recorders, expected) => {
    expect(fault({ logDir: dir, recorders }, {}, false)).toBe(expected);
  });

  test.each([
    [{ retentionDays: 0 }, '$.retentionDays: must be a whole number of days from 1 to 36500, not 0'],
    [{ retentionDays: 1.5 }, '$.retentionDays: must be a whole number of days from 1 to 36500, not 1.5'],
    [{ compressAfterDays: '2' }, "$.compressAfterDays: must be a whole number of days from 1 to 36500, not '2'"],
  ])('%j', (extra, expected) => {
    expect(fault(good(extra))).toBe(expected);
  });
});

describe('what is accepted', () => {
  test('the example config of etc/ loads, its token file aside', () => {
    const example = JSON.parse(readFileSync(new URL('../../etc/sdr.json.example', import.meta.url), 'utf8'));
    example.platforms[0].tokenFile = `${dir}/tok`;
    const c = loadConfig(file(example));
    expect(c.recorders.map((r) => [r.name, r.intervalSeconds])).toEqual([['sysrec', 60], ['cpurec', 60], ['diskrec', 60], ['nicrec', 60], ['hdwrec', 1800], ['sdrrec', 60]]);
    expect(c.platforms[0]).toMatchObject({ name: 'central', url: 'https://kronometrix.example.net', recorders: ['sysrec', 'cpurec', 'diskrec', 'nicrec', 'hdwrec'] });
  });

  test('device lists as a string or a list; a year-long interval', () => {
    const c = loadConfig(file({ logDir: dir, recorders: { diskrec: { interval: 60, devices: ['sda', 'sdb'] }, nicrec: { interval: 60, interfaces: 'eth0,lo' }, hdwrec: { interval: 31622400 } } }), {}, { requirePlatforms: false });
    expect(c.recorders).toEqual([
      { name: 'diskrec', intervalSeconds: 60, options: { devices: 'sda,sdb' } },
      { name: 'nicrec', intervalSeconds: 60, options: { interfaces: 'eth0,lo' } },
      { name: 'hdwrec', intervalSeconds: 31622400, options: {} },
      { name: 'sdrrec', intervalSeconds: 60, options: {} },
    ]);
  });

  test('without a recorders section: sysrec, cpurec, diskrec, nicrec and sdrrec every 60 s; sdrrec can be turned off', () => {
    expect(recorderSettingsOf(undefined, '$.recorders').map((s) => [s.name, s.intervalSeconds]))
      .toEqual([['sysrec', 60], ['cpurec', 60], ['diskrec', 60], ['nicrec', 60], ['sdrrec', 60]]);
    expect(recorderSettingsOf({ sysrec: { interval: 1 }, sdrrec: { enabled: false } }, '$.r').map((x) => x.name)).toEqual(['sysrec']);
    expect(recorderSettingsOf({ sysrec: { enabled: false } }, '$.r').map((x) => x.name)).toEqual(['sdrrec']);
  });

  test('each recorder section takes the keys of its command-line options, and its shortest interval', () => {
    for (const [name, r] of RECORDERS) {
      const flags = [...(r.devices ? [r.devices.flags] : []), ...(r.options ?? []).map((o) => o.flags)];
      expect([name, Object.keys(RECORDER_SECTIONS[name].keys).sort()]).toEqual([name, flags.map(longOptionName).sort()]);
      expect([name, RECORDER_SECTIONS[name].minIntervalSeconds]).toEqual([name, r.minIntervalSeconds]);
    }
    expect(Object.keys(RECORDER_SECTIONS).sort()).toEqual([...RECORDERS.keys(), 'sdrrec'].sort());
    // What a section leaves unset, the recorder's own default fills when the task starts.
    expect(optionDefaults(RECORDERS.get('xenrec')!)).toEqual({ timeout: '10' });
  });

  test('the original kronometrix.json, with the keys its agents read', () => {
    const c = loadConfig(file({
      log: { base_path: dir, current_path: `${dir}/log`, daily_path: `${dir}/daily` },
      message: [{ name: 'sys', file: 'sysrec.krd', status: 'active', interval: 60, domain: ['cpd'] }],
      transport: { platform: [{ name: 'kx', description: 'x', protocol: 'http', host: '127.0.0.1', port: '80', keepalive: 0,
        cpd: [{ sid: 'S1', tid: 'T1', dsid: '' }], dpd: [{ sid: 'S2', tid: 'T2', dsid: '' }], iaqd: [] }] },
    }));
    expect(c.logDir).toBe(`${dir}/log`);
    expect(c.platforms.map((p) => [p.name, p.url, p.subscription, p.msgidPrefix])).toEqual([
      ['kx-cpd-0', 'http://127.0.0.1', 'S1', ''], ['kx-dpd-0', 'http://127.0.0.1', 'S2', 'dpd-']]);
    expect(fault({ log: { current_path: dir }, transport: { platform: [{ protocol: 'http', host: 'h', port: 80, cpd: [{ sid: 'S', tid: 'T' }], cdp: [] }] } }))
      .toBe("$.transport.platform[0].cdp: unknown key: did you mean 'cpd'?");
  });
});

describe('JSON that does not parse', () => {
  test('is told by line and column, never by quoting the text around the fault', () => {
    expect(fault(`{"logDir": "/x",\n "platforms": [{"token": "${TOKEN}"}]]}`)).toBe("not valid JSON: expected ',' or '}' after property value at line 2, column 50");
    expect(fault(`{"logDir": "/x", "platforms": [{"token": "${TOKEN}" x}]}`)).toMatch(/^not valid JSON: expected ',' or '}' after property value at line 1, column \d+$/);
    expect(fault(`{"token": tru${TOKEN}}`)).toBe('not valid JSON: an unexpected character (a quote, comma or brace out of place?)');
    expect(fault('{"logDir": "/x"')).toBe("not valid JSON: expected ',' or '}' after property value at line 1, column 16");
  });
});

test('did you mean: a slip of the keyboard, not any word', () => {
  expect(closestName('platfroms', ['platforms', 'logDir'])).toBe('platforms');
  expect(closestName('LOGDIR', ['platforms', 'logDir'])).toBe('logDir');
  expect(closestName('color', ['platforms', 'logDir'])).toBeUndefined();
});

describe('every way in refuses the same, in one line', () => {
  const bad = () => file({ ...good(), retentiondays: 3 });

  test('sdr send --check, sdr send --once and sdr run: exit 1, one line naming the file and the key', () => {
    mkdirSync(`${dir}/log`, { recursive: true });
    const cfg = bad();
    const expected = `${cfg}: $.retentiondays: unknown key: did you mean 'retentionDays'?\n`;
    for (const [args, prefix] of [[['send', '--check'], 'sdr: send'], [['send', '--once'], 'sdr: send'], [['run'], 'sdr: run']] as const) {
      const r = sdr([...args, '--config', cfg]);
      expect([args.join(' '), r.status, r.stderr]).toEqual([args.join(' '), 1, `${prefix}: ${expected}`]);
    }
  });
});
