// The inventory snapshot on Linux: /proc for the CPU, memory, kernel and uptime; sysfs for disks,
// interfaces, SMT and the hypervisor; /etc (under --rootfs) for the distribution. No child process
// runs except systemd-detect-virt, once, on a VM whose firmware does not name its hypervisor.
import { machine, networkInterfaces } from 'node:os';
import { readdirSync, readFileSync, statfsSync } from 'node:fs';
import type { InventorySnapshot, SourceRoots } from '../types.js';
import { readSourceFile } from './procfs.js';
import { readDiskstats, readMeminfo, readMountinfo, readNetDev } from './sources.js';
import { parseCpuinfo } from './cpuinfo.js';
import { parseOsRelease, OLDER_RELEASE_FILES, type OsRelease } from './os-release.js';
import { hypervisorFromDmi } from './hypervisor.js';
import { readBlockDevices, systemDiskNames, NOT_A_SYSTEM_DISK } from './block-devices.js';
import { formatAddresses } from '../addresses.js';
import type { StatFs } from './per-device.js';

/** Asks systemd-detect-virt; undefined when it is not installed or does not answer. */
export type VirtDetector = () => Promise<string | undefined>;

async function systemdDetectVirt(): Promise<string | undefined> {
  const { execa } = await import('execa');
  try {
    const r = await execa('systemd-detect-virt', ['--vm'], { timeout: 2000, reject: false });
    const answer = r.stdout.trim();
    return answer === '' ? undefined : answer;
  } catch {
    return undefined;
  }
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
}

function osRelease(rootfs: string): OsRelease {
  const etc = `${rootfs === '/' ? '' : rootfs}/etc`;
  const current = readOptional(`${etc}/os-release`) ?? readOptional(`${rootfs === '/' ? '' : rootfs}/usr/lib/os-release`);
  if (current !== undefined) return parseOsRelease(current);
  for (const [file, parse] of OLDER_RELEASE_FILES) {
    const text = readOptional(`${etc}/${file}`);
    if (text !== undefined) {
      const r = parse(text);
      if (r.id !== undefined) return r;
    }
  }
  return {};
}

async function hypervisor(sysfs: string, cpuSaysVirtual: boolean, detect: VirtDetector): Promise<string> {
  const xen = readOptional(`${sysfs}/hypervisor/type`)?.trim();
  if (xen) return xen;
  const dmi = hypervisorFromDmi(
    readOptional(`${sysfs}/class/dmi/id/sys_vendor`) ?? '',
    readOptional(`${sysfs}/class/dmi/id/product_name`) ?? '',
  );
  if (dmi) return dmi;
  if (!cpuSaysVirtual) return 'none';
  const answer = await detect();
  return answer !== undefined && answer !== 'none' ? answer : 'unknown';
}

/** Interfaces but loopback: sysfs lists them all, up or down; without it, /proc/net/dev. */
function countNics(roots: SourceRoots): number {
  let names: string[];
  try {
    names = readdirSync(`${roots.sysfs}/class/net`);
  } catch {
    names = [...readNetDev(roots.procfs).keys()];
  }
  return names.filter((n) => n !== 'lo').length;
}

/** Σ sizes of the filesystems mounted from block devices (not loop or RAM disks), each device once. */
function diskSpace(procfs: string, statfs: StatFs): number {
  const devices = new Set<string>();
  for (const d of readDiskstats(procfs).values()) if (!NOT_A_SYSTEM_DISK.test(d.name)) devices.add(`${d.major}:${d.minor}`);
  const counted = new Set<string>();
  let bytes = 0;
  for (const m of readMountinfo(procfs)) {
    if (!devices.has(m.device) || counted.has(m.device)) continue;
    counted.add(m.device);
    try {
      const s = statfs(m.mountPoint);
      bytes += s.blocks * s.bsize;
    } catch {
      // unreadable mount point (gone, no permission): its space is not known
    }
  }
  return bytes;
}

export function createInventoryReader(
  roots: SourceRoots,
  detect: VirtDetector = systemdDetectVirt,
  statfs: StatFs = statfsSync,
): () => Promise<InventorySnapshot> {
  const { procfs, sysfs } = roots;
  let knownHypervisor: string | undefined; // it does not change while we run
  return async () => {
    const epochMs = Date.now();
    const monoNs = process.hrtime.bigint();
    const cpu = parseCpuinfo(readSourceFile(`${procfs}/cpuinfo`));
    const mem = readMeminfo(procfs);
    const os = osRelease(roots.rootfs ?? '/');
    const smt = readOptional(`${sysfs}/devices/system/cpu/smt/active`)?.trim();
    const blockNames = readBlockDevices(sysfs);
    knownHypervisor ??= await hypervisor(sysfs, cpu.hypervisorFlag, detect);
    return {
      epochMs,
      monoNs,
      hostname: readSourceFile(`${procfs}/sys/kernel/hostname`).trim().split('.')[0],
      machine: machine(),
      // ARM boards name the machine, not the CPU: the device tree's model (NUL-terminated) stands in.
      cpuModel: cpu.model ?? readOptional(`${sysfs}/firmware/devicetree/base/model`)?.replace(/\0/g, '').trim(),
      hypervisor: knownHypervisor,
      osId: os.id,
      osVersion: os.version,
      kernel: readSourceFile(`${procfs}/sys/kernel/osrelease`).trim(),
      // Where the kernel names no packages or cores (most ARM kernels), each logical CPU stands for one.
      packages: cpu.packages ?? cpu.logical,
      cores: cpu.cores ?? cpu.logical,
      logicalCpus: cpu.logical,
      smt: smt === '1' ? true : smt === '0' ? false : cpu.cores !== undefined ? cpu.logical > cpu.cores : undefined,
      memTotalKiB: mem.get('MemTotal'),
      swapTotalKiB: mem.get('SwapTotal'),
      disks: blockNames === null ? undefined : systemDiskNames(blockNames.keys(), blockNames).size,
      diskSpaceBytes: diskSpace(procfs, statfs),
      nics: countNics(roots),
      uptimeSeconds: Math.floor(Number(readSourceFile(`${procfs}/uptime`).split(' ')[0])),
      ips: formatAddresses(networkInterfaces()),
    };
  };
}
