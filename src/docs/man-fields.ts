// The list of an LMO's fields as a man page shows them: number, name, type and unit, meaning.
import type { Lmo } from '../core/lmo.js';
import { mdocArgs, roffText } from './roff.js';

/** LMO descriptions are phrases; in a page they end like sentences. */
export function sentence(s: string): string {
  return /[.?!]$/.test(s.trim()) ? s : `${s.trim()}.`;
}

/** The items of a `.Bl -tag` list, one per field. */
export function fieldItems(lmo: Lmo): string[] {
  return lmo.fields.flatMap((f, i) => [
    `.It ${i + 1} Sy ${mdocArgs(f.name)} Pq ${mdocArgs(f.unit === '' ? f.type : `${f.type}, ${f.unit}`)}`,
    roffText(sentence(f.description)),
  ]);
}
