// Values to text by the LMO type of their field: the one place that decides how numbers print.
import type { Lmo, FieldType } from '../core/lmo.js';
import type { Value } from '../recorders/recorder.js';

type Formatter = (v: Value) => string;

/** Two decimals; a value that rounds to zero prints 0.00, never -0.00. */
function float2(v: number): string {
  return Math.abs(v) < 0.005 ? '0.00' : v.toFixed(2);
}

const BY_TYPE: Record<Exclude<FieldType, 'time'>, Formatter> = {
  int: (v) => (v === null ? '' : typeof v === 'number' ? String(Math.trunc(v)) : v),
  float: (v) => (v === null ? '' : typeof v === 'number' ? float2(v) : v),
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
