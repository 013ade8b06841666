// InfluxDB line protocol, one line per row:
//   <recorder>,<tags> <field>=<value>,… <timestamp>
// The measurement is the recorder; the tags are host, the config's extra tags and the device
// (cpuid=cpu0), sorted by key as InfluxDB prefers; the fields are the row's non-empty fields under
// their LMO names, ints with the suffix i, floats as written, strings quoted; the timestamp is the
// row's own, in seconds or, for rows with decimals, milliseconds (the batch's precision).
import type { RowPoint } from '../output/row-point.js';

export type Precision = 's' | 'ms';

/** Whole seconds are sent as such; a timestamp with decimals needs milliseconds. */
export function precisionOf(time: string): Precision {
  return time.includes('.') ? 'ms' : 's';
}

// The protocol has no escape for a line break: one would end the line, so it becomes a blank.
const BREAKS = /[\r\n]+/g;

/** Measurements escape commas and blanks. */
export function escapeMeasurement(s: string): string {
  return s.replace(BREAKS, ' ').replace(/[, ]/g, '\\$&');
}

/** Tag keys, tag values and field keys escape commas, equals signs and blanks. */
export function escapeKey(s: string): string {
  return s.replace(BREAKS, ' ').replace(/[,= ]/g, '\\$&');
}

/** String field values are quoted; quotes and backslashes in them are escaped. */
export function quoteString(s: string): string {
  return `"${s.replace(BREAKS, ' ').replace(/["\\]/g, '\\$&')}"`;
}

export interface LineTags {
  /** host and the extra tags, [key, value]. */
  fixed: [string, string][];
  /** The device tag's key, when the recorder has one. */
  device?: string;
}

/** Builds the lines of one recorder's points under fixed tags. */
export function lineWriter(recorder: string, tags: LineTags): (p: RowPoint, precision: Precision) => string | undefined {
  const measurement = escapeMeasurement(recorder);
  const keys = [...tags.fixed.map(([k]) => k), ...(tags.device === undefined ? [] : [tags.device])].sort();
  const fixed = new Map(tags.fixed.map(([k, v]) => [k, escapeKey(v)]));
  const escapedKeys = keys.map(escapeKey);
  const fieldKeys = new Map<string, string>();
  const fieldKey = (name: string) => {
    let k = fieldKeys.get(name);
    if (k === undefined) fieldKeys.set(name, (k = escapeKey(name)));
    return k;
  };
  return (p, precision) => {
    let fields = '';
    for (let i = 0; i < p.columns.length; i++) {
      const field = p.columns[i].field;
      const text = p.texts[i];
      fields += `${fields === '' ? '' : ','}${fieldKey(field.name)}=${field.type === 'int' ? `${text.charCodeAt(0) === 43 ? text.slice(1) : text}i` : text}`;
    }
    for (let i = 0; i < p.labelNames.length; i++) fields += `${fields === '' ? '' : ','}${fieldKey(p.labelNames[i])}=${quoteString(p.labelValues[i])}`;
    // A point needs a field: a row of empty fields is nothing to send.
    if (fields === '') return undefined;
    let line = measurement;
    for (let i = 0; i < keys.length; i++) {
      // An empty tag value is not allowed: a row without its device gets no device tag.
      const value = keys[i] === tags.device ? (p.device === undefined ? undefined : escapeKey(p.device)) : fixed.get(keys[i]);
      if (value !== undefined && value !== '') line += `,${escapedKeys[i]}=${value}`;
    }
    return `${line} ${fields} ${precision === 's' ? p.time : String(p.ms)}`;
  };
}
