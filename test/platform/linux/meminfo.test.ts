import { parseMeminfo } from '../../../src/platform/linux/meminfo.js';
import { capture } from '../../helpers.js';

describe('parseMeminfo', () => {
  test('Linux 5.8 with MemAvailable and lines without a kB unit', () => {
    const m = parseMeminfo(capture('linux/proc-meminfo/ubuntu2010-k58-with-memavailable.txt'));
    expect(m.get('MemTotal')).toBe(3997272);
    expect(m.get('MemAvailable')).toBe(3386876);
    expect(m.get('HugePages_Total')).toBe(0);
    expect(m.get('VmallocTotal')).toBe(34359738367);
    expect(m.get('Active(file)')).toBe(405600);
  });

  test('a 2012 kernel has no MemAvailable', () => {
    const m = parseMeminfo(capture('linux/proc-meminfo/linux-2012-no-memavailable-512mb.txt'));
    expect(m.get('MemTotal')).toBe(507344);
    expect(m.has('MemAvailable')).toBe(false);
    expect(m.get('SwapFree')).toBe(521212);
  });
});
