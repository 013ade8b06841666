// Values to text by the LMO type of their field: the one place that decides how numbers print.
import type { Lmo, FieldType } from '../core/lmo.js';
import type { Value } from '../recorders/recorder.js';

type Formatter = (v: Value) => string;

const BY_TYPE: Record<Exclude<FieldType, 'time'>, Formatter> = {
  int: (v) => (v === null ? '' : typeof v === 'number' ? String(Math.trunc(v)) : v),
  // Two decimals; a value that rounds to zero prints 0.00, never -0.00. Written in one function,
  // without a call to a helper or to Math.abs: diskrec formats some twenty of these for each of
  // thousands of devices a sample, and without the optimizing compiler every call counts.
  float: (v) => (v === null ? '' : typeof v !== 'number' ? v : v > -0.005 && v < 0.005 ? '0.00' : v.toFixed(2)),
  string: (v) => (v === null ? '' : String(v)),
};

/** UTC epoch seconds from milliseconds: whole seconds (floored), or with 3 decimals. */
export function formatTimestamp(epochMs: number, decimals: 0 | 3): string {
  const seconds = Math.floor(epochMs / 1000);
  if (decimals === 0) return String(seconds);
  return `${seconds}.${String(epochMs - seconds * 1000).padStart(3, '0')}`;
}

/** Formats the fields after the timestamp, in LMO order. */
export function rowFormatter(lmo: Lmo): (values: Value[]) => string[] {
  const formatters = lmo.fields.slice(1).map((f) => BY_TYPE[f.type as Exclude<FieldType, 'time'>]);
  return (values) => {
    if (values.length !== formatters.length) {
      throw new Error(`${lmo.name}: a row has ${values.length + 1} fields, its LMO ${formatters.length + 1}`);
    }
    return values.map((v, i) => formatters[i](v));
  };
}
