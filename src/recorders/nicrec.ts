// nicrec: one row per network interface per sample, fields as lmo/nicrec.json lists them. Every
// rate has two decimals (the original rounded KiB/s to integers, so slow links read 0). Then the
// link's speed and duplex as the reading found them, and its utilisation as sar -n DEV computes
// %ifutil: on a full-duplex link the busier direction's bits per second over the speed, on any
// other (half, or duplex unknown) both directions' together; empty where the speed is unknown.
import type { Recorder } from './recorder.js';
import type { DeviceSnapshot, NicCounters } from '../platform/types.js';
import { addKnown, counterDelta, perSecond } from '../core/counters.js';
import { perDeviceRows } from './per-device.js';

const rows = perDeviceRows<NicCounters>((before, now, seconds) => {
  const rate = (pick: (n: NicCounters) => number | undefined, scale = 1) => perSecond(counterDelta(pick(before), pick(now)), seconds, scale);
  const rxpkt = rate((n) => n.rxPackets);
  const rxkb = rate((n) => n.rxBytes, 1 / 1024);
  const txpkt = rate((n) => n.txPackets);
  const txkb = rate((n) => n.txBytes, 1 / 1024);
  return [
    rxpkt, rxkb, rate((n) => n.rxErrors), rate((n) => n.rxDropped), rate((n) => n.rxFifo),
    rate((n) => n.rxFrame), rate((n) => n.rxCompressed), rate((n) => n.rxMulticast),
    txpkt, txkb, rate((n) => n.txErrors), rate((n) => n.txDropped), rate((n) => n.txFifo),
    rate((n) => n.txCollisions), rate((n) => n.txCarrier), rate((n) => n.txCompressed),
    addKnown(rxpkt, txpkt), addKnown(rxkb, txkb),
    now.speedMbps ?? null, now.duplex ?? null, linkUtilPct(rxkb, txkb, now),
  ];
});

/** %ifutil from KiB/s: 8192 bits a KiB, the speed in Mb/s (10^6 bits). */
function linkUtilPct(rxkb: number | null, txkb: number | null, nic: NicCounters): number | null {
  if (nic.speedMbps === undefined || rxkb === null || txkb === null) return null;
  const kib = nic.duplex === 'full' ? Math.max(rxkb, txkb) : rxkb + txkb;
  return (100 * kib * 8192) / (nic.speedMbps * 1e6);
}

export const nicrec: Recorder<DeviceSnapshot<NicCounters>> = {
  name: 'nicrec',
  // Loopback is left out by default: lo on Linux, lo0 elsewhere (each backend names its own).
  devices: { flags: '-i, --interfaces <list>', what: 'interface', kind: 'interface' },
  reader: (platform, roots) => platform.nicReader(roots),
  rows,
};
