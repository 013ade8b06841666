// The original hdwrec's layouts: Linux 1.2.2, FreeBSD 1.2.2 and macOS 1.0.0 (a stub) share 20
// field names but not their formats (the uptime is "0d 0h 35m 7s" on Linux, "35m 7s" on FreeBSD);
// Solaris 0.75 has 12.
import { only, same, type OriginalField, type OriginalLayout } from './layout.js';

const TIMESTAMP = same('timestamp', 'seconds since the epoch, rounded');
const IPV4 = "IPv4 only, the original's colons deleted";

const LINUX: OriginalField[] = [
  TIMESTAMP,
  same('hostname', 'up to the first dot', { convert: 'text' }),
  same('hdw', 'uname -m', { convert: 'text' }),
  same('model', 'the last model name of /proc/cpuinfo, else the device-tree model', { convert: 'text' }),
  same('hypervisor', '/sys/hypervisor/type, else systemd-detect-virt (none on bare metal), NA', { convert: 'text' }),
  same('os', 'the distribution from lsb-release and the release files (never os-release)', {
    convert: 'text', note: 'the release files\' names: redhat or centos where os-release says rhel',
  }),
  same('relos', 'the distribution\'s version', { convert: 'text' }),
  same('kernel', 'the kernel release', { convert: 'text' }),
  same('pcpu', 'distinct physical ids, else the logical CPUs'),
  only('cores', 'the logical CPUs, not the cores'),
  same('vcpu', 'logical CPUs'),
  only('ht', 'always NA'),
  same('memtotal', 'MiB MemTotal'),
  same('swaptotal', 'MiB SwapTotal'),
  same('disks', 'whole disks of /sys/block, but loop, ram, zram, fd, md, dm and sr'),
  same('diskspace', 'GiB, the filesystems of the disks summed', { note: 'rounded up to a whole GiB' }),
  only('nics', 'interfaces with an address, but loopback'),
  same('uptime', '"0d 3h 5m 12s", every part printed', { convert: 'dhms' }),
  same('ips', 'name_address for each interface, blank-separated', { convert: 'text', note: IPV4 }),
  only('version', "the Kronometrix agent's version"),
];

const FREEBSD: OriginalField[] = [
  TIMESTAMP,
  same('hostname', 'up to the first dot', { convert: 'text' }),
  same('hdw', 'hw.machine_arch', { convert: 'text', note: "hw.machine_arch (aarch64) where sdr's hw.machine says arm64" }),
  same('model', 'hw.model', { convert: 'text' }),
  same('hypervisor', 'the CPUID vendor in dmesg.boot (KVMKVMKVM as kvm), NA', { convert: 'text', note: 'the vendor string, not kern.vm_guest' }),
  same('os', 'kern.ostype in lower case: freebsd', { convert: 'text' }),
  same('relos', 'kern.osrelease up to the first -', { convert: 'text' }),
  only('kernel', 'kern.ident: GENERIC'),
  only('pcpu', 'always 1'),
  only('cores', 'always NA'),
  same('vcpu', 'hw.ncpu'),
  only('ht', 'always NA'),
  same('memtotal', 'MiB hw.physmem'),
  same('swaptotal', 'MiB vm.swap_total'),
  same('disks', 'kern.disks but cd0'),
  only('diskspace', 'always 0'),
  same('nics', 'interfaces but one (the loopback)'),
  same('uptime', '"5m 3s", parts that are 0 left out', { convert: 'dhms' }),
  same('ips', 'name_address for each interface, blank-separated', { convert: 'text', note: IPV4 }),
  only('version', "the Kronometrix agent's version"),
];

const DARWIN: OriginalField[] = [
  TIMESTAMP,
  same('hostname', 'up to the first dot', { convert: 'text' }),
  only('hdw', 'the word arch'),
  only('model', 'NA'),
  only('hypervisor', 'NA'),
  only('os', 'the word os'),
  same('relos', 'the macOS version', { convert: 'text' }),
  same('kernel', 'the Darwin kernel version', { convert: 'text' }),
  only('pcpu', 'always 1'),
  only('cores', 'always 1'),
  only('vcpu', 'always 1'),
  only('ht', 'NA'),
  only('memtotal', 'the word phymem'),
  only('swaptotal', 'the word memory'),
  only('disks', '0'),
  only('diskspace', '0'),
  only('nics', '0'),
  only('uptime', 'the word uptime'),
  same('ips', 'name_address for each interface, blank-separated', { convert: 'text', note: IPV4 }),
  only('version', "the Kronometrix agent's version"),
];

const SOLARIS: OriginalField[] = [
  TIMESTAMP,
  same('hostname', 'up to the first dot', { convert: 'text' }),
  only('platform', 'uname -i'),
  only('os', 'uname -sr: SunOS 5.11'),
  same('pcpu', 'psrinfo -p'),
  same('vcpu', 'ncpus'),
  same('memtotal', '"2048.00 MB": MiB installed', { convert: 'mb' }),
  only('swaptotal', '"1024.00 MB": the swap devices (swap -l)'),
  same('disks', 'disk kstats but fd0, md and partitions'),
  same('nics', 'kstats with ifspeed, but mac'),
  only('jvms', 'Java processes, NA for none'),
  same('uptime', '"12 days", rounded to the day', { convert: 'days', note: 'to the day' }),
];

export const HDWREC_LAYOUTS: OriginalLayout[] = [
  { recorder: 'hdwrec', os: 'linux', version: '1.2.2', fields: LINUX },
  { recorder: 'hdwrec', os: 'freebsd', version: '1.2.2', fields: FREEBSD },
  { recorder: 'hdwrec', os: 'darwin', version: '1.0.0', fields: DARWIN, note: 'a stub printing placeholder words' },
  { recorder: 'hdwrec', os: 'solaris', version: '0.75', fields: SOLARIS },
];
