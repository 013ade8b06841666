// The numbers a picture needs from each row, parsed once however many charts use them, straight
// from the line: the fields are given slots, each file's header maps its columns onto the slots
// once, and each line fills a shared array of values (NaN where a field is empty) and names its
// device by a small index. A day of cpurec on 64 CPUs is millions of lines: splitting each into
// strings cost more than all the rest, so a plain line (no quotes) is read in place.
import { splitCsvLine } from '../transport/raw-reader.js';

interface Plan {
  /** The slot of each column of the file, or -1 when no picture uses it. */
  slotOf: Int32Array;
  device: number;
}

/** The number of line[from, to), as Number() would read it; NaN when empty or not a number. */
export function numberIn(line: string, from: number, to: number): number {
  if (from >= to) return NaN;
  let i = from;
  let negative = false;
  if (line.charCodeAt(i) === 45) { // '-'
    negative = true;
    i++;
  }
  let whole = 0;
  let digits = 0;
  let c = 0;
  for (; i < to; i++) {
    c = line.charCodeAt(i);
    if (c < 48 || c > 57) break;
    whole = whole * 10 + (c - 48);
    digits++;
  }
  let scale = 1;
  if (i < to && c === 46) { // '.'
    for (i++; i < to; i++) {
      c = line.charCodeAt(i);
      if (c < 48 || c > 57) break;
      whole = whole * 10 + (c - 48);
      scale *= 10;
      digits++;
    }
  }
  // Exponents, long mantissas (beyond exact integers) and anything else: the general reader.
  if (i < to || digits === 0 || digits > 15) {
    const text = line.slice(from, to);
    return text.trim() === '' ? NaN : Number(text);
  }
  const v = whole / scale;
  return negative ? -v : v;
}

export class RowValues {
  /** The current row's values by slot; NaN for an empty field or one its file does not have. */
  readonly values: Float64Array;
  /** The current row's device, as an index into `devices`; 0 for a recorder without devices. */
  device = 0;
  readonly devices: string[] = [];
  private readonly deviceIndex = new Map<string, number>();
  private readonly plans = new WeakMap<ReadonlyMap<string, number>, Plan>();

  constructor(readonly names: readonly string[], private readonly deviceField?: string) {
    this.values = new Float64Array(names.length);
    if (deviceField === undefined) this.devices.push('');
  }

  slot(name: string): number {
    return this.names.indexOf(name);
  }

  private planOf(columns: ReadonlyMap<string, number>): Plan {
    let plan = this.plans.get(columns);
    if (plan === undefined) {
      const slotOf = new Int32Array(Math.max(0, ...columns.values()) + 1).fill(-1);
      this.names.forEach((n, slot) => {
        const c = columns.get(n);
        if (c !== undefined) slotOf[c] = slot;
      });
      plan = { slotOf, device: this.deviceField === undefined ? -1 : columns.get(this.deviceField) ?? -1 };
      this.plans.set(columns, plan);
    }
    return plan;
  }

  private setDevice(name: string): void {
    let d = this.deviceIndex.get(name);
    if (d === undefined) {
      d = this.devices.length;
      this.devices.push(name);
      this.deviceIndex.set(name, d);
    }
    this.device = d;
  }

  /**
   * Reads the line text[from, to) of a file with these columns into the values and the device;
   * returns its timestamp, or NaN when the line is not a row (the caller counts it).
   */
  read(text: string, from: number, to: number, columns: ReadonlyMap<string, number>, delimiter: string): number {
    const plan = this.planOf(columns);
    this.values.fill(NaN);
    if (delimiter !== ',') return this.readQuoted(text.slice(from, to), plan, delimiter);
    let timestamp = NaN;
    let column = 0;
    let start = from;
    for (let i = from; i <= to; i++) {
      if (i < to) {
        const c = text.charCodeAt(i);
        // A quoted field (a name with a comma): the careful reader takes the line.
        if (c === 34) return this.readQuoted(text.slice(from, to), plan, delimiter);
        if (c !== 44) continue; // ','
      }
      if (column === 0) timestamp = numberIn(text, start, i);
      else if (column === plan.device) this.setDevice(text.slice(start, i));
      else if (column < plan.slotOf.length && plan.slotOf[column] >= 0) this.values[plan.slotOf[column]] = numberIn(text, start, i);
      column++;
      start = i + 1;
    }
    return timestamp;
  }

  /** A row already split (an original agent's, read as the LMO's) into the values and the device. */
  load(fields: string[], columns: ReadonlyMap<string, number>): void {
    const plan = this.planOf(columns);
    this.values.fill(NaN);
    this.fill(fields, plan);
  }

  private fill(fields: string[], plan: Plan): void {
    fields.forEach((text, column) => {
      if (column === plan.device) this.setDevice(text);
      else if (column > 0 && column < plan.slotOf.length && plan.slotOf[column] >= 0) this.values[plan.slotOf[column]] = text === '' ? NaN : Number(text);
    });
  }

  private readQuoted(line: string, plan: Plan, delimiter: string): number {
    let fields: string[];
    try {
      fields = splitCsvLine(line, delimiter);
    } catch {
      return NaN;
    }
    this.fill(fields, plan);
    return fields[0] === '' ? NaN : Number(fields[0]);
  }
}
