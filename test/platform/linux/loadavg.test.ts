import { parseLoadavg } from '../../../src/platform/linux/loadavg.js';
import { fixture } from '../../helpers.js';

test('parseLoadavg reads the averages and the running/total task counts', () => {
  expect(parseLoadavg('0.52 0.58 0.59 3/467 12345\n')).toEqual({ avg1: 0.52, avg5: 0.58, avg15: 0.59, running: 3, tasks: 467 });
  const mine = parseLoadavg(fixture('linux/firecracker-vm-k618/proc/loadavg'))!;
  expect(mine.running).toBeGreaterThanOrEqual(1);
  expect(mine.tasks).toBeGreaterThan(mine.running);
  expect(parseLoadavg('garbage')).toBeNull();
});
