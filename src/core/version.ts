import { readFileSync } from 'node:fs';

/** sdr's version, from its package.json (two levels above this module in src/ and dist/). */
export function sdrVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
