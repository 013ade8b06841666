// The man pages are generated from the LMOs and committed. These tests catch pages not regenerated
// after an LMO or the generator changed, a field missing from a FIELDS section, and pages that
// mandoc finds fault with.
import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { lmoNames, loadLmo, type Lmo } from '../../src/core/lmo.js';
import { sdrVersion } from '../../src/core/version.js';
import { MAN_PAGES_DATE, manPageFiles, recorderManPage } from '../../src/docs/man-pages.js';
import { configKeys, withConfigKeys } from '../../src/docs/config-keys.js';
import { README_RECORDERS, withFieldTables } from '../../src/docs/readme-fields.js';

const MAN1_DIR = fileURLToPath(new URL('../../man/man1/', import.meta.url));
const lmos = lmoNames().map(loadLmo);
const pages = manPageFiles(lmos, sdrVersion(), MAN_PAGES_DATE);

test('the committed man pages are what `npm run man` writes now', () => {
  const problems: string[] = [];
  for (const { file, text } of pages) {
    let committed: string | undefined;
    try {
      committed = readFileSync(MAN1_DIR + file, 'utf8');
    } catch {
      problems.push(`man/man1/${file} is missing`);
      continue;
    }
    if (committed !== text) problems.push(`man/man1/${file} is out of date`);
  }
  const expected = new Set(pages.map((p) => p.file));
  for (const file of readdirSync(MAN1_DIR)) {
    if (!expected.has(file)) problems.push(`man/man1/${file} belongs to no LMO`);
  }
  if (problems.length > 0) {
    throw new Error(`${problems.join('\n')}\nRun \`npm run man\` and commit man/man1.`);
  }
});

test('the README\'s table of config keys is what `npm run man` writes from the schema, key by key', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  expect(readme).toBe(withConfigKeys(readme));
  // Every key the config takes is a row, and every row a key.
  const table = readme.split('<!-- config-keys')[1];
  const rows = [...table.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
  expect(rows).toEqual(configKeys().map((k) => k.path));
  for (const key of ['logDir', 'recorders.<recorder>.interval', 'recorders.xenrec.timeout', 'platforms[].tokenFile', 'platforms[].insecure']) {
    expect(rows).toContain(key);
  }
});

test('the README\'s field tables are what `npm run man` writes from the LMOs, every field in order', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  expect(readme).toBe(withFieldTables(readme, lmos));
  const section = readme.split('<!-- fields')[1].split('<!-- end of fields')[0];
  for (const name of README_RECORDERS) {
    const table = section.split(`<summary><code>${name}</code>`)[1].split('</details>')[0];
    const rows = [...table.matchAll(/^\| (\d+) \| `([^`]+)` \|/gm)].map((m) => [Number(m[1]), m[2]]);
    expect(rows).toEqual(loadLmo(name).fields.map((f, i) => [i + 1, f.name]));
  }
  // The systems where a field stays empty, from its sources: utilpct of nicrec is Linux's and Solaris' only.
  expect(section).toMatch(/^\| 23 \| `utilpct` \| float, % \| .* \| FreeBSD, macOS \|$/m);
});

/** The field names of the FIELDS section of a recorder page, with the numbers of their items. */
function fieldsSection(page: string, heading = 'FIELDS'): { number: number; name: string }[] {
  const section = page.split(`\n.Sh ${heading}\n`)[1]?.split('\n.Sh ')[0] ?? '';
  return [...section.matchAll(/^\.It (\d+) Sy (\S+)/gm)].map((m) => ({
    number: Number(m[1]),
    name: m[2].replace(/\\&/g, ''),
  }));
}

/** Where each LMO's fields are listed: a recorder's own page, or for sdrrec the SDRREC section of sdr-run(1). */
const fieldsPage = (name: string) => (name === 'sdrrec' ? { file: 'sdr-run.1', section: 'SDRREC' } : { file: `sdr-${name}.1`, section: 'FIELDS' });

test.each(lmos.map((lmo) => [lmo.name, lmo] as const))('the fields of %s are all listed, in order', (name, lmo) => {
  const { file, section } = fieldsPage(name);
  const page = pages.find((p) => p.file === file)!.text;
  expect(fieldsSection(page, section)).toEqual(lmo.fields.map((f, i) => ({ number: i + 1, name: f.name })));
});

// mandoc is the linter; without it the lint is skipped with a notice, except in CI, where a
// missing linter must not pass unnoticed.
const haveMandoc = (spawnSync('mandoc', ['-T', 'lint'], { input: '' }).error as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT';
const inCi = Boolean(process.env.CI);
if (!haveMandoc && !inCi) console.warn('mandoc is not installed: skipping the lint of the man pages');
const withMandoc = haveMandoc || inCi ? test : test.skip;

function mandoc(args: string[], input: string): { status: number | null; output: string } {
  if (!haveMandoc) throw new Error('mandoc is not installed, and CI is set: the man pages must be linted');
  const r = spawnSync('mandoc', args, { input, encoding: 'utf8' });
  return { status: r.status, output: r.stdout + r.stderr };
}

withMandoc('mandoc -T lint -W warning finds nothing in any page', () => {
  for (const { file, text } of pages) {
    expect({ file, ...mandoc(['-T', 'lint', '-W', 'warning'], text) }).toEqual({ file, status: 0, output: '' });
  }
});

withMandoc('LMO text with roff specials reads back as written', () => {
  const description = ".Sh starts a line. 'Quoted' \\fB and \\n stay, Ns No ( , | \"q\" too.";
  const lmo: Lmo = {
    name: 'odd',
    description,
    rows: 'one row per test',
    fields: [
      { name: 'timestamp', type: 'time', unit: 's', description: 'when' },
      { name: 'x', type: 'float', unit: '(', description: "a\\b -1 - 2 100% N*100 /proc/x\n'y .z" },
    ],
  };
  const page = recorderManPage(lmo, '1', MAN_PAGES_DATE);
  expect(mandoc(['-T', 'lint', '-W', 'warning'], page)).toEqual({ status: 0, output: '' });
  const shown = mandoc(['-T', 'ascii'], page).output.replace(/.\x08/g, '').replace(/\s+/g, ' ');
  expect(shown).toContain(description);
  expect(shown).toContain("x (float, () a\\b -1 - 2 100% N*100 /proc/x 'y .z.");
});

test('package.json lists every man page, so a global install links them all', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  expect(pkg.man).toEqual(pages.map((p) => `man/man1/${p.file}`));
});

test('the README\'s table of engine series is what `npm run man` writes from the LMO, a row per field', async () => {
  const { withSeriesTable, seriesRows } = await import('../../src/docs/series-table.js');
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  expect(readme).toBe(withSeriesTable(readme));
  const rows = seriesRows();
  expect(rows.length).toBe(lmos.reduce((n, l) => n + l.fields.length - 1, 0));
  expect(rows.find((r) => r.recorder === 'diskrec' && r.field === 'rkbytes')).toMatchObject({ series: 'sdr_diskrec_r_bytes_per_second', conversion: '× 1,024', labels: 'host, diskid' });
  expect(rows.find((r) => r.recorder === 'diskrec' && r.field === 'mountpoint')).toMatchObject({ lineProtocol: 'mountpoint (string)', series: 'sdr_diskrec_info', labels: 'host, diskid, mountpoint' });
  expect(readme).toContain('| sysrec | `runqsz` | tasks | runqsz (integer) | `sdr_sysrec_runqsz_tasks` | as is | host |');
});
