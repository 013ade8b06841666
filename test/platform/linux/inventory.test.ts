import { parseCpuinfo } from '../../../src/platform/linux/cpuinfo.js';
import { parseOsRelease, parseRedhatRelease, parseLsbRelease } from '../../../src/platform/linux/os-release.js';
import { hypervisorFromDmi } from '../../../src/platform/linux/hypervisor.js';
import { createInventoryReader } from '../../../src/platform/linux/inventory.js';
import { formatAddresses } from '../../../src/platform/addresses.js';
import { fixture, FIXTURES } from '../../helpers.js';

const ROOT = `${FIXTURES}/linux/hdwrec-root`;

test('cpuinfo of this machine: model, logical CPUs, packages, cores, the hypervisor flag', () => {
  expect(parseCpuinfo(fixture('linux/firecracker-vm-k618/proc/cpuinfo'))).toEqual({
    model: 'Intel(R) Xeon(R) Processor', logical: 2, packages: 1, cores: 2, hypervisorFlag: true,
  });
});

test('cpuinfo without physical ids (most ARM kernels) leaves packages and cores unknown', () => {
  const arm = 'processor\t: 0\nBogoMIPS\t: 108.00\nFeatures\t: fp asimd\nCPU part\t: 0xd08\n\n' +
    'processor\t: 1\nBogoMIPS\t: 108.00\n\nHardware\t: BCM2835\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n';
  expect(parseCpuinfo(arm)).toEqual({ model: undefined, logical: 2, packages: undefined, cores: undefined, hypervisorFlag: false });
});

test('os-release and the older release files', () => {
  expect(parseOsRelease(fixture('linux/hdwrec-root/etc/os-release'))).toEqual({ id: 'ubuntu', version: '20.10' });
  expect(parseRedhatRelease('CentOS release 6.10 (Final)\n')).toEqual({ id: 'centos', version: '6.10' });
  expect(parseRedhatRelease('Red Hat Enterprise Linux Server release 6.9 (Santiago)\n')).toEqual({ id: 'rhel', version: '6.9' });
  expect(parseLsbRelease('DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=12.04\nDISTRIB_CODENAME=precise\n')).toEqual({ id: 'ubuntu', version: '12.04' });
});

test('the firmware names the hypervisor', () => {
  expect(hypervisorFromDmi('QEMU\n', 'Standard PC (i440FX + PIIX, 1996)\n')).toBe('kvm');
  expect(hypervisorFromDmi('VMware, Inc.', 'VMware Virtual Platform')).toBe('vmware');
  expect(hypervisorFromDmi('Microsoft Corporation', 'Virtual Machine')).toBe('microsoft');
  expect(hypervisorFromDmi('innotek GmbH', 'VirtualBox')).toBe('oracle');
  expect(hypervisorFromDmi('Dell Inc.', 'PowerEdge R740')).toBeUndefined();
});

test('addresses of every interface but loopback, IPv6 included', () => {
  expect(formatAddresses({
    lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: null }],
    eth0: [
      { address: '192.0.2.7', netmask: '255.255.255.0', family: 'IPv4', mac: 'aa:bb:cc:dd:ee:ff', internal: false, cidr: null },
      { address: '2001:db8::7', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: 'aa:bb:cc:dd:ee:ff', internal: false, cidr: null, scopeid: 0 },
    ],
  })).toBe('eth0_192.0.2.7 eth0_2001:db8::7');
});

describe('the inventory of a captured root', () => {
  const GIB = 2 ** 30;
  let asked = 0;
  const read = createInventoryReader(
    { procfs: `${ROOT}/proc`, sysfs: `${ROOT}/sys`, rootfs: ROOT },
    async () => { asked++; return 'kvm'; },
    (path) => {
      if (path.endsWith('/root')) return { bsize: 4096, blocks: (20 * GIB) / 4096, bfree: 0, bavail: 0 };
      if (path.endsWith('/boot')) return { bsize: 1024, blocks: GIB / 1024, bfree: 0, bavail: 0 };
      return { bsize: 4096, blocks: (64 * GIB) / 4096, bfree: 0, bavail: 0 };
    },
  );

  test('every field from the root, and the hypervisor from DMI without asking systemd-detect-virt', async () => {
    const s = await read();
    expect(s).toMatchObject({
      hostname: 'ubuntu2010', cpuModel: 'Intel(R) Xeon(R) Processor', hypervisor: 'kvm',
      osId: 'ubuntu', osVersion: '20.10', kernel: '5.8.0-43-generic',
      packages: 1, cores: 2, logicalCpus: 2, smt: true,
      memTotalKiB: 3997272, swapTotalKiB: 3996668,
      disks: 1, nics: 1, uptimeSeconds: 93784,
    });
    // dm-0 (20 GiB) and sda2 (1 GiB); the loop device's squashfs is not disk space.
    expect(s.diskSpaceBytes).toBe(21 * GIB);
    expect(asked).toBe(0);
  });
});
