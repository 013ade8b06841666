import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root, from this file's place in test/. */
export const REPO = fileURLToPath(new URL('..', import.meta.url));

/** The shared captures of real systems, beside the repository. */
export const SHARED_FIXTURES = `${REPO}../shared/fixtures`;

export const FIXTURES = `${REPO}test/fixtures`;

export function sharedFixture(path: string): string {
  return readFileSync(`${SHARED_FIXTURES}/${path}`, 'latin1');
}

export function fixture(path: string): string {
  return readFileSync(`${FIXTURES}/${path}`, 'latin1');
}
