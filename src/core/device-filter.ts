// Which devices a per-device recorder writes rows for: by default all but a class of names that
// are not devices of interest (loop devices, loopback…); with a list (-d sda,sdb / -i eth0), only
// those, even one the default would leave out. Shared by diskrec and nicrec.
import { UsageError } from './errors.js';
import { warnOnce } from './warn.js';
import { naturalCompare } from './natural-order.js';

export interface DeviceFilter {
  /** Names asked for on the command line; undefined: all but the excluded. */
  only?: Set<string>;
  /** Names left out by default. */
  exclude?: RegExp;
}

/** "sda, sdb,,nvme0n1" -> {sda, sdb, nvme0n1}; an empty list is a usage error. */
export function parseDeviceList(list: string, what: string): Set<string> {
  const names = new Set(list.split(',').map((s) => s.trim()).filter((s) => s !== ''));
  if (names.size === 0) throw new UsageError(`no ${what} named in '${list}'`);
  return names;
}

export function keepsDevice(filter: DeviceFilter, name: string): boolean {
  if (filter.only) return filter.only.has(name);
  return !filter.exclude?.test(name);
}

/**
 * Checks the list against the devices that exist at the start: naming none of them is a usage
 * error that lists what does exist; naming some that do not is a warning.
 */
export function checkDeviceList(filter: DeviceFilter, existing: Iterable<string>, what: string): void {
  if (!filter.only) return;
  const present = [...existing].sort(naturalCompare);
  const missing = [...filter.only].filter((n) => !present.includes(n));
  if (missing.length === filter.only.size) {
    throw new UsageError(`no ${what} named ${missing.join(', ')}: there are ${present.join(', ') || 'none'}`);
  }
  if (missing.length > 0) warnOnce(`no ${what} named ${missing.join(', ')} (yet): recording the others`);
}

/** A copy of the map with only the devices the filter keeps. */
export function filterDevices<T>(devices: Map<string, T>, filter: DeviceFilter): Map<string, T> {
  const kept = new Map<string, T>();
  for (const [name, d] of devices) if (keepsDevice(filter, name)) kept.set(name, d);
  return kept;
}

/** What a per-device recorder picks its devices from: what a device is called, and the default left out. */
export interface DeviceChoice {
  /** "disk", "interface", "domain": in messages. */
  what: string;
  exclude?: RegExp;
}

/**
 * A reader whose snapshots keep only the devices asked for (`list`: -d sda,sdb), else all but the
 * excluded; the list is checked against the devices of the first (baseline) snapshot, before any
 * row is written. The command line and `sdr run` both read through it.
 */
export function selectDevices<S extends { devices: Map<string, unknown> }>(
  choice: DeviceChoice,
  read: () => S | Promise<S>,
  list: string | undefined,
): () => Promise<S> {
  const filter: DeviceFilter = { exclude: choice.exclude };
  if (list !== undefined) filter.only = parseDeviceList(list, `${choice.what}s`);
  let checked = false;
  return async () => {
    const s = await read();
    if (!checked) {
      checkDeviceList(filter, s.devices.keys(), choice.what);
      checked = true;
    }
    return { ...s, devices: filterDevices(s.devices, filter) };
  };
}
