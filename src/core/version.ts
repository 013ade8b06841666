import { readFileSync } from 'node:fs';

let version: string | undefined;

/**
 * sdr's version, from its package.json (two levels above this module in src/ and dist/), read
 * once: it is the version of the code running, whatever happens to the file afterwards.
 */
export function sdrVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
