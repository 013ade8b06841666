// `npm run man`: writes man/man1/sdr.1 and man/man1/sdr-<recorder>.1 for every LMO, the README's
// table of config keys from the config's schema and its field tables from the LMOs. All are
// committed; test/docs/man-pages.test.ts fails when they differ from what this would write now.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lmoNames, loadLmo } from '../core/lmo.js';
import { sdrVersion } from '../core/version.js';
import { MAN_PAGES_DATE, manPageFiles } from './man-pages.js';
import { withConfigKeys } from './config-keys.js';
import { withSeriesTable } from './series-table.js';
import { withFieldTables } from './readme-fields.js';

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
// npm links the pages that package.json's "man" lists into <prefix>/share/man on a global install.
const PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));
const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as Record<string, unknown>;
pkg.man = pages.map((p) => `man/man1/${p.file}`);
delete pkg.directories;
writeFileSync(PACKAGE_JSON, `${JSON.stringify(pkg, null, 2)}\n`);
process.stdout.write('listed them in package.json "man"\n');
// The README's table of config keys, from the schema that checks them, and its field tables.
const README = fileURLToPath(new URL('../../README.md', import.meta.url));
writeFileSync(README, withSeriesTable(withFieldTables(withConfigKeys(readFileSync(README, 'utf8')), lmoNames().map(loadLmo))));
process.stdout.write('wrote the config keys, the field tables and the engine series of README.md\n');
