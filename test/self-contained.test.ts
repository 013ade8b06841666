// A clone of this repository is all its tests, scripts and benchmarks may read: no user, packager
// or contributor has anything beside the checkout. (.ci/run also runs the tests in a fresh clone
// in an empty temporary directory, which catches a path built at run time.)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO } from './helpers.js';

/** Files whose code runs in tests, scripts or benchmarks (fixtures are data, not code). */
function codeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'fixtures' || name === 'out' || name.startsWith('.git')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...codeFiles(path));
    else if (/\.(ts|js|mjs|cjs|sh|py)$/.test(name) || dir.endsWith('.ci')) out.push(path);
  }
  return out;
}

const files = [...['test', 'bench', 'src', 'bin', '.ci'].flatMap((d) => codeFiles(join(REPO, d))),
  ...readdirSync(join(REPO, 'test/fixtures')).filter((n) => n.endsWith('.mjs')).map((n) => join(REPO, 'test/fixtures', n))];

/**
 * The folder some machines have beside the checkout (named in pieces, so that this file names no
 * such path itself), or a climb above the root.
 */
const OUTSIDE = new RegExp(['\\.\\./' + 'shared\\b', 'REPO\\}\\.\\.', "(ROOT|REPO), '\\.\\./"].join('|'));

test('no test, script or benchmark names a path outside the checkout', () => {
  // The pattern catches what it is meant to (its examples made in pieces, as the pattern is).
  const climbs = ['../' + 'shared/fixtures', '`${' + 'REPO' + '}../x`', `join(${['ROOT', "'../x')"].join(', ')}`];
  expect(climbs.filter((t) => !OUTSIDE.test(t))).toEqual([]);
  expect(files.length).toBeGreaterThan(50);
  const offenders = files.flatMap((f) => {
    const text = readFileSync(f, 'utf8');
    const bad = OUTSIDE.exec(text);
    return bad ? [`${relative(REPO, f)}: ${bad[0]}`] : [];
  });
  expect(offenders).toEqual([]);
});

test('every capture the tests read is kept with its provenance line', () => {
  const readme = readFileSync(join(REPO, 'test/fixtures/captures/README.md'), 'utf8');
  const kept = (dir: string): string[] => readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? kept(p) : n.endsWith('.txt') ? [relative(join(REPO, 'test/fixtures/captures'), p)] : [];
  });
  const captures = kept(join(REPO, 'test/fixtures/captures'));
  expect(captures.length).toBeGreaterThan(40);
  expect(captures.filter((c) => !readme.includes(`\`${c}\` — `))).toEqual([]);
});
