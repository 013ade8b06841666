// A directory that cannot be created fails at once, in one line: Node's own recursive mkdir
// spins forever on a file system that answers ENOENT for a parent that exists (/proc).
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { SDR, userEnv } from './sdr.js';

/** sdr with a 5 s limit: a run that spins is killed and shows as status null. */
function sdrWithin5s(args: string[]) {
  return spawnSync(process.execPath, [SDR, ...args], { encoding: 'utf8', env: userEnv(), timeout: 5000, killSignal: 'SIGKILL' });
}

describe('a directory that cannot be created: one line, exit 1, within 5 s', () => {
  test.each(['/proc/nope', '/proc/nope/deeper'])('sdr sysrec -l --log-dir %s', (dir) => {
    const r = sdrWithin5s(['sysrec', '-l', '--log-dir', dir, '1']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`sdr: sysrec: cannot create log directory ${dir}: no such file or directory\n`);
  });

  test('sdr run with logDir /proc/nope', () => {
    const dir = mkdtempSync(`${tmpdir()}/sdr-unmakeable-`);
    writeFileSync(`${dir}/sdr.json`, JSON.stringify({ logDir: '/proc/nope' }));
    chmodSync(`${dir}/sdr.json`, 0o600);
    const r = sdrWithin5s(['run', '--config', `${dir}/sdr.json`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('sdr: run: cannot create log directory /proc/nope: no such file or directory\n');
  });

  test('sdr collect --data-dir /proc/nope', () => {
    const dir = mkdtempSync(`${tmpdir()}/sdr-unmakeable-`);
    writeFileSync(`${dir}/tokens.json`, JSON.stringify({ t0k3n: ['sid'] }));
    chmodSync(`${dir}/tokens.json`, 0o600);
    const r = sdrWithin5s(['collect', '--listen', '127.0.0.1:0', '--data-dir', '/proc/nope', '--tokens', `${dir}/tokens.json`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('sdr: collect: cannot create data directory /proc/nope: no such file or directory\n');
  });
});
