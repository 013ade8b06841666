// `npm run man`: writes man/man1/sdr.1 and man/man1/sdr-<recorder>.1 for every LMO. The pages are
// committed; test/docs/man-pages.test.ts fails when they differ from what this would write now.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lmoNames, loadLmo } from '../core/lmo.js';
import { sdrVersion } from '../core/version.js';
import { MAN_PAGES_DATE, manPageFiles } from './man-pages.js';

/** man/man1 at the package root, two levels above this module in src/ and in dist/. */
const MAN1_DIR = fileURLToPath(new URL('../../man/man1/', import.meta.url));

const pages = manPageFiles(lmoNames().map(loadLmo), sdrVersion(), MAN_PAGES_DATE);
mkdirSync(MAN1_DIR, { recursive: true });
// A recorder whose LMO is gone must not leave its page behind.
const current = new Set(pages.map((p) => p.file));
for (const file of readdirSync(MAN1_DIR)) {
  if (/^sdr(-.+)?\.1$/.test(file) && !current.has(file)) rmSync(MAN1_DIR + file);
}
for (const { file, text } of pages) {
  writeFileSync(MAN1_DIR + file, text);
  process.stdout.write(`wrote man/man1/${file}\n`);
}
