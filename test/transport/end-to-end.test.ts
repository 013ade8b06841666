// sysrec and diskrec rows recorded by sdr, shipped by sdr send, stored by sdr collect: the stored
// files must be the recorded ones, byte for byte, each row once, whatever happens in between.
import { mkdtempSync, writeFileSync, readFileSync, chmodSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn, type ChildProcess } from 'node:child_process';
import { sdr, sdrRun, SDR, userEnv } from '../cli/sdr.js';
import { FIXTURES } from '../helpers.js';
import { splitCsvLine } from '../../src/transport/raw-reader.js';

const ROOT = `${FIXTURES}/linux/lvm-bridge-host-pair/before`;
const TOKEN = 'e2e-token-0123456789';

async function startCollector(dir: string, port = 0): Promise<{ child: ChildProcess; port: number }> {
  writeFileSync(`${dir}/tokens.json`, JSON.stringify({ [TOKEN]: ['SID'] }));
  chmodSync(`${dir}/tokens.json`, 0o600);
  const child = spawn(process.execPath, [SDR, 'collect', '--listen', `127.0.0.1:${port}`, '--data-dir', `${dir}/data`, '--tokens', `${dir}/tokens.json`], { env: userEnv() });
  let stderr = '';
  const found = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector did not start: ${stderr}`)), 10_000);
    child.stderr!.on('data', (d) => {
      stderr += d;
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  return { child, port: found };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
}

function setUp(samples: number): { dir: string; cfg: (port: number) => string } {
  const dir = mkdtempSync(`${tmpdir()}/sdr-e2e-`);
  for (const rec of ['sysrec', 'diskrec']) {
    expect(sdr([rec, '-l', '--log-dir', `${dir}/log`, '--procfs', `${ROOT}/proc`, '--sysfs', `${ROOT}/sys`, '0.1', String(samples)]).status).toBe(0);
  }
  const cfg = (port: number) => {
    const path = `${dir}/sdr.json`;
    writeFileSync(path, JSON.stringify({ logDir: `${dir}/log`, platforms: [{ name: 'c', url: `http://127.0.0.1:${port}`, subscription: 'SID', token: TOKEN, recorders: ['sysrec', 'diskrec'] }] }));
    chmodSync(path, 0o600);
    return path;
  };
  return { dir, cfg };
}

/** The stored files, which must be the recorded ones byte for byte. */
function expectStoredAsRecorded(dir: string): void {
  const [dsid] = readdirSync(`${dir}/data`).filter((d) => /^[0-9a-f-]{36}$/.test(d));
  const stored = readdirSync(`${dir}/data/${dsid}`).filter((f) => f.endsWith('.csv')).sort();
  const recorded = readdirSync(`${dir}/log`).filter((f) => f.endsWith('.csv')).sort();
  expect(stored).toEqual(recorded);
  for (const f of recorded) expect(readFileSync(`${dir}/data/${dsid}/${f}`, 'utf8')).toBe(readFileSync(`${dir}/log/${f}`, 'utf8'));
}

test('round trip: stored byte-identical, once, even when sent again from scratch', async () => {
  const { dir, cfg } = setUp(5);
  const { child, port } = await startCollector(dir);
  try {
    expect((await sdrRun(['send', '--config', cfg(port), '--once'])).status).toBe(0);
    expectStoredAsRecorded(dir);
    // Forget every position: everything goes again, and nothing is stored twice.
    const { rmSync } = await import('node:fs');
    rmSync(`${dir}/log/.send`, { recursive: true });
    expect((await sdrRun(['send', '--config', cfg(port), '--once'])).status).toBe(0);
    expectStoredAsRecorded(dir);
  } finally {
    await stop(child);
  }
});

test('collector down mid-stream, and the sender killed with -9: 0 rows lost, 0 stored twice', async () => {
  const { dir, cfg } = setUp(60);
  let { child, port } = await startCollector(dir);
  const sender = spawn(process.execPath, [SDR, 'send', '--config', cfg(port)], { env: userEnv() });
  try {
    await new Promise((r) => setTimeout(r, 300));
    await stop(child); // the collector goes away mid-stream
    await new Promise((r) => setTimeout(r, 1500));
    sender.kill('SIGKILL');
    await new Promise((r) => sender.on('exit', r));
    ({ child } = await startCollector(dir, port));
    const r = await sdrRun(['send', '--config', cfg(port), '--once']);
    expect(r.status).toBe(0);
    expectStoredAsRecorded(dir);
  } finally {
    if (sender.exitCode === null) sender.kill('SIGKILL');
    await stop(child);
  }
});

test('colon raw files (--delimiter :) are sent field for field: a colon in a field, blanks, nothing quoted', async () => {
  const dir = mkdtempSync(`${tmpdir()}/sdr-e2e-`);
  const pair = `${FIXTURES}/linux/devices-change-pair/before`;
  // nicrec's team0:1 holds a colon; hdwrec's model holds blanks (and its ips, here, maybe IPv6).
  expect(sdr(['nicrec', '-l', '--delimiter', ':', '--log-dir', `${dir}/log`, '--procfs', `${pair}/proc`, '0.1', '3']).status).toBe(0);
  const hdw = `${FIXTURES}/linux/hdwrec-root`;
  expect(sdr(['hdwrec', '-l', '--delimiter', ':', '--log-dir', `${dir}/log`, '--procfs', `${hdw}/proc`, '--sysfs', `${hdw}/sys`, '--rootfs', hdw]).status).toBe(0);
  const path = `${dir}/sdr.json`;
  const { child, port } = await startCollector(dir);
  try {
    writeFileSync(path, JSON.stringify({ logDir: `${dir}/log`, platforms: [{ name: 'c', url: `http://127.0.0.1:${port}`, subscription: 'SID', token: TOKEN, recorders: ['nicrec', 'hdwrec'] }] }));
    chmodSync(path, 0o600);
    expect((await sdrRun(['send', '--config', path, '--once'])).status).toBe(0);
  } finally {
    await stop(child);
  }
  const [dsid] = readdirSync(`${dir}/data`).filter((d) => /^[0-9a-f-]{36}$/.test(d));
  const recorded = readdirSync(`${dir}/log`).filter((f) => f.endsWith('.csv')).sort();
  expect(recorded.map((f) => f.replace(/-.*/, ''))).toEqual(['hdwrec', 'nicrec']);
  for (const f of recorded) {
    const colon = readFileSync(`${dir}/log/${f}`, 'utf8');
    expect(colon).not.toContain('"');
    const sent = colon.trimEnd().split('\n').map((l) => splitCsvLine(l, ':'));
    const stored = readFileSync(`${dir}/data/${dsid}/${f}`, 'utf8').trimEnd().split('\n').map((l) => splitCsvLine(l, ','));
    expect(stored).toEqual(sent);
  }
  expect(readFileSync(`${dir}/data/${dsid}/${recorded[1]}`, 'utf8')).toContain(',team0:1,');
});
