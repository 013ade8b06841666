// Disks and datalinks from kstat. A disk is an I/O kstat of a disk driver named like "sd0": its
// partitions ("sd0,a") and error kstats ("sd0,err") are left out by the selector, and so are SVM
// metadevices (module md), whose I/O the disks beneath also count. A datalink is a kstat of the
// link module (Solaris 11, illumos), counters in their 64-bit form where there is one.
import type { DiskIo, NicCounters } from '../types.js';
import { kstatsOf, kstatNumber, type Kstat, type Kstats } from './kstat.js';

export const DISK_MODULES = /^(sd|ssd|cmdk|dad|vdc|blkdev|xdf)$/;

export const DISK_SELECTOR = '/^(sd|ssd|cmdk|dad|vdc|blkdev|xdf)$/::/^[a-z]+[0-9]+$/:/^(reads|writes|nread|nwritten|rtime|wlentime|rlentime)$/';

const LINK_STATISTICS = ['rbytes64', 'rbytes', 'obytes64', 'obytes', 'ipackets64', 'ipackets', 'opackets64', 'opackets',
  'ierrors', 'oerrors', 'norcvbuf', 'noxmtbuf', 'collisions', 'multircv', 'ifspeed', 'link_duplex'];

/**
 * An I/O kstat's time in ms. illumos' and Solaris 11's kstat print it as fractional seconds
 * ("%.9f", 0 as "0"), the Perl kstat of Solaris 10 as integer nanoseconds: a value without a
 * decimal point is nanoseconds.
 */
export function kstatTimeMs(k: Kstat, statistic: string): number | undefined {
  const v = kstatNumber(k, statistic);
  if (v === undefined) return undefined;
  return k.get(statistic)!.includes('.') ? v * 1000 : v / 1e6;
}

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
    // The wait queue's and the run queue's areas (ms × requests) together: the queue of iostat's
    // wait + actv, and by Little's law the residence time of the requests, what await divides.
    const [wlen, rlen] = [kstatTimeMs(k, 'wlentime'), kstatTimeMs(k, 'rlentime')];
    const queue = wlen === undefined || rlen === undefined ? undefined : wlen + rlen;
    disks.set(name, {
      name,
      readsCompleted: kstatNumber(k, 'reads'),
      writesCompleted: kstatNumber(k, 'writes'),
      sectorsRead: bytesRead === undefined ? undefined : bytesRead / 512,
      sectorsWritten: bytesWritten === undefined ? undefined : bytesWritten / 512,
      // rtime: the time the run queue was not empty, iostat's %b.
      msDoingIo: kstatTimeMs(k, 'rtime'),
      weightedMsDoingIo: queue,
      msRequests: queue,
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
    const speed = kstatNumber(k, 'ifspeed');
    const duplex = kstatNumber(k, 'link_duplex');
    links.set(name, {
      name, rxBytes, rxPackets, txBytes, txPackets,
      // ifspeed in bits/s, 0 where unknown; link_duplex 1 half, 2 full, 0 unknown (a VNIC).
      speedMbps: speed === undefined || speed === 0 ? undefined : speed / 1e6,
      duplex: speed === undefined || speed === 0 ? undefined : duplex === 2 ? 'full' : duplex === 1 ? 'half' : undefined,
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
