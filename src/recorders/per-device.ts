// Rows of a per-device recorder: one per device present in both readings (a new device waits for
// its second reading, a vanished one simply stops), the device name second, in natural order.
import type { DeviceSnapshot } from '../platform/types.js';
import type { Value } from './recorder.js';
import { naturalCompare } from '../core/natural-order.js';

/** Sorting thousands of names each sample is waste: the order is kept until the names change. */
function sortedNamesCache(): (names: string[]) => string[] {
  let key: string | undefined;
  let sorted: string[] = [];
  return (names) => {
    const k = names.join('\n');
    if (k !== key) {
      key = k;
      sorted = [...names].sort(naturalCompare);
    }
    return sorted;
  };
}

export function perDeviceRows<D>(
  fields: (before: D, now: D, seconds: number) => Value[],
): (prev: DeviceSnapshot<D>, cur: DeviceSnapshot<D>, seconds: number) => Value[][] {
  const sorted = sortedNamesCache();
  return (prev, cur, seconds) => {
    const rows: Value[][] = [];
    for (const name of sorted([...cur.devices.keys()])) {
      const before = prev.devices.get(name);
      if (before !== undefined) rows.push([name, ...fields(before, cur.devices.get(name)!, seconds)]);
    }
    return rows;
  };
}
