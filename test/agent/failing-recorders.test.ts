// An sdr run whose every recorder fails (xenrec on a host without Xen, sdrrec off) has nothing
// recording, and stays up all the same: it tries its recorders again until they start, and stops
// on SIGTERM with status 0, its lock released.
import { mkdtempSync, writeFileSync, chmodSync, existsSync, readFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import { sdrAsync } from '../cli/sdr.js';
import { Agent } from '../../src/agent/agent.js';
import { rawFileName } from '../../src/output/raw-file.js';
import { FIXTURES } from '../helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CAPTURE = `${FIXTURES}/captures/xen/xentop/xcpng83-xen417-b-i2-d1-9domains.txt`;

/** A config of these recorders (made knowing the test's directory) in a new directory. */
function setup(recorders: (dir: string) => Record<string, unknown>): { dir: string; cfg: string } {
  const dir = mkdtempSync(`${tmpdir()}/sdr-failing-`);
  const cfg = `${dir}/sdr.json`;
  writeFileSync(cfg, JSON.stringify({ logDir: `${dir}/log`, recorders: recorders(dir) }));
  chmodSync(cfg, 0o600);
  return { dir, cfg };
}

test('sdr run with no recorder that can start stays up; SIGTERM exits 0 and releases the lock', async () => {
  const { dir, cfg } = setup(() => ({ xenrec: { interval: 60, xentop: '/nonexistent' }, sdrrec: { enabled: false } }));
  const child = sdrAsync(['run', '--config', cfg]);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = once(child, 'exit');
  try {
    await sleep(4000);
    expect(child.exitCode).toBe(null);
    expect(readFileSync(`${dir}/log/.sdr-run.lock`, 'utf8')).toBe(`${child.pid}\n`);
  } finally {
    child.kill('SIGTERM');
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const [code] = await exited;
  clearTimeout(timer);
  expect(code).toBe(0);
  expect(existsSync(`${dir}/log/.sdr-run.lock`)).toBe(false);
  expect(stderr).toMatch(/xenrec: .*\/nonexistent.*; trying again every 60 s\n/);
  expect(stderr).toContain('no recorder; not started (see above): xenrec');
}, 30_000);

test('a recorder that could not start is tried again, and records once it can', async () => {
  const { dir, cfg } = setup((d) => ({ xenrec: { interval: 2, xentop: `${d}/xentop` }, sdrrec: { enabled: false } }));
  const xentop = `${dir}/xentop`;
  const logs: string[] = [];
  const env = process.env.XENTOP_CAPTURES;
  process.env.XENTOP_CAPTURES = CAPTURE;
  const agent = new Agent({ configPath: cfg, log: (m) => logs.push(m), retryMs: 300 });
  try {
    await agent.start();
    await sleep(1000);
    expect(existsSync(`${dir}/log/${rawFileName('xenrec', Date.now())}`)).toBe(false);
    // xentop appears (the package installed meanwhile): the next try starts xenrec.
    copyFileSync(`${FIXTURES}/xen/bin/xentop`, xentop);
    chmodSync(xentop, 0o755);
    const end = Date.now() + 10_000;
    while (!existsSync(`${dir}/log/${rawFileName('xenrec', Date.now())}`) && Date.now() < end) await sleep(100);
  } finally {
    await agent.stop();
    if (env === undefined) delete process.env.XENTOP_CAPTURES;
    else process.env.XENTOP_CAPTURES = env;
  }
  const rows = readFileSync(`${dir}/log/${rawFileName('xenrec', Date.now())}`, 'utf8').split('\n').slice(1, -1);
  expect(rows.length).toBeGreaterThanOrEqual(9); // the nine domains of the capture
  expect(logs.filter((l) => /xenrec: .*trying again every 0\.3 s/.test(l))).toHaveLength(1);
  expect(existsSync(`${dir}/log/.sdr-run.lock`)).toBe(false);
}, 30_000);
