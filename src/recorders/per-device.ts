// Rows of a per-device recorder: one per device present in both readings (a new device waits for
// its second reading, a vanished one simply stops), the device name second, in natural order.
import type { DeviceSnapshot } from '../platform/types.js';
import type { Value } from './recorder.js';
import { naturalCompare } from '../core/natural-order.js';
import { memoByNames } from '../core/memo-by-names.js';

export function perDeviceRows<D>(
  fields: (before: D, now: D, seconds: number) => Value[],
): (prev: DeviceSnapshot<D>, cur: DeviceSnapshot<D>, seconds: number) => Value[][] {
  const sorted = memoByNames((names) => [...names].sort(naturalCompare));
  return (prev, cur, seconds) => {
    const rows: Value[][] = [];
    for (const name of sorted([...cur.devices.keys()])) {
      const before = prev.devices.get(name);
      if (before === undefined) continue;
      // unshift, not [name, ...fields]: a spread costs twice as much, once per device.
      const row = fields(before, cur.devices.get(name)!, seconds);
      row.unshift(name);
      rows.push(row);
    }
    return rows;
  };
}
