// Every recorder run through the command line on the fixture tree test/fixtures/linux/tree, its
// rows checked field by field against expected/<recorder>.csv, which make-tree-pair.mjs computes
// from the amounts it added to before/ to make after/ (expected/README.md says how to read them).
//
// A pair is run as a user would run sdr on a host: --procfs and --sysfs name a symlink pointing at
// before/. sdr prints the header and takes its baseline reading at once, in the same synchronous
// stretch of code; 500 ms after the header arrives the symlink is replaced by one to after/ (a new
// link renamed over it: atomic), which the sample due 2 s after the start reads. Had the switch
// come too early or too late, both readings would be the same tree and every rate 0: the check
// below fails loudly, it cannot pass by chance. Rates are deltas over the interval measured on the
// monotonic clock, some 2 s, one interval for all the rows of a sample: all rates of a run must be
// the expected rates for exactly 2 s times one common factor, to the rounding to 2 decimals, and
// that factor within 3% of 1.
// Shares of the interval (the pressure fields, diskrec's utilpct and avgqusz, nicrec's utilpct
// of a rate) depend on it as rates do, and are checked the same way; a share at its cap (100)
// is the cap whatever the interval. CPU shares, averages per request, levels and names do not
// depend on the interval: they are compared exactly.
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, renameSync, statfsSync, symlinkSync } from 'node:fs';
import { machine, networkInterfaces, tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { sdr, sdrAsync } from './sdr.js';
import { loadLmo } from '../../src/core/lmo.js';
import { splitCsvLine } from '../../src/transport/raw-reader.js';
import { FIXTURES, REPO } from '../helpers.js';

const TREE = `${FIXTURES}/linux/tree`;
const ROOT = `${TREE}/root`;
const INTERVAL_SECONDS = 2;
const SWITCH_AFTER_HEADER_MS = 500;
const VERSION = JSON.parse(readFileSync(`${REPO}package.json`, 'utf8')).version;
const GIB = 2 ** 30;
/** Recorders of one row per device, the device named in field 2. */
const PER_DEVICE = new Set(['cpurec', 'diskrec', 'nicrec']);
/** Fields that are a share or an average over the interval's time, not over its ticks or requests, and their caps. */
const OF_THE_INTERVAL: Record<string, Record<string, number | undefined>> = {
  sysrec: { cpusomepct: 100, iosomepct: 100, iofullpct: 100, memsomepct: 100, memfullpct: 100 },
  diskrec: { avgqusz: undefined, utilpct: 100 },
  nicrec: { utilpct: undefined },
};

/** A rate: a float whose unit is per second (an int in Mb/s, a link's speed, is a level). */
const isRate = (f: { type: string; unit: string }) => f.type === 'float' && f.unit.endsWith('/s');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  startMs: number;
  endMs: number;
}

/** `sdr REC -H ... 2 1` reading before/ first and after/ at its one sample. */
function runPair(rec: string, options: string[] = []): Promise<Run> {
  const dir = mkdtempSync(`${tmpdir()}/sdr-tree-`);
  const host = `${dir}/host`;
  symlinkSync(`${TREE}/before`, host);
  const startMs = Date.now();
  const child = sdrAsync([rec, '-H', '--procfs', `${host}/proc`, '--sysfs', `${host}/sys`, ...options, String(INTERVAL_SECONDS), '1']);
  let stdout = '';
  let stderr = '';
  let switching: NodeJS.Timeout | undefined;
  child.stdout.on('data', (d) => {
    stdout += d;
    switching ??= setTimeout(() => {
      symlinkSync(`${TREE}/after`, `${dir}/next`);
      renameSync(`${dir}/next`, host);
    }, SWITCH_AFTER_HEADER_MS);
  });
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) => {
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, startMs, endMs: Date.now() });
    });
  });
}

const csv = (text: string) => text.trimEnd().split('\n').map((line) => splitCsvLine(line, ','));
const expectedCsv = (rec: string) => csv(readFileSync(`${TREE}/expected/${rec}.csv`, 'utf8'));

