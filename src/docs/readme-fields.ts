// The README's tables of each recorder's fields, written from the LMO as the man pages are: the
// name, type and unit, meaning, and the systems where the field stays empty. `npm run man`
// rewrites what is between the marks; a test fails when the committed README differs.
import { LMO_OSES, UNAVAILABLE, type Lmo } from '../core/lmo.js';

export const FIELD_MARKS = ['<!-- fields: written by `npm run man` from lmo/ -->', '<!-- end of fields -->'] as const;

/** The recorders whose fields the README lists: sdrrec's are in the sdr run section's words. */
export const README_RECORDERS = ['sysrec', 'cpurec', 'diskrec', 'nicrec', 'hdwrec', 'xenrec'];

const OS_NAMES: Record<string, string> = { linux: 'Linux', freebsd: 'FreeBSD', sunos: 'Solaris/illumos', darwin: 'macOS' };

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function fieldTableMarkdown(lmo: Lmo): string {
  const rows = lmo.fields.map((f, i) => {
    const empty = LMO_OSES.filter((os) => f.sources?.[os] === UNAVAILABLE).map((os) => OS_NAMES[os]).join(', ');
    return `| ${i + 1} | \`${f.name}\` | ${f.unit === '' ? f.type : `${f.type}, ${cell(f.unit)}`} | ${cell(f.description)} | ${empty || '—'} |`;
  });
  return [
    `<details><summary><code>${lmo.name}</code>: ${lmo.fields.length} fields, ${lmo.rows}</summary>`,
    '',
    '| # | field | type, unit | what it is | empty on |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '</details>',
  ].join('\n');
}

/** The README with its field tables written anew from these LMOs. */
export function withFieldTables(readme: string, lmos: Lmo[]): string {
  const [begin, end] = FIELD_MARKS;
  const from = readme.indexOf(begin);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md lacks the marks ${begin} … ${end}`);
  const tables = README_RECORDERS.map((name) => fieldTableMarkdown(lmos.find((l) => l.name === name)!)).join('\n\n');
  return `${readme.slice(0, from + begin.length)}\n${tables}\n${readme.slice(to)}`;
}
