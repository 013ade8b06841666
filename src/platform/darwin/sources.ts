// The macOS tools, each run once per sample at most: vm_stat, iostat -I and netstat -ibnd (sysctl
// is shared with FreeBSD). Each failure names the tool.
import type { DiskIo, NicCounters } from '../types.js';
import { runTool, unparseable } from '../run-tool.js';
import { readNetstatInterfaces } from '../netstat-ib.js';
import { parseVmStat, type VmStat } from './vm-stat.js';
import { parseDarwinIostat, diskTotals } from './iostat.js';

export async function readVmStat(): Promise<VmStat> {
  const vm = parseVmStat((await runTool('vm_stat', [])).stdout);
  if (vm === null) throw unparseable('vm_stat', 'no "(page size of N bytes)" banner');
  return vm;
}

/** Every disk's totals since boot: -I totals, -d disks only, -n enough columns for every disk. */
export async function readDiskTotals(): Promise<Map<string, DiskIo>> {
  const report = parseDarwinIostat((await runTool('iostat', ['-I', '-d', '-n', '64', '-c', '1'])).stdout);
  const disks = report === null ? null : diskTotals(report);
  if (disks === null) throw unparseable('iostat', 'no disk names over "KB/t xfrs MB" columns');
  return disks;
}

/** Every interface's counters from its link row; -d adds output drops. */
export const readInterfaces = (): Promise<Map<string, NicCounters>> => readNetstatInterfaces(['-i', '-b', '-n', '-d']);
