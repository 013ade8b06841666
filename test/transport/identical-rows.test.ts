// A clock stepped back makes a recorder write again the timestamps it wrote before, and on an idle
// machine (here a procfs tree that does not change) the same rows byte for byte. They are rows of
// their own all the same: the collector stores each in its place, so that its file is the
// recorder's (cmp), the rows written twice stored twice. libfaketime (Debian's faketime) steps
// the recorder's wall clock; without it the test is skipped with a notice, and fails under CI.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { CollectorProcess, FakeClock, SDR, compareDayFiles, dataSourceDir, faketimeLibrary, sdrEnv, writePrivate } from '../../bench/faults.js';
import { sdrRun } from '../cli/sdr.js';
import { FIXTURES } from '../helpers.js';

const TREE = `${FIXTURES}/linux/lvm-bridge-host-pair/before`;
const TOKEN = 'identical-rows-token-0123';

test('byte-identical rows written twice into a raw file, as a clock step makes them, are stored twice', async () => {
  if (faketimeLibrary() === undefined) {
    if (process.env.CI) throw new Error('libfaketime is not installed (apt-get install faketime), and CI requires it');
    console.warn('skipped: libfaketime is not installed (apt-get install faketime)');
    return;
  }
  const dir = mkdtempSync(`${tmpdir()}/sdr-identical-`);
  const clock = new FakeClock(dir);
  // Noon yesterday, twice: the second run's clock is stepped back to where the first one began.
  const noon = new Date();
  noon.setUTCDate(noon.getUTCDate() - 1);
  noon.setUTCHours(12, 0, 0, 0);
  for (let run = 0; run < 2; run++) {
    clock.setNow(noon.getTime());
    const r = spawnSync(process.execPath, [SDR, 'nicrec', '-l', '--log-dir', `${dir}/log`, '--procfs', `${TREE}/proc`, '--sysfs', `${TREE}/sys`, '1', '3'],
      { env: sdrEnv(clock.env()), encoding: 'utf8', timeout: 20_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }
  const collector = new CollectorProcess(dir, `${dir}/data`, { [TOKEN]: ['SID'] });
  try {
    const port = await collector.start();
    const cfg = `${dir}/sdr.json`;
    writePrivate(cfg, JSON.stringify({ logDir: `${dir}/log`, platforms: [{ name: 'c', url: `http://127.0.0.1:${port}`, subscription: 'SID', token: TOKEN, recorders: ['nicrec'] }] }));
    const once = await sdrRun(['send', '--config', cfg, '--once']);
    expect(once.stderr).toBe('');
    expect(once.status).toBe(0);
  } finally {
    await collector.stop();
  }
  const f = compareDayFiles(`${dir}/log`, dataSourceDir(`${dir}/data`), ['nicrec']);
  // Three interfaces a sample, three samples a run: most rows of the second run are the first's again.
  expect(f.files).toBe(1);
  expect(f.recorded).toBe(18);
  expect(f.identicalRows).toBeGreaterThanOrEqual(6);
  expect(f.differing).toEqual([]);
  expect(f.stored).toBe(18);
}, 60_000);
