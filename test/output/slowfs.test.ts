// The slowfs fixture itself: writes through the mount wait for the delay set, other operations do
// not wait for them, the data lands in the backing directory, and nothing stays mounted.
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { isMounted, mountSlowFs, slowFsUnavailable, type SlowFs } from '../slowfs.js';

const required = process.env.CI_REQUIRE_FUSE === '1';
const reason = slowFsUnavailable();
if (reason && !required) console.log(`slowfs cannot be mounted here (${reason}): its tests are skipped`);
const withFuse = !reason || required ? test : test.skip;

let fs: SlowFs | undefined;

afterAll(async () => {
  await fs?.unmount();
});

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

withFuse('writes wait for the delay; reads, stat and other files do not; unmount leaves nothing', async () => {
  fs = await mountSlowFs();
  if (!fs) throw new Error(`slowfs cannot be mounted, and CI_REQUIRE_FUSE=1: ${slowFsUnavailable()}`);
  const { mountPoint, backing } = fs;
  expect(isMounted(mountPoint)).toBe(true);

  await writeFile(`${mountPoint}/other.csv`, 'timestamp,a\n1,x\n');
  const fast = await timed(() => appendFile(`${mountPoint}/log.csv`, 'fast\n'));
  expect(fast).toBeLessThan(300);

  fs.setDelayMs(800);
  const stuck = timed(() => appendFile(`${mountPoint}/log.csv`, 'slow\n'));
  await new Promise((resolve) => setTimeout(resolve, 100)); // the write is now waiting in slowfs
  const statMs = await timed(() => stat(`${mountPoint}/other.csv`));
  let other = '';
  const readMs = await timed(async () => {
    other = await readFile(`${mountPoint}/other.csv`, 'utf8');
  });
  expect(readFileSync(`${backing}/log.csv`, 'utf8')).toBe('fast\n'); // not yet written
  const slow = await stuck;
  expect(statMs).toBeLessThan(300);
  expect(readMs).toBeLessThan(300);
  expect(other).toBe('timestamp,a\n1,x\n');
  expect(slow).toBeGreaterThanOrEqual(700);
  expect(readFileSync(`${backing}/log.csv`, 'utf8')).toBe('fast\nslow\n');

  fs.setDelayMs(0);
  const fastAgain = await timed(() => appendFile(`${mountPoint}/log.csv`, 'fast again\n'));
  expect(fastAgain).toBeLessThan(300);
  expect(readFileSync(`${backing}/log.csv`, 'utf8')).toBe('fast\nslow\nfast again\n');
  console.log(`slowfs: append ${fast.toFixed(1)} ms at delay 0, ${slow.toFixed(1)} ms at 800 ms `
    + `(meanwhile stat ${statMs.toFixed(1)} ms, read ${readMs.toFixed(1)} ms), ${fastAgain.toFixed(1)} ms at 0 again`);

  await fs.unmount();
  expect(isMounted(mountPoint)).toBe(false);
  expect(readFileSync('/proc/mounts', 'utf8')).not.toContain(mountPoint);
});

withFuse('unmount releases a write that is stuck, and returns within seconds', async () => {
  const stuckFs = await mountSlowFs();
  if (!stuckFs) throw new Error(`slowfs cannot be mounted, and CI_REQUIRE_FUSE=1: ${slowFsUnavailable()}`);
  fs = stuckFs; // afterAll unmounts it should an expectation below fail
  stuckFs.setDelayMs(60_000);
  const write = appendFile(`${stuckFs.mountPoint}/log.csv`, 'stuck\n');
  await new Promise((resolve) => setTimeout(resolve, 200));
  const unmountMs = await timed(() => stuckFs.unmount());
  await write;
  expect(unmountMs).toBeLessThan(3000);
  expect(isMounted(stuckFs.mountPoint)).toBe(false);
});
