import { readFileSync, mkdtempSync, cpSync, appendFileSync, readdirSync, rmSync, mkdirSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { sdr, rows } from './sdr.js';
import { loadLmo } from '../../src/core/lmo.js';
import { FIXTURES } from '../helpers.js';

const PAIR = `${FIXTURES}/linux/devices-change-pair`;
const names = (rec: string) => loadLmo(rec).fields.map((f) => f.name);

/** Rows grouped by timestamp: the samples. */
function samples(data: string[][]): string[][][] {
  const by = new Map<string, string[][]>();
  for (const r of data) by.set(r[0], [...(by.get(r[0]) ?? []), r]);
  return [...by.values()];
}

describe('cpurec on this machine', () => {
  test('0.2 2: one row per online CPU per sample, one timestamp per sample, natural order', () => {
    const r = sdr(['cpurec', '0.2', '2']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const online = readFileSync('/proc/stat', 'utf8').split('\n').filter((l) => /^cpu\d/.test(l)).map((l) => l.split(' ')[0]);
    const s = samples(rows(r.stdout));
    expect(s).toHaveLength(2);
    for (const sample of s) {
      expect(sample.map((row) => row[1])).toEqual(online);
      for (const row of sample) {
        expect(row).toHaveLength(names('cpurec').length);
        const total = Number(row[10]);
        expect(total).toBeGreaterThanOrEqual(0);
        expect(total).toBeLessThanOrEqual(100);
        expect(total).toBeCloseTo(100 - Number(row[9]), 1);
      }
    }
  });
});

describe('diskrec on this machine', () => {
  test('the device holding / carries its filesystem size and mount point; loop devices are left out', () => {
    const r = sdr(['diskrec', '-H']);
    expect(r.status).toBe(0);
    const [header, ...data] = rows(r.stdout);
    expect(header).toEqual(names('diskrec'));
    const rootDev = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')).find((f) => f[4] === '/')![2];
    const rootName = readFileSync('/proc/diskstats', 'utf8').split('\n').map((l) => l.trim().split(/\s+/))
      .find((f) => `${f[0]}:${f[1]}` === rootDev)?.[2];
    if (rootName !== undefined) {
      const row = data.find((d) => d[1] === rootName)!;
      expect(row[11]).toBe('/');
      expect(Number(row[8])).toBeGreaterThan(0);
      expect(Number(row[9])).toBeLessThanOrEqual(Number(row[8]));
    }
    expect(data.filter((d) => /^loop/.test(d[1]))).toEqual([]);
  });

  test('-d naming nothing that exists lists what does, exit 2', () => {
    const r = sdr(['diskrec', '-d', 'nosuchdisk']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^sdr: diskrec: no disk named nosuchdisk: there are \S.*\n$/);
  });

  test('-l writes the dated diskrec file', () => {
    const dir = mkdtempSync(`${tmpdir()}/sdr-disk-`);
    expect(sdr(['diskrec', '-l', '--log-dir', dir]).status).toBe(0);
    const [file] = readdirSync(dir);
    expect(file).toMatch(/^diskrec-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(readFileSync(`${dir}/${file}`, 'utf8').split('\n')[0]).toBe(names('diskrec').join(','));
  });
});

describe('nicrec on this machine', () => {
  test('lo is left out by default; -i lo records only lo', () => {
    const all = rows(sdr(['nicrec']).stdout).map((r) => r[1]);
    expect(all).not.toContain('lo');
    const lo = rows(sdr(['nicrec', '-i', 'lo']).stdout);
    expect(lo.map((r) => r[1])).toEqual(['lo']);
    expect(lo[0]).toHaveLength(names('nicrec').length);
  });
});

describe('per-device recorders on captured trees', () => {
  test('diskrec on the after tree: every device but loop, rates 0 with no time between identical readings', () => {
    const r = sdr(['diskrec', '--procfs', `${PAIR}/after/proc`]);
    expect(r.stderr).toBe('');
    const data = rows(r.stdout);
    expect(data.map((d) => d[1])).toEqual(['dm-0', 'dm-2', 'xvda1', 'xvda2', 'xvdb']);
    expect(data[0].slice(2, 8)).toEqual(['0.00', '0.00', '0.00', '0.00', '0.00', '0.00']);
  });

  test('nicrec on the before tree: an interface name holding a colon survives the colon format', () => {
    const r = sdr(['nicrec', '--procfs', `${PAIR}/before/proc`, '--delimiter', ':']);
    expect(r.stdout.split('\n').filter(Boolean).map((l) => l.split(':')[1])).toEqual(['eth0', 'team0%3A1']);
    expect(r.stdout).not.toContain('"');
  });

  test('a malformed /proc line is skipped and reported once; the other devices are still recorded', () => {
    const root = mkdtempSync(`${tmpdir()}/sdr-bad-`);
    cpSync(`${PAIR}/before/proc`, `${root}/proc`, { recursive: true });
    appendFileSync(`${root}/proc/diskstats`, ' 202      32 xvdc 1 2 3\n');
    const r = sdr(['diskrec', '--procfs', `${root}/proc`, '0.1', '2']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`sdr: diskrec: warning: ${root}/proc/diskstats: skipped a line that fits no known layout: '202      32 xvdc 1 2 3'\n`);
    expect(samples(rows(r.stdout)).map((s) => s.map((row) => row[1]))).toEqual([
      ['dm-0', 'dm-2', 'dm-628', 'xvda1', 'xvda2'],
      ['dm-0', 'dm-2', 'dm-628', 'xvda1', 'xvda2'],
    ]);
  });
});

describe('diskrec: sources fail alone, and whose filesystems it asks', () => {
  const col = (name: string) => names('diskrec').indexOf(name);
  const space = (row: string[]) => ['size', 'free', 'usedpct', 'mountpoint'].map((n) => row[col(n)]);

  test('without mountinfo: every sample has its I/O rates, the space fields are empty, one warning, exit 0', () => {
    const root = mkdtempSync(`${tmpdir()}/sdr-nomounts-`);
    cpSync(`${PAIR}/after/proc`, `${root}/proc`, { recursive: true });
    rmSync(`${root}/proc/self/mountinfo`);
    const r = sdr(['diskrec', '--procfs', `${root}/proc`, '0.1', '3']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`sdr: diskrec: warning: cannot read ${root}/proc/self/mountinfo: no such file or directory; the fields it feeds are left empty\n`);
    const s = samples(rows(r.stdout));
    expect(s).toHaveLength(3);
    for (const sample of s) {
      expect(sample.map((row) => row[1])).toEqual(['dm-0', 'dm-2', 'xvda1', 'xvda2', 'xvdb']);
      for (const row of sample) {
        expect(row[col('reads')]).toBe('0.00');
        expect(space(row)).toEqual(['', '', '', '']);
      }
    }
  });

  test('another machine\'s --procfs alone: size, free and usedpct are empty rather than this machine\'s', () => {
    const r = sdr(['diskrec', '--procfs', `${PAIR}/after/proc`]);
    expect(r.status).toBe(0);
    const xvda1 = rows(r.stdout).find((row) => row[1] === 'xvda1')!;
    expect(space(xvda1)).toEqual(['', '', '', '/']);
  });

  test('--rootfs: each mount point is asked under the root; the row names it as the tree does', () => {
    const host = mkdtempSync(`${tmpdir()}/sdr-host-`);
    mkdirSync(`${host}/data`);
    const r = sdr(['diskrec', '--procfs', `${PAIR}/after/proc`, '--rootfs', `${host}/`]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const s = statfsSync(host);
    const gib = (blocks: number) => ((blocks * s.bsize) / 2 ** 30).toFixed(2);
    const byName = new Map(rows(r.stdout).map((row) => [row[1], row]));
    for (const [device, mountPoint] of [['xvda1', '/'], ['dm-0', '/data']]) {
      const [size, free, usedpct, mount] = space(byName.get(device)!);
      expect([device, size, mount]).toEqual([device, gib(s.blocks), mountPoint]);
      // Free space moves while the tests run beside other work: near what statfs says now, not equal.
      expect(Math.abs(Number(free) - Number(gib(s.bavail)))).toBeLessThan(1);
      expect(Number(usedpct)).toBeGreaterThanOrEqual(0);
    }
  });

  test('--rootfs that holds none of the mount points: one line, exit 1', () => {
    const r = sdr(['diskrec', '--procfs', `${PAIR}/after/proc`, '--rootfs', '/nonexistent']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`sdr: diskrec: /nonexistent holds none of the mount points of ${PAIR}/after/proc, such as /\n`);
  });
});
