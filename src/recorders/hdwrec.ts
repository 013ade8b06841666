// hdwrec: the hardware and software inventory, one row per sample, fields as lmo/hdwrec.json
// lists them. Nothing here is a rate: each row describes the system as it is at that sample.
import type { Recorder } from './recorder.js';
import type { InventorySnapshot } from '../platform/types.js';
import { sdrVersion } from '../core/version.js';

const MIB = 1024; // KiB per MiB
const GIB = 2 ** 30;

export const hdwrec: Recorder<InventorySnapshot> = {
  name: 'hdwrec',
  rootfs: 'read /etc (os-release and the older release files) under this root instead of /',
  fromOneReading: true,
  reader: (platform, roots) => platform.inventoryReader(roots),
  rows(_prev, s) {
    const smt = s.smt === undefined ? null : s.smt ? 'yes' : 'no';
    return [[
      s.hostname ?? null, s.machine, s.cpuModel ?? null, s.hypervisor ?? null, s.osId ?? null, s.osVersion ?? null, s.kernel ?? null,
      s.packages ?? null, s.cores ?? null, s.logicalCpus ?? null, smt,
      s.memTotalKiB === undefined ? null : s.memTotalKiB / MIB,
      s.swapTotalKiB === undefined ? null : s.swapTotalKiB / MIB,
      s.disks ?? null, s.diskSpaceBytes === undefined ? null : s.diskSpaceBytes / GIB, s.nics ?? null,
      s.uptimeSeconds ?? null, s.ips, sdrVersion(),
    ]];
  },
};
