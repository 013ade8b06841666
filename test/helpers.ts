import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root, from this file's place in test/. */
export const REPO = fileURLToPath(new URL('..', import.meta.url));

export const FIXTURES = `${REPO}test/fixtures`;

/** Real output of real systems (test/fixtures/captures/README.md says where each came from). */
export const CAPTURES = `${FIXTURES}/captures`;

export function capture(path: string): string {
  return readFileSync(`${CAPTURES}/${path}`, 'latin1');
}

export function fixture(path: string): string {
  return readFileSync(`${FIXTURES}/${path}`, 'latin1');
}

/** One row of every original recorder's layout, by layout ("sysrec-linux"): test/fixtures/originals. */
export function originalRows(): Map<string, string> {
  return new Map(readFileSync(`${FIXTURES}/originals/rows.txt`, 'utf8').trimEnd().split('\n').map((l) => {
    const blank = l.indexOf(' ');
    return [l.slice(0, blank), l.slice(blank + 1)] as [string, string];
  }));
}
