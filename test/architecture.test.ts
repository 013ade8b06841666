// The floors of src/ (ARCHITECTURE.md): each folder imports only from its own floor's folder and
// the floors below, no file takes part in an import circle, and the OS backends under
// platform/<os>/ are reached only through platform/index.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { REPO } from './helpers.js';

/** Top floor first; folders on one line share a floor but may not import each other. */
const FLOORS: string[][] = [
  ['cli.ts'],
  ['commands', 'docs'],
  ['doctor', 'report'],
  ['agent'],
  ['transport'],
  ['recording'],
  ['output'],
  ['recorders'],
  ['platform'],
  ['config'],
  ['core', 'types'],
];

const SRC = join(REPO, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [relative(SRC, path)] : [];
  });
}

/** Every relative import of a file (static, type-only and dynamic), as paths under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|^import\s+)'(\.{1,2}\/[^']+)'/gm)].map((m) => m[1]);
  return specs.map((s) => normalize(join(dirname(file), s)).replace(/\.js$/, '.ts'));
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const floorOf = (file: string): number => {
  const top = file.split('/')[0];
  const i = FLOORS.findIndex((floor) => floor.includes(top));
  if (i < 0) throw new Error(`src/${top} is on no floor: add it to FLOORS and to ARCHITECTURE.md`);
  return i;
};

test('every import resolves to a file under src/', () => {
  const missing = [...graph].flatMap(([f, imports]) => imports.filter((i) => !graph.has(i)).map((i) => `${f} -> ${i}`));
  expect(missing).toEqual([]);
});

test('imports go down the floors, never up or sideways', () => {
  const wrong = [...graph].flatMap(([f, imports]) => imports.flatMap((i) => {
    const [from, to] = [f.split('/')[0], i.split('/')[0]];
    if (from === to) return [];
    return floorOf(i) > floorOf(f) ? [] : [`${f} -> ${i}`];
  }));
  expect(wrong).toEqual([]);
});

test('the OS backends are reached only through platform/index.ts', () => {
  const wrong = [...graph].flatMap(([f, imports]) => imports.flatMap((i) => {
    const os = /^platform\/([^/]+)\//.exec(i)?.[1];
    if (os === undefined) return [];
    const fromOs = /^platform\/([^/]+)\//.exec(f)?.[1];
    return f === 'platform/index.ts' || fromOs === os ? [] : [`${f} -> ${i}`];
  }));
  expect(wrong).toEqual([]);
});

test('no file takes part in an import circle', () => {
  const circles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (f: string, path: string[]): void => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'open') {
      circles.push([...path.slice(path.indexOf(f)), f].join(' -> '));
      return;
    }
    state.set(f, 'open');
    for (const i of graph.get(f) ?? []) visit(i, [...path, f]);
    state.set(f, 'done');
  };
  for (const f of files) visit(f, []);
  expect(circles).toEqual([]);
});

test('the rule catches what it is for', () => {
  // The checks above would pass on an empty graph: they must see the files.
  expect(files.length).toBeGreaterThan(100);
  expect(graph.get('recording/recording.ts')).toContain('core/scheduler.ts');
  expect(floorOf('recording/recording.ts')).toBeLessThan(floorOf('recorders/recorder.ts'));
});
