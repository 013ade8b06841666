// Which charts a recorder's report draws. The whole-system recorder gets the views a sar user
// knows (CPU stacked by state, memory, swap, disk, network, load); a per-device recorder gets one
// chart per measure with a line per device (cpurec its heat map and cpuplayer instead); a recorder
// the report knows nothing more of gets a chart
// per numeric field. Fields are named here, their units and meanings come from the LMO, and a field
// the LMO (or an older file) does not have is left out of its chart.
import type { Lmo } from '../core/lmo.js';
import { deviceField, numericFields } from './summary.js';

export interface ChartSpec {
  id: string;
  title: string;
  unit: string;
  /** Lines, or areas stacked from the first series up. */
  stacked: boolean;
  /** Fields of the whole-system row; for a per-device chart, the one field drawn per device. */
  fields: string[];
  perDevice: boolean;
}

/** The sar-like views of sysrec: [title, fields, stacked]. */
const SYSTEM_VIEWS: [string, string[], boolean][] = [
  ['CPU by state', ['userpct', 'syspct', 'iowaitpct', 'stealpct'], true],
  ['Memory', ['memused', 'memavailable', 'cached'], false],
  ['Swap', ['swapused', 'swaptotal'], false],
  ['Disk throughput', ['rkbytes', 'wkbytes'], false],
  ['Disk operations', ['reads', 'writes'], false],
  ['Network throughput', ['rxkbytes', 'txkbytes'], false],
  ['Network packets', ['rxpkt', 'txpkt'], false],
  ['Load averages', ['avg1', 'avg5', 'avg15'], false],
];

export function chartsOf(lmo: Lmo): ChartSpec[] {
  const unitOf = new Map(lmo.fields.map((f) => [f.name, f.unit]));
  if (lmo.name === 'sysrec') {
    return SYSTEM_VIEWS.flatMap(([title, fields, stacked], i) => {
      const present = fields.filter((f) => unitOf.has(f));
      return present.length === 0 ? [] : [{ id: `${lmo.name}-${i}`, title, unit: unitOf.get(present[0])!, stacked, fields: present, perDevice: false }];
    });
  }
  // cpurec is drawn as its heat map and its cpuplayer (cpu-player-data.ts): a line per CPU and
  // state would be 9 charts of 64 tangled lines on a big host, and read nothing the two do not.
  if (lmo.name === 'cpurec') return [];
  const perDevice = deviceField(lmo) !== undefined;
  return numericFields(lmo).map((f) => ({
    id: `${lmo.name}-${f.name}`,
    title: `${f.name}: ${f.description.split(/[.;:(]/)[0]}`,
    unit: f.unit,
    stacked: false,
    fields: [f.name],
    perDevice,
  }));
}
