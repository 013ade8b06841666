// The shape of an original layout: the fields of one original recorder on one OS, in the order
// its rows give them, and for each field whose meaning is the LMO's, the LMO field and how its
// text becomes that field's. The layouts themselves are in the files beside this one, one per
// recorder, from the field lists of the original recorders (their usage texts and printf formats).

/** The OS an original agent names in its message ids (Perl's $^O). */
export type OriginalOs = 'linux' | 'freebsd' | 'darwin' | 'solaris';
export const ORIGINAL_OSES: readonly OriginalOs[] = ['linux', 'freebsd', 'darwin', 'solaris'];

/**
 * How a field's text becomes the LMO field's. Every conversion gives '' (empty, as an sdr row
 * leaves a field it could not measure) for the original's NA, for an empty field and for text it
 * cannot read.
 * - number: a number as printed, kept as it is (the original's %d and %.2f are the LMO's units)
 * - text: the text as it is, NUL bytes dropped (the original's device-tree model keeps one)
 * - dhms: an uptime "3d 4h 5m 6s", parts that are 0 left out or not, to seconds
 * - days: an uptime "12 days" (rounded to the day) to seconds
 * - mb: "2048.00 MB" (MiB) to "2048.00"
 * - cpu-number: a CPU's number "3" to the kernel's name "cpu3"
 * - xen-name: the original's "dom0" back to xentop's "Domain-0"
 */
export type Conversion = 'number' | 'text' | 'dhms' | 'days' | 'mb' | 'cpu-number' | 'xen-name';

export interface OriginalField {
  /** The name the original's usage text gives it (misspellings kept: they are its names). */
  name: string;
  /** What it holds, with its unit, as the original documents it. */
  meaning: string;
  /** The LMO field of the same meaning, when there is one. */
  lmo?: string;
  /** How the text becomes the LMO field's: 'number' when left out. */
  convert?: Conversion;
  /** Where the value differs from what sdr records in that field, in range or precision. */
  note?: string;
}

export interface OriginalLayout {
  recorder: string;
  /** The OS of the message ids it comes under; names its files, <recorder>-<os>-YYYY-MM-DD.csv. */
  os: OriginalOs;
  /** The original recorder's version the field list is of. */
  version: string;
  /** Where the layout as a whole records something else than sdr does. */
  note?: string;
  fields: OriginalField[];
}

/** A field that maps to the LMO field of the same name. */
export const same = (name: string, meaning: string, extra: Omit<OriginalField, 'name' | 'meaning'> = {}): OriginalField =>
  ({ name, meaning, lmo: name, ...extra });

/** A field left out of the LMO: no field of sdr means the same. */
export const only = (name: string, meaning: string): OriginalField => ({ name, meaning });