/** The filesystem every mount point of root/ lies on (the checkout's), as diskrec and hdwrec ask it. */
function space() {
  const s = statfsSync(ROOT);
  const used = (s.blocks - s.bfree) * s.bsize;
  const avail = s.bavail * s.bsize;
  return { blocks: s.blocks, bytes: s.blocks * s.bsize, free: avail / GIB, usedPct: (100 * used) / (used + avail) };
}

/**
 * A field the tree cannot fix, checked against this machine: written {…} in the expected CSV.
 * Null when it holds, else what is wrong.
 */
function machineField(marker: string, got: string, run: Run): string | null {
  const s = space();
  const near = (want: number, within: number) => (got !== '' && Math.abs(Number(got) - want) < within ? null : `not within ${within} of ${want.toFixed(2)}`);
  const size = (times: number) => ((times * s.bytes) / GIB).toFixed(2);
  // hdwrec's diskspace: the sizes of N filesystems, all of them this one.
  const times = /^\{statfs size x(\d+)\}$/.exec(marker);
  if (times !== null) return got === size(Number(times[1])) ? null : `not ${size(Number(times[1]))}`;
  switch (marker) {
    case '{timestamp}': {
      // Whole seconds (the interval is whole), within the run.
      const ok = /^\d+$/.test(got) && Number(got) >= Math.floor(run.startMs / 1000) && Number(got) <= Math.ceil(run.endMs / 1000);
      return ok ? null : 'not the whole seconds of a moment of the run';
    }
    case '{os.machine}':
      return got === machine() ? null : `not ${machine()}`;
    case '{version}':
      return got === VERSION ? null : `not ${VERSION}`;
    case '{ips}': {
      // Shape only: this machine's addresses, "name_address" each, of interfaces Node lists as not internal.
      const names = new Set(Object.entries(networkInterfaces()).filter(([, a]) => a?.some((x) => !x.internal)).map(([n]) => n));
      const word = (w: string) => {
        const m = /^(.+)_([0-9a-fA-F.:%]+)$/.exec(w);
        return m !== null && names.has(m[1]);
      };
      return got === '' || got.split(' ').every(word) ? null : 'not name_address words of this machine\'s interfaces';
    }
    case '{statfs size}':
      return got === size(1) ? null : `not ${size(1)}`;
    // Free space moves while other work runs beside the tests: near what statfs says now.
    case '{statfs free}':
      return near(s.free, 1);
    case '{statfs usedpct}':
      return near(s.usedPct, 1);
    default:
      return `unknown marker ${marker}`;
  }
}

/** Every field of every row against the expected CSV; the mismatches, each naming its field and row. */
function mismatches(rec: string, run: Run): string[] {
  const fields = loadLmo(rec).fields;
  const [header, ...rows] = csv(run.stdout);
  const [wantHeader, ...want] = expectedCsv(rec);
  const out: string[] = [];
  if (header.join(',') !== wantHeader.join(',')) out.push(`${rec}: header ${header.join(',')}`);
  const perDevice = PER_DEVICE.has(rec);
  const names = (r: string[][]) => r.map((row) => (perDevice ? row[1] : 'row')).join(' ');
  if (names(rows) !== names(want)) return [...out, `${rec}: rows ${names(rows)}, expected ${names(want)}`];
  const rates: { where: string; got: string; want: number }[] = [];
  rows.forEach((row, r) => {
    fields.forEach((f, i) => {
      const where = `${rec} ${perDevice ? row[1] : 'row'} ${f.name}`;
      const [got, wanted] = [row[i], want[r][i]];
      if (wanted.startsWith('{')) {
        const wrong = machineField(wanted, got, run);
        if (wrong !== null) out.push(`${where}: '${got}' is ${wrong}`);
      } else if (wanted !== '' && f.name in (OF_THE_INTERVAL[rec] ?? {}) && Number(wanted) === OF_THE_INTERVAL[rec][f.name]) {
        if (got !== wanted) out.push(`${where}: got '${got}', expected the cap '${wanted}'`);
      } else if (wanted !== '' && (isRate(f) || f.name in (OF_THE_INTERVAL[rec] ?? {}))) {
        rates.push({ where, got, want: Number(wanted) });
      } else if (got !== wanted) {
        out.push(`${where}: got '${got}', expected '${wanted}'`);
      }
    });
  });
  if (rates.length === 0) return out;
  // The interval's own factor (2 s / the measured interval), from the largest rate, the least rounded.
  const largest = rates.reduce((a, b) => (b.want > a.want ? b : a));
  const factor = Number(largest.got) / largest.want;
  if (!(Math.abs(factor - 1) <= 0.03)) out.push(`${rec}: rates are ${factor} times those for ${INTERVAL_SECONDS} s, not within 3%`);
  for (const { where, got, want: w } of rates) {
    // One interval for the whole sample: only the rounding to 2 decimals (of the rate, of the
    // expected rate, of the largest rate the factor came from) sets them apart.
    if (got === '' || Math.abs(Number(got) - factor * w) > 0.02) out.push(`${where}: got '${got}', expected ${w} × ${factor.toFixed(5)}`);
  }
  return out;
}

