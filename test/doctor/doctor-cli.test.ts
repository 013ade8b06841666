// sdr doctor as a user runs it: the built CLI, real time, exit statuses and one-line errors.
import { writeFileSync, mkdtempSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { sdr, SDR, userEnv } from '../cli/sdr.js';
import { parseDuration } from '../../src/core/duration.js';
import { logDir, quietRow, writeDay } from './sdrrec-files.js';
import { utcDay } from '../../src/doctor/sdrrec-rows.js';

/** A log dir with sdrrec rows of the last ten minutes, in today's file. */
function recent(): string {
  const dir = logDir();
  const now = Math.floor(Date.now() / 1000);
  const rows = Array.from({ length: 10 }, (_, i) => quietRow(now - 540 + i * 60)).filter((r) => utcDay(Number(r.timestamp)) === utcDay(now));
  writeDay(dir, utcDay(now), rows);
  return dir;
}

test('a quiet log dir: the all-clear, exit 0', () => {
  const r = sdr(['doctor', '--log-dir', recent()]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^No latency spikes since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC: \d+ rows? of sdrrec from .* UTC to .* UTC, every recorder on time\.\n/);
});

test('a bad --since: one line, exit 2', () => {
  const r = sdr(['doctor', '--since', '5x', '--log-dir', logDir()]);
  expect(r.status).toBe(2);
  expect(r.stderr).toBe("sdr: doctor: --since '5x' must be a duration like 30m, 1h or 2d\n");
  expect(r.stdout).toBe('');
});

test('no sdrrec rows: one line naming the dir, exit 1', () => {
  const dir = logDir();
  const r = sdr(['doctor', '--since', '30m', '--log-dir', dir]);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(new RegExp(`^sdr: doctor: no sdrrec rows since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC in ${dir}: ` +
    'is `sdr run` running with sdrrec on\\? \\(--config or --log-dir names the log dir of the one you mean\\)\\n$'));
});

/**
 * sdr as the user nobody, for a directory that the user running the tests (root, here) can read
 * and nobody cannot; undefined when that cannot be done (not root, or the checkout unreadable to
 * nobody), so the test is skipped with a notice.
 */
function asNobody(args: string[]): ReturnType<typeof spawnSync> | undefined {
  const run = (a: string[]) => spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, SDR, ...a],
    { encoding: 'utf8', env: userEnv({ HOME: '/' }), timeout: 20_000 });
  if (process.getuid?.() !== 0 || run(['-V']).status !== 0) return undefined;
  return run(args);
}

test('a log dir that cannot be listed: permission denied, not "no sdrrec rows"', () => {
  const parent = mkdtempSync(`${tmpdir()}/sdr-doctor-`);
  chmodSync(parent, 0o755);
  const dir = `${parent}/log`;
  mkdirSync(dir);
  const now = Math.floor(Date.now() / 1000);
  writeDay(dir, utcDay(now), [quietRow(now - 60)]);
  chmodSync(dir, 0o701); // others may pass through it, not list it
  const r = asNobody(['doctor', '--log-dir', dir]);
  if (r === undefined) {
    console.warn('not root, or the checkout cannot be read by nobody: skipping the unreadable log dir test');
    return;
  }
  expect(r.stderr).toBe(`sdr: doctor: cannot read log directory ${dir}: permission denied\n`);
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
});

test('a log dir that does not exist says so', () => {
  const dir = `${logDir()}/nope`;
  const r = sdr(['doctor', '--log-dir', dir]);
  expect(r.stderr).toBe(`sdr: doctor: cannot read log directory ${dir}: no such file or directory\n`);
  expect(r.status).toBe(1);
});

test('the log dir from a config without platforms, by --config and by $SDR_CONFIG; --log-dir wins', () => {
  const dir = recent();
  const config = `${dir}/sdr.json`;
  writeFileSync(config, JSON.stringify({ logDir: dir }));
  expect(sdr(['doctor', '--config', config]).status).toBe(0);
  expect(sdr(['doctor'], { SDR_CONFIG: config }).status).toBe(0);
  const empty = logDir();
  expect(sdr(['doctor', '--config', config, '--log-dir', empty]).stderr).toContain(`in ${empty}:`);
});

test('a config that cannot be used: one line naming the file, exit 1', () => {
  const dir = logDir();
  const missing = sdr(['doctor', '--config', `${dir}/nope.json`]);
  expect(missing.status).toBe(1);
  expect(missing.stderr).toBe(`sdr: doctor: ${dir}/nope.json: no such file or directory (--log-dir DIR names the log dir instead)\n`);
  writeFileSync(`${dir}/bad.json`, JSON.stringify({ logDir: 7 }));
  expect(sdr(['doctor', '--config', `${dir}/bad.json`]).stderr).toBe(`sdr: doctor: ${dir}/bad.json: $.logDir: must be a non-empty string\n`);
});

test.each([
  ['90s', 90], ['30m', 1800], ['1h', 3600], ['1.5h', 5400], ['6h', 21600], ['2d', 172800],
])('--since %s is %d seconds', (text, seconds) => {
  expect(parseDuration(text)).toBe(seconds);
});

test.each(['', '1', 'h', '-1h', '0m', '1w', '1 h', '1h30m'])('--since %p is refused', (text) => {
  expect(() => parseDuration(text)).toThrow(`--since '${text}' must be a duration like 30m, 1h or 2d`);
});
