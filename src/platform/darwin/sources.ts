// The macOS tools, each run once per sample at most: vm_stat, iostat -I and netstat -ibnd (sysctl
// is shared with FreeBSD). Each failure names the tool.
import type { DiskIo, NicCounters } from '../types.js';
import { runAndParse } from '../run-tool.js';
import { readNetstatInterfaces } from '../netstat-ib.js';
import { parseVmStat, type VmStat } from './vm-stat.js';
import { parseDarwinIostat, diskTotals } from './iostat.js';

export const readVmStat = (): Promise<VmStat> => runAndParse('vm_stat', [], parseVmStat, 'no "(page size of N bytes)" banner');

/** Every disk's totals since boot: -I totals, -d disks only, -n enough columns for every disk. */
export const readDiskTotals = (): Promise<Map<string, DiskIo>> =>
  runAndParse('iostat', ['-I', '-d', '-n', '64', '-c', '1'], (text) => {
    const report = parseDarwinIostat(text);
    return report === null ? null : diskTotals(report);
  }, 'no disk names over "KB/t xfrs MB" columns');

/** Every interface's counters from its link row; -d adds output drops. */
export const readInterfaces = (): Promise<Map<string, NicCounters>> => readNetstatInterfaces(['-i', '-b', '-n', '-d']);
