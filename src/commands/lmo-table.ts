// The LMO as text for a terminal: `sdr lmo` and the field list of a recorder's --help.
import type { Lmo, LmoOs } from '../core/lmo.js';

/** Wraps text to `width` columns, continuation lines indented by `indent` spaces. */
export function wrap(text: string, width: number, indent: number): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line !== '' && indent + line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else {
      line = line === '' ? w : `${line} ${w}`;
    }
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** One line per field: number, name, type, unit and description. */
export function fieldTable(lmo: Lmo, width = 100): string {
  const nameWidth = Math.max(...lmo.fields.map((f) => f.name.length));
  const unitWidth = Math.max(4, ...lmo.fields.map((f) => f.unit.length));
  const indent = 4 + nameWidth + 2 + 6 + 2 + unitWidth + 2;
  return lmo.fields
    .map((f, i) => {
      const head = `${String(i + 1).padStart(2)}  ${f.name.padEnd(nameWidth)}  ${f.type.padEnd(6)}  ${(f.unit || '-').padEnd(unitWidth)}  `;
      return head + wrap(f.description, width, indent);
    })
    .join('\n');
}

export function lmoDescription(lmo: Lmo): string {
  return `${lmo.name}: ${lmo.description}\nRows: ${lmo.rows}; ${lmo.fields.length} fields.`;
}

/** The index of all recorders, one line each. */
export function lmoIndex(lmos: Lmo[]): string {
  const w = Math.max(...lmos.map((l) => l.name.length));
  return lmos.map((l) => `${l.name.padEnd(w)}  ${String(l.fields.length).padStart(3)} fields  ${l.rows}`).join('\n');
}

/** Each field with where its value comes from on one OS ("unavailable": always empty there). */
export function sourceTable(lmo: Lmo, os: LmoOs, width = 100): string {
  const nameWidth = Math.max(...lmo.fields.map((f) => f.name.length));
  const indent = 4 + nameWidth + 2;
  return lmo.fields
    .map((f, i) => `${String(i + 1).padStart(2)}  ${f.name.padEnd(nameWidth)}  ${wrap(f.sources?.[os] ?? 'not documented', width, indent)}`)
    .join('\n');
}
