// Which hypervisor, if any, the system runs under. In order: Xen's own sysfs type; the firmware's
// vendor and product names (DMI), which name most hypervisors; and where the CPU says it is
// virtualized but the firmware does not say by whom (Firecracker, some clouds), systemd-detect-virt,
// which reads the CPUID vendor. "none" on bare metal.

const DMI_NAMES: [RegExp, string][] = [
  [/^QEMU|KVM|^Bochs/i, 'kvm'],
  [/VMware/i, 'vmware'],
  [/VirtualBox|innotek/i, 'oracle'],
  [/^Xen|HVM domU/i, 'xen'],
  [/Microsoft Corporation.*Virtual Machine|Hyper-V/i, 'microsoft'],
  [/Amazon EC2/i, 'amazon'],
  [/Google Compute Engine/i, 'google'],
  [/Parallels/i, 'parallels'],
  [/OpenStack/i, 'openstack'],
];

/** The hypervisor named by the DMI vendor and product strings, if they name one. */
export function hypervisorFromDmi(vendor: string, product: string): string | undefined {
  const both = `${vendor.trim()} ${product.trim()}`;
  return DMI_NAMES.find(([pattern]) => pattern.test(both))?.[1];
}
