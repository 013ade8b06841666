import { scanCounters } from '../../../src/platform/linux/numbers.js';

test('scanCounters reads blank-separated unsigned integers and refuses anything else', () => {
  const line = 'eth0: 240011007431 145176540\t0  281';
  expect(scanCounters(line, 5, line.length)).toEqual([240011007431, 145176540, 0, 281]);
  expect(scanCounters('  ', 0, 2)).toEqual([]);
  expect(scanCounters('1 2x 3', 0, 6)).toBeNull();
  expect(scanCounters('1 -2', 0, 4)).toBeNull();
  expect(scanCounters('1 2.5', 0, 5)).toBeNull();
});