describe('the fixture tree through the CLI: before/ then after/, each field as expected/ says', () => {
  const runs = new Map<string, Run>();

  beforeAll(async () => {
    // At once: each run has its own symlink and measures its own interval.
    const pairs: [string, string[]][] = [['sysrec', []], ['cpurec', []], ['diskrec', ['--rootfs', ROOT]], ['nicrec', []]];
    const done = await Promise.all(pairs.map(([rec, options]) => runPair(rec, options)));
    pairs.forEach(([rec], i) => runs.set(rec, done[i]));
  }, 30_000);

  test('every mount point of root/ is on the filesystem statfs is asked about', () => {
    for (const dir of ['', 'boot', 'boot/efi', 'srv', 'mnt/exports', 'var/lib/docker', 'data', 'scratch space']) {
      expect([dir, statfsSync(`${ROOT}/${dir}`).blocks]).toEqual([dir, space().blocks]);
    }
  });

  test.each(['sysrec', 'cpurec', 'diskrec', 'nicrec'])('%s', (rec) => {
    const run = runs.get(rec)!;
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(mismatches(rec, run)).toEqual([]);
  });

  test('hdwrec: one reading of before/ with --rootfs root/', () => {
    const startMs = Date.now();
    const r = sdr(['hdwrec', '-H', '--procfs', `${TREE}/before/proc`, '--sysfs', `${TREE}/before/sys`, '--rootfs', ROOT]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(mismatches('hdwrec', { ...r, startMs, endMs: Date.now() })).toEqual([]);
  });
});

/** Every file and symlink under a directory: relative path -> its text or its target. */
function listing(dir: string, under = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(`${dir}/${under}`).sort()) {
    const rel = under === '' ? name : `${under}/${name}`;
    const st = lstatSync(`${dir}/${rel}`);
    if (st.isSymbolicLink()) out[rel] = `-> ${readlinkSync(`${dir}/${rel}`)}`;
    else if (st.isDirectory()) Object.assign(out, listing(dir, rel));
    else out[rel] = readFileSync(`${dir}/${rel}`, 'latin1');
  }
  return out;
}

test('after/ and expected/ are what make-tree-pair.mjs writes from before/ and its tables', () => {
  const out = mkdtempSync(`${tmpdir()}/sdr-tree-make-`);
  const r = spawnSync(process.execPath, ['test/fixtures/make-tree-pair.mjs', out], { cwd: REPO, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(listing(`${out}/after`)).toEqual(listing(`${TREE}/after`));
  const csvs = (dir: string) => Object.fromEntries(Object.entries(listing(dir)).filter(([name]) => name.endsWith('.csv')));
  expect(csvs(`${out}/expected`)).toEqual(csvs(`${TREE}/expected`));
});
