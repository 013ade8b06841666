// Disks and datalinks from kstat. A disk is an I/O kstat of a disk driver named like "sd0": its
// partitions ("sd0,a") and error kstats ("sd0,err") are left out by the selector, and so are SVM
// metadevices (module md), whose I/O the disks beneath also count. A datalink is a kstat of the
// link module (Solaris 11, illumos), counters in their 64-bit form where there is one.
import type { DiskIo, NicCounters } from '../types.js';
import { kstatsOf, kstatNumber, type Kstat, type Kstats } from './kstat.js';

export const DISK_MODULES = /^(sd|ssd|cmdk|dad|vdc|blkdev|xdf)$/;

export const DISK_SELECTOR = '/^(sd|ssd|cmdk|dad|vdc|blkdev|xdf)$/::/^[a-z]+[0-9]+$/:/^(reads|writes|nread|nwritten)$/';

const LINK_STATISTICS = ['rbytes64', 'rbytes', 'obytes64', 'obytes', 'ipackets64', 'ipackets', 'opackets64', 'opackets',
  'ierrors', 'oerrors', 'norcvbuf', 'noxmtbuf', 'collisions', 'multircv'];

export const LINK_SELECTOR = `link:::/^(${LINK_STATISTICS.join('|')})$/`;

/** Aggregations relay the traffic their member links count. */
export const NOT_A_SYSTEM_NIC = /^aggr\d+$/;

export function disksFromKstat(stats: Kstats): Map<string, DiskIo> {
  const disks = new Map<string, DiskIo>();
  for (const [id, k] of kstatsOf(stats, DISK_MODULES)) {
    const name = id.split(':')[2];
    if (name.includes(',')) continue; // a partition ("sd0,a") or the error kstat ("sd0,err")
    const bytesRead = kstatNumber(k, 'nread');
    const bytesWritten = kstatNumber(k, 'nwritten');
    disks.set(name, {
      name,
      readsCompleted: kstatNumber(k, 'reads'),
      writesCompleted: kstatNumber(k, 'writes'),
      sectorsRead: bytesRead === undefined ? undefined : bytesRead / 512,
      sectorsWritten: bytesWritten === undefined ? undefined : bytesWritten / 512,
    });
  }
  return disks;
}

/** The 64-bit counter, else the 32-bit one (which wraps after 4 GiB). */
function wide(k: Kstat, statistic: string): number | undefined {
  return kstatNumber(k, `${statistic}64`) ?? kstatNumber(k, statistic);
}

export function linksFromKstat(stats: Kstats): Map<string, NicCounters> {
  const links = new Map<string, NicCounters>();
  for (const [id, k] of kstatsOf(stats, 'link')) {
    const name = id.split(':')[2];
    const [rxBytes, rxPackets, txBytes, txPackets] = ['rbytes', 'ipackets', 'obytes', 'opackets'].map((s) => wide(k, s));
    if (rxBytes === undefined || rxPackets === undefined || txBytes === undefined || txPackets === undefined) continue;
    links.set(name, {
      name, rxBytes, rxPackets, txBytes, txPackets,
      rxErrors: kstatNumber(k, 'ierrors'),
      rxDropped: kstatNumber(k, 'norcvbuf'),
      rxMulticast: kstatNumber(k, 'multircv'),
      txErrors: kstatNumber(k, 'oerrors'),
      txDropped: kstatNumber(k, 'noxmtbuf'),
      txCollisions: kstatNumber(k, 'collisions'),
    });
  }
  return links;
}
