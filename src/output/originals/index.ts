// The original agents' layouts, as sdr collect stores them and as a report or an engine reads
// them: each original recorder's fields on each OS (the files beside this one), the file a row of
// one goes to, and a row of one as a row of the LMO, with the fields of the same meaning filled
// and the rest left empty, as sdr leaves a field it did not measure.
//
// A stored row is the original's text as it was sent: fields joined by ':', nothing quoted or
// encoded (what the original printed could not hold a ':' it did not strip). The layout 'sdr' is
// sdr's own (the LMO's) in the colon format, as an original sender ships the colon output of an
// sdr recorder: its fields are percent-decoded.
import { loadLmo } from '../../core/lmo.js';
import { splitColonLine } from '../colon.js';
import { utcDay } from '../day-file-name.js';
import { convertField } from './convert.js';
import { ORIGINAL_OSES, type OriginalLayout, type OriginalOs } from './layout.js';
import { SYSREC_LAYOUTS } from './sysrec.js';
import { CPUREC_LAYOUTS } from './cpurec.js';
import { DISKREC_LAYOUTS } from './diskrec.js';
import { NICREC_LAYOUTS } from './nicrec.js';
import { HDWREC_LAYOUTS } from './hdwrec.js';
import { XENREC_LAYOUTS } from './xenrec.js';

export type { OriginalLayout, OriginalField, OriginalOs, Conversion } from './layout.js';
export { ORIGINAL_OSES } from './layout.js';
export { convertField } from './convert.js';

export const ORIGINAL_LAYOUTS: readonly OriginalLayout[] = [
  ...SYSREC_LAYOUTS, ...CPUREC_LAYOUTS, ...DISKREC_LAYOUTS, ...NICREC_LAYOUTS, ...HDWREC_LAYOUTS, ...XENREC_LAYOUTS,
];

/** sdr's own layout, as an original sender ships an sdr recorder's colon output. */
export const SDR_LAYOUT = 'sdr';

/** A layout's name in file names and sources.csv: the original's OS, or 'sdr'. */
export type LayoutName = OriginalOs | typeof SDR_LAYOUT;

export function isOriginalOs(os: string): os is OriginalOs {
  return (ORIGINAL_OSES as readonly string[]).includes(os);
}

/** The original layout of a recorder on an OS; undefined when the original had none. */
export function originalLayout(os: string, recorder: string): OriginalLayout | undefined {
  return ORIGINAL_LAYOUTS.find((l) => l.os === os && l.recorder === recorder);
}

/** The header line of a layout's files: its field names joined by ':', as its rows are. */
export function layoutHeader(recorder: string, layout: LayoutName): string {
  const names = layout === SDR_LAYOUT ? loadLmo(recorder).fields.map((f) => f.name) : originalLayout(layout, recorder)!.fields.map((f) => f.name);
  return `${names.join(':')}\n`;
}

/** <recorder>-<layout>-YYYY-MM-DD.csv, by the UTC date of the row. */
export function layoutFileName(recorder: string, layout: LayoutName, epochMs: number): string {
  return `${recorder}-${layout}-${utcDay(epochMs)}.csv`;
}

const LAYOUT_FILE = /^([a-z][a-z0-9]*)-([a-z]+)-(\d{4}-\d{2}-\d{2})\.csv(\.gz)?$/;

/** What a layout file's name says, or undefined when it is not one (an sdr day file is not). */
export function parseLayoutFileName(name: string): { recorder: string; layout: LayoutName; day: string } | undefined {
  const m = LAYOUT_FILE.exec(name);
  if (m === null || !(m[2] === SDR_LAYOUT || isOriginalOs(m[2])) || (m[2] !== SDR_LAYOUT && originalLayout(m[2], m[1]) === undefined)) return undefined;
  return { recorder: m[1], layout: m[2] as LayoutName, day: m[3] };
}

/**
 * An original row's fields as the LMO's, in its order: each LMO field that a field of the layout
 * means, converted (layout.ts), and '' for the others. Throws when the row is not of the layout.
 */
export function originalToLmo(layout: OriginalLayout, fields: string[]): string[] {
  if (fields.length !== layout.fields.length) {
    throw new Error(`a ${layout.os} ${layout.recorder} row has ${layout.fields.length} fields, not ${fields.length}`);
  }
  const lmo = loadLmo(layout.recorder).fields;
  const row = lmo.map(() => '');
  layout.fields.forEach((f, i) => {
    if (f.lmo === undefined) return;
    row[lmo.findIndex((l) => l.name === f.lmo)] = convertField(fields[i], f.convert);
  });
  return row;
}

/** The LMO fields an original layout fills; the others stay empty in its rows. */
export function mappedFields(layout: OriginalLayout): string[] {
  return layout.fields.flatMap((f) => (f.lmo === undefined ? [] : [f.lmo]));
}

/** A line of a layout file (without its newline) as a row of the recorder's LMO. */
export function storedRowToLmo(recorder: string, layout: LayoutName, line: string): string[] {
  if (layout === SDR_LAYOUT) {
    const fields = splitColonLine(line);
    const want = loadLmo(recorder).fields.length;
    if (fields.length !== want) throw new Error(`an sdr ${recorder} row has ${want} fields, not ${fields.length}`);
    return fields;
  }
  const original = originalLayout(layout, recorder);
  if (original === undefined) throw new Error(`no original ${recorder} of ${layout} is known`);
  return originalToLmo(original, line.split(':'));
}
