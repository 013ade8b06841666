// One raw row read through its file's columns (metric-mapping.ts): its time, its device, its
// numbers and its strings, empty fields left out (an empty field is not a zero). A row that does
// not fit its columns (a torn or hand-edited line) is a RowFault, which names the field at fault.
import { numberOf, timestampMs, type Column, type ValueColumn } from './metric-mapping.js';

export class RowFault extends Error {}

export interface RowPoint {
  /** The timestamp as written: epoch seconds, with up to 3 decimals. */
  time: string;
  ms: number;
  device?: string;
  /** The numeric fields that are not empty, side by side: their column, their text as written, their number. */
  columns: ValueColumn[];
  texts: string[];
  values: number[];
  /** The string fields but the device that are not empty: names and values. */
  labelNames: string[];
  labelValues: string[];
}

export function newRowPoint(): RowPoint {
  return { time: '', ms: 0, columns: [], texts: [], values: [], labelNames: [], labelValues: [] };
}

const INTEGER = /^[-+]?\d+$/;

/**
 * The point of a row; `into` is filled anew when given (a feed reads thousands of rows a second,
 * and one point reused spares the collector as many).
 */
export function rowPoint(columns: Column[], fields: string[], into: RowPoint = newRowPoint()): RowPoint {
  if (fields.length !== columns.length) throw new RowFault(`${fields.length} fields where the header has ${columns.length}`);
  const p = into;
  p.time = '';
  p.device = undefined;
  p.columns.length = p.texts.length = p.values.length = p.labelNames.length = p.labelValues.length = 0;
  let ms: number | undefined;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i];
    const text = fields[i];
    if (c.kind === 'time') {
      p.time = text;
      ms = timestampMs(text);
      if (ms === undefined) throw new RowFault(`timestamp '${text.slice(0, 40)}' is not epoch seconds`);
    } else if (text === '' || c.kind === 'unknown') {
      continue;
    } else if (c.kind === 'device') {
      p.device = text;
    } else if (c.kind === 'text') {
      p.labelNames.push(c.field.name);
      p.labelValues.push(text);
    } else {
      const value = numberOf(text);
      if (value === undefined || (c.field.type === 'int' && !INTEGER.test(text))) {
        throw new RowFault(`${c.field.name} '${text.slice(0, 40)}' is not ${c.field.type === 'int' ? 'an integer' : 'a number'}`);
      }
      p.columns.push(c);
      p.texts.push(text);
      p.values.push(value);
    }
  }
  if (ms === undefined) throw new RowFault('no timestamp');
  p.ms = ms;
  return p;
}
