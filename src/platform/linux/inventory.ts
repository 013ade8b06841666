// The inventory snapshot on Linux: /proc for the CPU, memory, kernel and uptime; sysfs for disks,
// interfaces, SMT and the hypervisor; /etc (under --rootfs) for the distribution. No child process
// runs except systemd-detect-virt, once, on a VM whose firmware does not name its hypervisor.
import { machine, networkInterfaces } from 'node:os';
import { existsSync, readdirSync, readFileSync, statfsSync } from 'node:fs';
import type { InventorySnapshot, SourceRoots } from '../types.js';
import { readSourceFile } from './procfs.js';
import { readDiskstats, readMeminfo, readMountinfo, readNetDev } from './sources.js';
import { parseCpuinfo } from './cpuinfo.js';
import { parseOsRelease, OLDER_RELEASE_FILES, type OsRelease } from './os-release.js';
import { hypervisorFromDmi } from './hypervisor.js';
import { readBlockDevices, wholeDiskCount, NOT_A_SYSTEM_DISK } from './block-devices.js';
import { formatAddresses } from '../addresses.js';
import type { StatFs } from './per-device.js';
import type { DiskCounters } from './diskstats.js';
import type { Mount } from './mountinfo.js';
import { filesystemRoot, underRoot } from './filesystem-root.js';
import { SourceReads, holdsNone } from './source-reads.js';

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

/** The release files hdwrec reads under the root, in the order it tries them. */
const RELEASE_FILES = ['etc/os-release', 'usr/lib/os-release', ...OLDER_RELEASE_FILES.map(([file]) => `etc/${file}`)];

/** The distribution and release; a RuntimeError when the root holds none of the release files. */
function osRelease(rootfs: string): OsRelease {
  const root = rootfs === '/' ? '' : rootfs;
  const current = readOptional(`${root}/etc/os-release`) ?? readOptional(`${root}/usr/lib/os-release`);
  if (current !== undefined) return parseOsRelease(current);
  let found = false;
  for (const [file, parse] of OLDER_RELEASE_FILES) {
    const text = readOptional(`${root}/etc/${file}`);
    if (text === undefined) continue;
    found = true;
    const r = parse(text);
    if (r.id !== undefined) return r;
  }
  if (!found) throw holdsNone(rootfs, RELEASE_FILES, undefined);
  return {};
}

/** Undefined when it cannot be told: the firmware names none and cpuinfo, whose flag would say, is unread. */
async function hypervisor(sysfs: string, cpuSaysVirtual: boolean | undefined, detect: VirtDetector): Promise<string | undefined> {
  const xen = readOptional(`${sysfs}/hypervisor/type`)?.trim();
  if (xen) return xen;
  const dmi = hypervisorFromDmi(
    readOptional(`${sysfs}/class/dmi/id/sys_vendor`) ?? '',
    readOptional(`${sysfs}/class/dmi/id/product_name`) ?? '',
  );
  if (dmi) return dmi;
  if (cpuSaysVirtual === undefined) return undefined;
  if (!cpuSaysVirtual) return 'none';
  const answer = await detect();
  return answer !== undefined && answer !== 'none' ? answer : 'unknown';
}

/** Interfaces but loopback: sysfs lists them all, up or down; without it, /proc/net/dev. */
function countNics(roots: SourceRoots, sources: SourceReads): number | undefined {
  let names: string[] | undefined;
  try {
    names = readdirSync(`${roots.sysfs}/class/net`);
  } catch {
    names = sources.read(`${roots.procfs}/net/dev`, () => [...readNetDev(roots.procfs).keys()]);
  }
  return names?.filter((n) => n !== 'lo').length;
}

/**
 * Σ sizes of the filesystems mounted from block devices (not loop or RAM disks), each device once,
 * asked under `root`; undefined where the watched system's filesystems cannot be asked here.
 */
function diskSpace(disks: Map<string, DiskCounters>, mounts: Mount[], statfs: StatFs, root: string | undefined): number | undefined {
  if (root === undefined) return undefined;
  const devices = new Set<string>();
  for (const d of disks.values()) if (!NOT_A_SYSTEM_DISK.test(d.name)) devices.add(`${d.major}:${d.minor}`);
  const counted = new Set<string>();
  let bytes = 0;
  let answered = 0;
  for (const m of mounts) {
    if (!devices.has(m.device) || counted.has(m.device)) continue;
    counted.add(m.device);
    try {
      const s = statfs(underRoot(root, m.mountPoint));
      bytes += s.blocks * s.bsize;
      answered++;
    } catch {
      // unreadable mount point (gone, no permission): its space is not known
    }
  }
  // Filesystems there, and not one of them could be asked: the sum is unknown, not 0.
  return counted.size > 0 && answered === 0 ? undefined : bytes;
}

