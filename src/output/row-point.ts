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
  /** The numeric fields that are not empty: their text as written, and their number. */
  values: { column: ValueColumn; text: string; value: number }[];
  /** The string fields but the device that are not empty. */
  texts: { name: string; text: string }[];
}

const INTEGER = /^[-+]?\d+$/;

export function rowPoint(columns: Column[], fields: string[]): RowPoint {
  if (fields.length !== columns.length) throw new RowFault(`${fields.length} fields where the header has ${columns.length}`);
  let time = '';
  let ms: number | undefined;
  let device: string | undefined;
  const values: RowPoint['values'] = [];
  const texts: RowPoint['texts'] = [];
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i];
    const text = fields[i];
    if (c.kind === 'time') {
      time = text;
      ms = timestampMs(text);
      if (ms === undefined) throw new RowFault(`timestamp '${text.slice(0, 40)}' is not epoch seconds`);
    } else if (text === '' || c.kind === 'unknown') {
      continue;
    } else if (c.kind === 'device') {
      device = text;
    } else if (c.kind === 'text') {
      texts.push({ name: c.field.name, text });
    } else {
      const value = numberOf(text);
      if (value === undefined || (c.field.type === 'int' && !INTEGER.test(text))) {
        throw new RowFault(`${c.field.name} '${text.slice(0, 40)}' is not ${c.field.type === 'int' ? 'an integer' : 'a number'}`);
      }
      values.push({ column: c, text, value });
    }
  }
  if (ms === undefined) throw new RowFault('no timestamp');
  return { time, ms, device, values, texts };
}
