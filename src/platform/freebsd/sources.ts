// The FreeBSD tools, each run once per sample at most, its output parsed or the sample failed
// with a message that names the tool.
import type { CpuStat, DiskIo, NicCounters } from '../types.js';
import { runAndParse, unparseable } from '../run-tool.js';
import { readSysctl, sysctlNumbers, required, type SysctlValues } from '../sysctl.js';
import { readNetstatInterfaces } from '../netstat-ib.js';
import { cpuStatFromCpTimes } from './cp-time.js';
import { parseSwapinfo, type SwapSpace } from './swapinfo.js';
import { parseIostatX, diskTotals } from './iostat.js';

export { readSysctl };

export function cpuStat(values: SysctlValues): CpuStat {
  const stat = cpuStatFromCpTimes(required(sysctlNumbers(values, 'kern.cp_time'), 'kern.cp_time'), sysctlNumbers(values, 'kern.cp_times'));
  if (stat === null) throw unparseable('sysctl', 'kern.cp_time is not 5 numbers per CPU');
  return stat;
}

export const readSwapinfo = (): Promise<SwapSpace> =>
  runAndParse('swapinfo', ['-k'], parseSwapinfo, 'no "Device 1K-blocks Used" header');

/** Every devstat device's totals since boot, from one report of iostat -x -I. */
export const readDiskTotals = (): Promise<Map<string, DiskIo>> =>
  runAndParse('iostat', ['-x', '-I', '-d', '-c', '1'], (text) => {
    const table = parseIostatX(text);
    return table === null ? null : diskTotals(table);
  }, 'no "device r/i w/i kr/i kw/i" table');

/** Every interface's counters from its link row: -W keeps names whole, -d adds output drops. */
export const readInterfaces = (): Promise<Map<string, NicCounters>> => readNetstatInterfaces(['-i', '-b', '-n', '-d', '-W']);
