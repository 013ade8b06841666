// diskrec's fields beyond the rates: what iostat -x and sar -d compute from the same counters.
//   avgrqsz  KiB per request: sectors / 2 / requests (reads, writes and discards, as sar's areq-sz)
//   avgqusz  requests in flight on average: the queue's area (ms × requests) / the interval (aqu-sz)
//   await    ms per request, from submission to completion: time of the requests / requests
//   rawait, wawait   the same for reads and for writes (r_await, w_await)
//   utilpct  the share of the interval the device was busy (%util); a device whose busy time runs
//            past the interval (a stacked or multipath device merging its paths' time, a counter
//            glitch) prints 100, never more
//   discards, discardkbytes, flushes   per second, where the kernel counts them (4.18+, 5.5+)
// An average over no request (an idle disk) is empty: there is nothing to average, where iostat
// prints 0.00. A counter that went backwards empties the fields it feeds.
// Written straight, without closures: diskrec computes this for each of thousands of devices.
import type { DiskIo } from '../platform/types.js';
import type { Value } from './recorder.js';

/** cur - prev, null where the counter is not kept or went backwards (counters.ts's counterDelta). */
function delta(prev: number | undefined, cur: number | undefined): number | null {
  return prev === undefined || cur === undefined || cur < prev ? null : cur - prev;
}

/** As delta, but 0 where the device does not keep the counter: discards add nothing there. */
function kept(prev: number | undefined, cur: number | undefined): number | null {
  return prev === undefined || cur === undefined ? 0 : cur < prev ? null : cur - prev;
}

function sum3(a: number | null, b: number | null, c: number | null): number | null {
  return a === null || b === null || c === null ? null : a + b + c;
}

/** part × scale per count; null where either is unknown or nothing was counted. */
function per(part: number | null, count: number | null, scale: number): number | null {
  return part === null || count === null || count === 0 ? null : (part * scale) / count;
}

function rate(d: number | null, seconds: number, scale: number): number | null {
  return d === null ? null : (d * scale) / seconds;
}

export function diskTimes(before: DiskIo, now: DiskIo, seconds: number): Value[] {
  const reads = delta(before.readsCompleted, now.readsCompleted);
  const writes = delta(before.writesCompleted, now.writesCompleted);
  const requests = reads !== null && writes !== null
    ? sum3(reads, writes, kept(before.discardsCompleted, now.discardsCompleted))
    : delta(before.transfers, now.transfers);
  const sectors = now.sectorsRead !== undefined
    ? sum3(delta(before.sectorsRead, now.sectorsRead), delta(before.sectorsWritten, now.sectorsWritten),
      kept(before.sectorsDiscarded, now.sectorsDiscarded))
    : delta(before.sectorsTransferred, now.sectorsTransferred);
  const msReading = delta(before.msReading, now.msReading);
  const msWriting = delta(before.msWriting, now.msWriting);
  const time = now.msReading !== undefined
    ? sum3(msReading, msWriting, kept(before.msDiscarding, now.msDiscarding))
    : delta(before.msRequests, now.msRequests);
  const ms = seconds * 1000;
  const busy = delta(before.msDoingIo, now.msDoingIo);
  return [
    per(sectors, requests, 0.5),
    rate(delta(before.weightedMsDoingIo, now.weightedMsDoingIo), ms, 1),
    per(time, requests, 1),
    per(msReading, reads, 1),
    per(msWriting, writes, 1),
    busy === null ? null : Math.min(100, (100 * busy) / ms),
    rate(delta(before.discardsCompleted, now.discardsCompleted), seconds, 1),
    rate(delta(before.sectorsDiscarded, now.sectorsDiscarded), seconds, 0.5),
    rate(delta(before.flushesCompleted, now.flushesCompleted), seconds, 1),
  ];
}
