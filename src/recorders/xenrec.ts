// xenrec: one row per Xen domain per sample, from xentop on a dom0; fields as lmo/xenrec.json
// lists them. xentop measures CPU% over its own 1 s; its network and block counters are cumulative
// and stay so (raw data: the consumer takes the differences it needs).
import type { Recorder, Value } from './recorder.js';
import type { XenDomain, XenSnapshot } from '../platform/types.js';
import { UsageError } from '../core/errors.js';
import { naturalCompare } from '../core/natural-order.js';

/** xentop's columns in LMO order, after the name and state. */
const COLUMNS = ['CPU(sec)', 'CPU(%)', 'MEM(k)', 'MEM(%)', 'MAXMEM(k)', 'MAXMEM(%)', 'VCPUS', 'NETS', 'NETTX(k)',
  'NETRX(k)', 'VBDS', 'VBD_OO', 'VBD_RD', 'VBD_WR', 'VBD_RSECT', 'VBD_WSECT', 'SSID'];

/** A number as printed; "no limit", "n/a", "-" and absent columns (old xentop) are unknown. */
function number(text: string | undefined): number | null {
  if (text === undefined || !/^\d+(\.\d+)?$/.test(text)) return null;
  return Number(text);
}

/** "--b---" -> "b": the flags that are set, in xentop's order d s b c p r. */
function state(flags: string | undefined): string | null {
  return flags === undefined ? null : flags.replace(/-/g, '');
}

function domainRow(d: XenDomain): Value[] {
  return [d.name, state(d.values.get('STATE')), ...COLUMNS.map((c) => number(d.values.get(c)))];
}

function positiveSeconds(text: string | undefined): number {
  const v = Number(text);
  if (!(v > 0)) throw new UsageError(`timeout '${text}' is not a positive number of seconds`);
  return v;
}

export const xenrec: Recorder<XenSnapshot> = {
  name: 'xenrec',
  devices: { flags: '-d, --domains <list>', what: 'domain' },
  options: [
    { flags: '--xentop <path>', description: 'the xentop program (default: xentop on PATH, then /usr/sbin/xentop)' },
    { flags: '--timeout <seconds>', description: 'give up on a xentop run after this long', defaultValue: '10' },
  ],
  // xentop itself takes 1 s between its two iterations.
  minIntervalSeconds: 2,
  fromOneReading: true,
  readsPseudoFiles: false,
  reader: (platform, _roots, settings) =>
    platform.xenReader({ xentop: settings.xentop, timeoutSeconds: positiveSeconds(settings.timeout) }),
  rows: (_prev, cur) => [...cur.devices.keys()].sort(naturalCompare).map((name) => domainRow(cur.devices.get(name)!)),
};
