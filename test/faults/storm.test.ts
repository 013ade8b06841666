// The fault storm of bench/storm.js for 20 s: sdr run and sdr send killed with -9, the collector
// killed and stopped, the disks of the log dir and the data dir full, sdr run's clock stepped back
// across midnight; then every collected day file of sysrec, cpurec, diskrec and nicrec is the
// recorder's, byte for byte. The bench runs the same storm for minutes.
import { faketimeLibrary } from '../../bench/faults.js';
import { storm, report } from '../../bench/storm.js';
import { cannotMount } from './needs-root.js';

test('a fault storm of 20 s: every row recorded is stored once, in order, the day files cmp-identical', async () => {
  const missing = [cannotMount, faketimeLibrary() === undefined ? 'libfaketime is not installed (apt-get install faketime)' : undefined]
    .filter((m) => m !== undefined);
  if (missing.length > 0) {
    if (process.env.CI) throw new Error(`the storm needs ${missing.join(' and ')}, and CI requires it`);
    console.warn(`the storm goes without some faults: ${missing.join('; ')}`);
  }
  const f = await storm({ seconds: 20, seed: 13 });
  const told = report(f);
  // What the processes said, where something went wrong: the figures alone do not tell why.
  if (f.lost + f.duplicated + f.outOfOrder + f.rejected > 0 || f.differing.length > 0 || !f.drained) {
    console.log(`${told}\n${Object.entries(f.logs).map(([who, text]) => `--- ${who}\n${text.slice(-6000)}`).join('\n')}`);
  }
  expect({ lost: f.lost, duplicated: f.duplicated, outOfOrder: f.outOfOrder, differing: f.differing, rejected: f.rejected, drained: f.drained, told })
    .toEqual({ lost: 0, duplicated: 0, outOfOrder: 0, differing: [], rejected: 0, drained: true, told });
  expect(f.stored).toBe(f.recorded);
  // Each recorder recorded, across both days of the step back.
  for (const r of Object.values(f.perRecorder)) expect(r.recorded).toBeGreaterThan(0);
  expect(f.files).toBeGreaterThanOrEqual(4);
  // Every kind of fault happened (those that can here).
  expect(f.faults.runKills).toBeGreaterThan(0);
  expect(f.faults.sendKills).toBeGreaterThan(0);
  expect(f.faults.collectorKills + f.faults.collectorStops).toBeGreaterThan(0);
  if (cannotMount === undefined) expect(f.faults.logDiskFills + f.faults.dataDiskFills).toBeGreaterThan(0);
  if (faketimeLibrary() !== undefined) expect(f.faults.clockSteps).toBeGreaterThan(0);
  expect(f.stopCodes).toEqual({ run: 0, send: 0 });
}, 120_000);