/** What hdwrec reads from procfs (net/dev only where sysfs has no class/net). */
const PROCFS_SOURCES = ['cpuinfo', 'meminfo', 'sys/kernel/hostname', 'sys/kernel/osrelease', 'uptime', 'diskstats', 'self/mountinfo'];

/** What hdwrec reads from sysfs; each may be missing (no SMT control, no DMI on ARM), not all. */
const SYSFS_SOURCES = ['block', 'class/net', 'devices/system/cpu', 'class/dmi/id', 'hypervisor', 'firmware/devicetree'];

/**
 * Each source fails alone: one that cannot be read leaves its fields empty. A reading that gets
 * nothing from procfs fails; at the first reading, a sysfs or root that holds none of what is read
 * from it is refused too (a mistyped --sysfs or --rootfs would otherwise pass unnoticed).
 */
export function createInventoryReader(
  roots: SourceRoots,
  detect: VirtDetector = systemdDetectVirt,
  statfs: StatFs = statfsSync,
): () => Promise<InventorySnapshot> {
  const { procfs, sysfs } = roots;
  const rootfs = roots.rootfs ?? '/';
  let knownHypervisor: string | undefined; // it does not change while we run
  let first = true;
  return async () => {
    const epochMs = Date.now();
    const monoNs = process.hrtime.bigint();
    const sources = new SourceReads();
    const file = <T>(name: string, parse: (text: string) => T): T | undefined =>
      sources.read(`${procfs}/${name}`, () => parse(readSourceFile(`${procfs}/${name}`)));
    const cpu = file('cpuinfo', parseCpuinfo);
    const mem = sources.read(`${procfs}/meminfo`, () => readMeminfo(procfs));
    const hostname = file('sys/kernel/hostname', (t) => t.trim().split('.')[0]);
    const kernel = file('sys/kernel/osrelease', (t) => t.trim());
    const uptime = file('uptime', (t) => Math.floor(Number(t.split(' ')[0])));
    const disksRead = sources.read(`${procfs}/diskstats`, () => readDiskstats(procfs));
    const mounts = sources.read(`${procfs}/self/mountinfo`, () => readMountinfo(procfs));
    if (sources.failed === PROCFS_SOURCES.length) throw holdsNone(procfs, PROCFS_SOURCES, sources.failures);
    if (first && !SYSFS_SOURCES.some((d) => existsSync(`${sysfs}/${d}`))) throw holdsNone(sysfs, SYSFS_SOURCES, undefined);
    const os = sources.read(`${rootfs === '/' ? '' : rootfs}/etc/os-release`, () => osRelease(rootfs));
    if (first && os === undefined) throw holdsNone(rootfs, RELEASE_FILES, undefined);
    first = false;
    const smt = readOptional(`${sysfs}/devices/system/cpu/smt/active`)?.trim();
    const blockNames = readBlockDevices(sysfs);
    knownHypervisor ??= await hypervisor(sysfs, cpu?.hypervisorFlag, detect);
    return {
      epochMs,
      monoNs,
      hostname,
      machine: machine(),
      // ARM boards name the machine, not the CPU: the device tree's model (NUL-terminated) stands in.
      cpuModel: cpu?.model ?? readOptional(`${sysfs}/firmware/devicetree/base/model`)?.replace(/\0/g, '').trim(),
      hypervisor: knownHypervisor,
      osId: os?.id,
      osVersion: os?.version,
      kernel,
      // Where the kernel names no packages or cores (most ARM kernels), each logical CPU stands for one.
      packages: cpu && (cpu.packages ?? cpu.logical),
      cores: cpu && (cpu.cores ?? cpu.logical),
      logicalCpus: cpu?.logical,
      smt: smt === '1' ? true : smt === '0' ? false : cpu?.cores !== undefined ? cpu.logical > cpu.cores : undefined,
      memTotalKiB: mem?.get('MemTotal'),
      swapTotalKiB: mem?.get('SwapTotal'),
      disks: blockNames === null ? undefined : wholeDiskCount(blockNames),
      diskSpaceBytes: disksRead && mounts && diskSpace(disksRead, mounts, statfs, filesystemRoot(roots)),
      nics: countNics(roots, sources),
      uptimeSeconds: uptime,
      ips: formatAddresses(networkInterfaces()),
      unread: sources.failures,
    };
  };
}
