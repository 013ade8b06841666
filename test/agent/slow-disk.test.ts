// A slow disk does not delay sampling: the log dir sits on slowfs, a FUSE filesystem whose writes
// wait as long as the test says. Ticks stay on time, no row is lost, and sdr doctor names the disk.
import { mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { once } from 'node:events';
import { mountSlowFs, slowFsUnavailable, type SlowFs } from '../slowfs.js';
import { sdrAsync, sdrRun } from '../cli/sdr.js';
import { loadLmo } from '../../src/core/lmo.js';
import { RawFileSink, rawFileName } from '../../src/output/raw-file.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let fs: SlowFs | undefined;

beforeAll(async () => {
  fs = await mountSlowFs();
  if (fs === undefined && process.env.CI_REQUIRE_FUSE === '1') throw new Error(`slowfs cannot be mounted: ${slowFsUnavailable()}`);
}, 20_000);
afterAll(async () => {
  await fs?.unmount();
}, 20_000);

/** Skipped, saying why, where FUSE cannot be had (CI installs it and requires it). */
const withFuse = (name: string, fn: () => Promise<void>, timeout: number) =>
  test(name, async () => {
    if (fs === undefined) {
      console.warn(`skipped: ${slowFsUnavailable()}`);
      return;
    }
    await fn();
  }, timeout);

withFuse('samples that queue behind a slow write go out together, in order, none lost', async () => {
  const dir = `${fs!.mountPoint}/sink`;
  const sink = new RawFileSink(dir, 'sysrec', 'timestamp,a\n');
  sink.open(Date.parse('2026-11-27T10:00:00Z'));
  fs!.setDelayMs(800);
  const at = (i: number) => Date.parse('2026-11-27T10:00:00Z') + i * 1000;
  const written = [1, 2, 3, 4, 5].map((i) => sink.write(at(i), `${at(i) / 1000},${i}\n`));
  // The first is being written; the four behind it wait as one batch.
  expect(new Set(written.slice(1)).size).toBe(1);
  await Promise.all(written);
  fs!.setDelayMs(0);
  await sink.close();
  expect(readFileSync(`${dir}/sysrec-2026-11-27.csv`, 'utf8')).toBe(`timestamp,a\n${[1, 2, 3, 4, 5].map((i) => `${at(i) / 1000},${i}\n`).join('')}`);
  expect(sink.takeSlowestWrite().ms).toBeGreaterThan(700);
}, 30_000);

withFuse('sdr run on a slow disk: ticks on time, every row written, sdr doctor names the disk', async () => {
  const base = `${fs!.mountPoint}/agent`;
  mkdirSync(base, { recursive: true });
  const cfg = `${fs!.backing}/../sdr.json`;
  writeFileSync(cfg, JSON.stringify({ logDir: `${base}/log`, recorders: { sysrec: { interval: 0.2 }, sdrrec: { interval: 1 } } }));
  chmodSync(cfg, 0o600);
  const child = sdrAsync(['run', '--config', cfg]);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  // Ticks are counted from when sdr run records, however long a busy machine takes to start it.
  for (let waited = 0; !/recording into/.test(stderr) && waited < 15_000; waited += 50) await sleep(50);
  const t0 = Date.now() / 1000;
  await sleep(2000);
  fs!.setDelayMs(1500); // every write now takes 1.5 s, for 6 s
  await sleep(6000);
  fs!.setDelayMs(0);
  await sleep(3000);
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = await exited;
  const t1 = Date.now() / 1000;
  expect(code).toBe(0);
  const read = (rec: string) => readFileSync(`${base}/log/${rawFileName(rec, Date.now())}`, 'utf8').split('\n').slice(1, -1).map((l) => l.split(','));
  const times = read('sysrec').map((r) => Number(r[0]));
  // Every tick from start to stop has its row, 0.2 s apart: none skipped while the disk was slow.
  expect(times.length).toBeGreaterThanOrEqual(Math.floor((t1 - t0 - 1) / 0.2));
  // A tick that waited on the 1.5 s write would leave a gap of seconds; a busy machine moves one by ms.
  expect(times.slice(1).map((t, i) => Number((t - times[i]).toFixed(3))).filter((gap) => Math.abs(gap - 0.2) >= 0.1)).toEqual([]);
  const names = loadLmo('sdrrec').fields.map((f) => f.name);
  const self = read('sdrrec').map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]])));
  expect(Math.max(...self.map((r) => Number(r.write_max)))).toBeGreaterThan(1000);
  expect(Math.max(...self.map((r) => Number(r.sysrec_late_max)))).toBeLessThan(150);
  expect(self.reduce((n, r) => n + Number(r.sysrec_missed), 0)).toBe(0);
  const doctor = await sdrRun(['doctor', '--log-dir', `${base}/log`, '--since', '10m']);
  expect(doctor.status).toBe(0);
  expect(doctor.stdout).toMatch(/raw-file writes took up to 1\.\d s .*: the disk holding .* is slow; recording continued, the writes were queued, no rows lost/);
  expect(doctor.stdout).toContain(fs!.mountPoint);
  expect(stderr).not.toMatch(/error|cannot/i);
}, 60_000);
