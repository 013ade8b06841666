// A token never appears in an error: a config or tokens file that does not parse is told by line
// and column and the kind of fault, and nothing of its text. A token-like string is put at every
// position of broken files; no message may hold it, nor any 6 characters of it.
import { mkdtempSync, writeFileSync, chmodSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadConfig } from '../../src/config/config.js';
import { loadTokens } from '../../src/transport/tokens.js';
import { sdrAsync } from '../cli/sdr.js';

const SECRET = '9f86d081884c7d659a2feaa0c55ad015';
const dir = mkdtempSync(`${tmpdir()}/sdr-secrets-`);

/** Every 6 characters of the secret: a message holding any of them shows part of it. */
const pieces = Array.from({ length: SECRET.length - 5 }, (_, i) => SECRET.slice(i, i + 6));
const leaks = (text: string) => pieces.filter((p) => text.includes(p));

/** The message of loading `text` as a file of mode 600, or '' when it loads. */
function messageOf(load: (path: string) => unknown, text: string): string {
  const path = `${dir}/f.json`;
  writeFileSync(path, text);
  chmodSync(path, 0o600);
  try {
    load(path);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}

/** Broken documents, each a slip a person makes: a missing brace, a trailing comma, a stray word. */
const CONFIGS = [
  `{"logDir": "${dir}", "platforms": [{"name": "c", "url": "http://h", "subscription": "S", "token": "TOKEN"}]`,
  `{"logDir": "${dir}", "platforms": [{"name": "c", "url": "http://h", "subscription": "S", "token": "TOKEN",}]}`,
  `{"logDir": "${dir}", "platforms": [{"name": "c", "url": "http://h", "subscription": "S", "token": TOKEN}]}`,
];
const TOKENS = ['{"TOKEN": ["sid1"]', '{"TOKEN": ["sid1"],}', '{TOKEN: ["sid1"]}', '{"TOKEN": [sid1]}'];

test.each([
  ['a config', (p: string) => loadConfig(p, {}), CONFIGS],
  ['a collector\'s tokens file', (p: string) => loadTokens(p), TOKENS],
] as const)('%s with the secret at every position: no message shows any of it', (_what, load, docs) => {
  let faults = 0;
  for (const doc of docs) {
    const withSecret = doc.replace('TOKEN', SECRET);
    for (let i = 0; i <= withSecret.length; i++) {
      // The secret where it belongs, and once more at position i: wherever the fault falls.
      const text = withSecret.slice(0, i) + SECRET + withSecret.slice(i);
      const message = messageOf(load, text);
      if (message !== '') faults++;
      expect([i, leaks(message)]).toEqual([i, []]);
    }
  }
  expect(faults).toBeGreaterThan(100);
});

test('sdr run: a reload of a broken config says so in its log without a piece of the token', async () => {
  const cfg = `${dir}/run.json`;
  const good = { logDir: `${dir}/log`, recorders: { sysrec: { interval: 0.5 }, sdrrec: { interval: 1 } } };
  writeFileSync(cfg, JSON.stringify(good));
  chmodSync(cfg, 0o600);
  const child = sdrAsync(['run', '--config', cfg]);
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const until = async (what: () => boolean) => {
    for (let t = 0; !what(); t++) {
      if (t > 150) throw new Error(`timed out; stderr: ${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  try {
    await until(() => /recording into/.test(err));
    const broken = CONFIGS.map((c) => c.replace('TOKEN', SECRET));
    for (const [n, text] of [broken[0], broken[2], `${broken[1].slice(0, 40)}${SECRET}${broken[1].slice(40)}`].entries()) {
      writeFileSync(cfg, text);
      child.kill('SIGHUP');
      await until(() => (err.match(/carrying on with the config loaded before/g) ?? []).length > n);
    }
    await new Promise((r) => setTimeout(r, 1200)); // an sdrrec row after the reloads
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
  }
  expect(err).toMatch(/reload: .*not valid JSON: .* at line 1, column \d+; carrying on/);
  expect(leaks(err)).toEqual([]);
  const sdrrec = readdirSync(`${dir}/log`).filter((f) => f.startsWith('sdrrec-')).map((f) => readFileSync(`${dir}/log/${f}`, 'utf8')).join('');
  expect(sdrrec).not.toBe('');
  expect(leaks(sdrrec)).toEqual([]);
}, 30_000);

test('a token pasted as a key is refused without being repeated', () => {
  const message = messageOf((p) => loadConfig(p, {}), JSON.stringify({ logDir: dir, [SECRET]: true, platforms: [] }));
  expect(message).toMatch(/: \$\.9f8…\(a key of 32 characters\): unknown key/);
  expect(leaks(message)).toEqual([]);
});
