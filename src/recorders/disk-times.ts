// diskrec's fields beyond the rates: what iostat -x and sar -d compute from the same counters.
//   avgrqsz  KiB per request: sectors / 2 / requests (reads, writes and discards, as sar's areq-sz)
//   avgqusz  requests in flight on average: the queue's area (ms × requests) / the interval (aqu-sz)
//   await    ms per request, from submission to completion: time of the requests / requests
//   rawait, wawait   the same for reads and for writes (r_await, w_await)
//   utilpct  the share of the interval the device was busy (%util); a device whose busy time runs
//            past the interval (a stacked or multipath device merging its paths' time, a counter
//            glitch) prints 100, never more
//   discards, dkbytes, flushes   per second, where the kernel counts them (4.18+, 5.5+)
// An average over no request (an idle disk) is empty: there is nothing to average, where iostat
// prints 0.00. A counter that went backwards empties the fields it feeds.
import type { DiskIo } from '../platform/types.js';
import type { Value } from './recorder.js';
import { counterDelta, perSecond } from '../core/counters.js';

type Counter = keyof Omit<DiskIo, 'name'>;

export function diskTimes(before: DiskIo, now: DiskIo, seconds: number): Value[] {
  const d = (k: Counter) => counterDelta(before[k], now[k]);
  // Discards add to the requests where the device counts them; where it does not, they add nothing.
  const kept = (k: Counter) => (before[k] === undefined || now[k] === undefined ? 0 : d(k));
  const reads = d('readsCompleted');
  const writes = d('writesCompleted');
  const split = reads !== null && writes !== null;
  const sum = (a: number | null, b: number | null, c: number | null) => (a === null || b === null || c === null ? null : a + b + c);
  const requests = split ? sum(reads, writes, kept('discardsCompleted')) : d('transfers');
  const sectors = now.sectorsRead !== undefined
    ? sum(d('sectorsRead'), d('sectorsWritten'), kept('sectorsDiscarded')) : d('sectorsTransferred');
  const time = now.msReading !== undefined
    ? sum(d('msReading'), d('msWriting'), kept('msDiscarding')) : d('msRequests');
  const per = (part: number | null, count: number | null, scale = 1) =>
    part === null || count === null || count === 0 ? null : (part * scale) / count;
  const ms = seconds * 1000;
  const busy = d('msDoingIo');
  return [
    per(sectors, requests, 0.5),
    perSecond(d('weightedMsDoingIo'), ms),
    per(time, requests),
    per(d('msReading'), reads),
    per(d('msWriting'), writes),
    busy === null ? null : Math.min(100, (100 * busy) / ms),
    perSecond(d('discardsCompleted'), seconds),
    perSecond(d('sectorsDiscarded'), seconds, 0.5),
    perSecond(d('flushesCompleted'), seconds),
  ];
}
