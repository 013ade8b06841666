// The keys of sdr.json as the docs list them, walked out of the schema that checks them
// (src/config/schema.ts): the README's table and the CONFIGURATION sections of sdr-run(1) and
// sdr-send(1) cannot drift from what the config accepts.
import { SDR_CONFIG } from '../config/schema.js';
import type { KeyDoc } from '../config/shape.js';
import { roffText } from './roff.js';

export function configKeys(): KeyDoc[] {
  return SDR_CONFIG.docs('');
}

/** Where the README's table of keys begins and ends; `npm run man` rewrites what is between. */
export const README_MARKS = ['<!-- config-keys: written by `npm run man` from src/config/schema.ts -->', '<!-- end of config-keys -->'] as const;

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function configKeysMarkdown(keys: KeyDoc[] = configKeys()): string {
  return [
    '| key | takes | when left out | what it is |',
    '| --- | --- | --- | --- |',
    ...keys.map((k) => `| \`${k.path}\` | ${cell(k.type)} | ${k.required ? 'required' : cell(k.byDefault ?? '—')} | ${cell(k.doc)} |`),
  ].join('\n');
}

/** The README with its table of keys written anew. */
export function withConfigKeys(readme: string): string {
  const [begin, end] = README_MARKS;
  const from = readme.indexOf(begin);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md lacks the marks ${begin} … ${end}`);
  return `${readme.slice(0, from + begin.length)}\n${configKeysMarkdown()}\n${readme.slice(to)}`;
}

/** The keys as an mdoc tag list; `only` keeps those of these top-level keys ("logDir", "platforms"). */
export function configKeysRoff(only?: string[]): string[] {
  const keys = configKeys().filter((k) => only === undefined || only.includes(k.path.split(/[.[]/)[0]));
  return [
    '.Bl -tag -width Ds',
    ...keys.flatMap((k) => [
      `.It Sy ${k.path}`,
      roffText(`${k.doc.replace(/`/g, '')} Takes ${k.type}${k.required ? '; required' : k.byDefault ? `; when left out: ${k.byDefault}` : ''}.`),
    ]),
    '.El',
  ];
}
