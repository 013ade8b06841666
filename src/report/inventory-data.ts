// hdwrec's picture: the inventory as a table, each field with its value at the start of the period
// and every change after it (a disk added, a kernel upgraded, memory hot-plugged). The uptime and
// the timestamp change at every row and are no changes of the inventory.
import type { Lmo } from '../core/lmo.js';
import type { RecordedRow } from '../transport/recorded-rows.js';

export interface InventoryField {
  name: string;
  unit: string;
  description: string;
  first: string;
  /** [epoch seconds, new value], in order. */
  changes: [number, string][];
}

const NOT_INVENTORY = new Set(['timestamp', 'uptime']);

export class InventoryBuilder {
  private readonly fields: InventoryField[];
  private rows = 0;

  constructor(lmo: Lmo) {
    this.fields = lmo.fields.filter((f) => !NOT_INVENTORY.has(f.name))
      .map((f) => ({ name: f.name, unit: f.unit, description: f.description, first: '', changes: [] }));
  }

  add(row: RecordedRow): void {
    for (const f of this.fields) {
      const v = row.fields[row.columns.get(f.name) ?? -1] ?? '';
      const last = f.changes.length > 0 ? f.changes[f.changes.length - 1][1] : f.first;
      if (this.rows === 0) f.first = v;
      else if (v !== last) f.changes.push([row.timestamp, v]);
    }
    this.rows++;
  }

  data(): InventoryField[] | undefined {
    return this.rows === 0 ? undefined : this.fields;
  }
}
