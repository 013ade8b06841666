import { readFileSync, mkdtempSync, readdirSync, writeFileSync, mkdirSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { sdr, sdrAsync, rows, SDR, userEnv } from './sdr.js';
import { loadLmo } from '../../src/core/lmo.js';
import { RECORDERS } from '../../src/recorders/index.js';
import { FIXTURES, REPO } from '../helpers.js';

const lmo = loadLmo('sysrec');
const NAMES = lmo.fields.map((f) => f.name);
const col = (name: string) => NAMES.indexOf(name);
const tmp = () => mkdtempSync(`${tmpdir()}/sdr-cli-`);

describe('sdr sysrec on this machine', () => {
  test('0.2 3: three rows of the LMO field count, 0.2 s apart, sane values', () => {
    const r = sdr(['sysrec', '0.2', '3']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const data = rows(r.stdout);
    expect(data).toHaveLength(3);
    for (const row of data) expect(row).toHaveLength(NAMES.length);
    const stamps = data.map((row) => row[0]);
    for (const s of stamps) expect(s).toMatch(/^\d{10}\.\d{3}$/);
    for (let i = 1; i < 3; i++) {
      const gap = Number(stamps[i]) - Number(stamps[i - 1]);
      expect(gap).toBeGreaterThan(0.15);
      expect(gap).toBeLessThan(0.3);
    }
    const cpus = readFileSync('/proc/stat', 'utf8').split('\n').filter((l) => /^cpu\d/.test(l)).length;
    for (const row of data) {
      for (const name of ['cpupct', 'userpct', 'syspct', 'idlepct', 'iowaitpct', 'memusedpct', 'realfreepct', 'swapusedpct']) {
        const v = Number(row[col(name)]);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(100);
      }
      expect(Number(row[col('sumpct')]) + Number(row[col('headpct')])).toBeCloseTo(cpus * 100, 1);
      for (const name of ['reads', 'rkbytes', 'rxpkt', 'rxkbytes', 'txkbytes']) expect(Number(row[col(name)])).toBeGreaterThanOrEqual(0);
    }
    const memTotal = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]);
    expect(Number(data[0][col('memtotal')])).toBe(memTotal);
  });

  test('no arguments: one row with a whole-second timestamp, now', () => {
    const before = Math.floor(Date.now() / 1000);
    const r = sdr(['sysrec']);
    expect(r.status).toBe(0);
    const data = rows(r.stdout);
    expect(data).toHaveLength(1);
    expect(data[0][0]).toMatch(/^\d{10}$/);
    expect(Number(data[0][0])).toBeGreaterThanOrEqual(before);
    expect(Number(data[0][0])).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
  });

  test('-H prints the LMO names first; --delimiter : gives the colon format', () => {
    const r = sdr(['sysrec', '-H', '--delimiter', ':']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(NAMES.join(':'));
    expect(lines[1].split(':')).toHaveLength(NAMES.length);
  });

  test('the sysrec alias works as sdr sysrec', () => {
    const r = spawnSync(process.execPath, [`${REPO}bin/sysrec.js`, '-H'], { encoding: 'utf8', env: userEnv() });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(NAMES.join(','));
  });

  test('every recorder is installed under its own name too', () => {
    const bins = JSON.parse(readFileSync(`${REPO}package.json`, 'utf8')).bin;
    for (const name of RECORDERS.keys()) {
      expect(bins[name]).toBe(`bin/${name}.js`);
      const r = spawnSync(process.execPath, [`${REPO}${bins[name]}`, '--help'], { encoding: 'utf8', env: userEnv() });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: sdr ${name} `));
    }
  });

  test('-l appends to the dated raw file with its header, nothing on stdout', () => {
    const dir = tmp();
    const r = sdr(['sysrec', '-l', '--log-dir', dir, '0.2', '2']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^sysrec-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = readFileSync(`${dir}/${files[0]}`, 'utf8').split('\n');
    expect(lines[0]).toBe(NAMES.join(','));
    expect(lines.slice(1, 3).map((l) => l.split(',').length)).toEqual([NAMES.length, NAMES.length]);
    expect(lines[3]).toBe('');
    expect(files[0]).toBe(`sysrec-${new Date(Number(lines[1].split(',')[0]) * 1000).toISOString().slice(0, 10)}.csv`);
  });

  test('$SDR_LOG_DIR is used when --log-dir is not given', () => {
    const dir = tmp();
    expect(sdr(['sysrec', '-l'], { SDR_LOG_DIR: dir }).status).toBe(0);
    expect(readdirSync(dir)).toHaveLength(1);
  });

  test('SIGTERM completes the row being written, then exit 0', async () => {
    const dir = tmp();
    const child = sdrAsync(['sysrec', '-l', '--log-dir', dir, '0.1']);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Two rows written, however long a busy machine takes to start node: then it is recording.
    const rowsWritten = () => readdirSync(dir).filter((f) => f.endsWith('.csv'))
      .some((f) => readFileSync(`${dir}/${f}`, 'utf8').split('\n').length >= 4);
    for (let waited = 0; !rowsWritten() && waited < 15_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    const code = await new Promise((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const text = readFileSync(`${dir}/${readdirSync(dir)[0]}`, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const l of lines) expect(l.split(',')).toHaveLength(NAMES.length);
  });

  test('a reader that goes away ends the run quietly: sdr sysrec 0.1 | head -1', () => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${SDR}" sysrec 0.1 | head -1`], { encoding: 'utf8', timeout: 20_000, env: userEnv() });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(rows(r.stdout)).toHaveLength(1);
  });
});

describe('sdr sysrec on a captured tree', () => {
  const root = `${FIXTURES}/linux/lvm-bridge-host-pair/before`;

  test('--procfs/--sysfs give the known memory values; with no time elapsed CPU shares are empty', () => {
    const r = sdr(['sysrec', '--procfs', `${root}/proc/`, '--sysfs', `${root}/sys`]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [row] = rows(r.stdout);
    expect(row[col('memtotal')]).toBe('3997272');
    expect(row[col('memfree')]).toBe('2760316');
    expect(row[col('memavailable')]).toBe('3386876');
    expect(row[col('runqsz')]).toBe('2');
    expect(row[col('plistsz')]).toBe('467');
    expect(row[col('avg15')]).toBe('0.59');
    expect(row[col('cpupct')]).toBe('');
    expect(row[col('reads')]).toBe('0.00');
  });
});

describe('sdr sysrec on a tree missing one source', () => {
  test('without net/dev: CPU, memory, disk and load are written, the network fields empty, one warning', () => {
    const root = tmp();
    cpSync(`${FIXTURES}/linux/lvm-bridge-host-pair/before`, root, { recursive: true });
    rmSync(`${root}/proc/net/dev`);
    const r = sdr(['sysrec', '--procfs', `${root}/proc`, '--sysfs', `${root}/sys`, '0.1', '2']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`sdr: sysrec: warning: cannot read ${root}/proc/net/dev: no such file or directory; the fields it feeds are left empty\n`);
    const data = rows(r.stdout);
    expect(data).toHaveLength(2);
    for (const row of data) {
      expect(row).toHaveLength(NAMES.length);
      expect(NAMES.filter((n) => /^(rx|tx)/.test(n)).map((n) => row[col(n)])).toEqual(Array(10).fill(''));
      expect([row[col('memtotal')], row[col('reads')], row[col('avg15')], row[col('runqsz')]]).toEqual(['3997272', '0.00', '0.59', '2']);
    }
  });
});

describe('a root that holds none of a recorder\'s sources: one line, exit 1', () => {
  test.each(['sysrec', 'cpurec', 'diskrec', 'nicrec', 'hdwrec'])('%s --procfs /nonexistent', (rec) => {
    const r = sdr([rec, '--procfs', '/nonexistent/proc']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^sdr: ${rec}: [^\n]*/nonexistent/proc[^\n]*\n$`));
  });
});

describe('bad input: one line naming the problem, exit 2 for usage, 1 at runtime', () => {
  const dir = tmp();
  writeFileSync(`${dir}/plain-file`, '');
  mkdirSync(`${dir}/unwritable`);
  const today = new Date().toISOString().slice(0, 10);
  mkdirSync(`${dir}/unwritable/sysrec-${today}.csv`);
  mkdirSync(`${dir}/empty-proc`);

  test.each([
    [['sysrec', 'abc'], 2, "sdr: sysrec: interval 'abc' is not a number of seconds"],
    [['sysrec', '0'], 2, "sdr: sysrec: interval '0' is too short: the minimum is 0.1 s"],
    [['sysrec', '--', '-1'], 2, "sdr: sysrec: interval '-1' cannot be negative: the minimum is 0.1 s"],
    // commander splits -H60 into -H and -60, and takes -60 for a negative interval.
    [['sysrec', '-H60'], 2, "sdr: sysrec: '-H60': -H takes no value; for an interval of 60, write '-H 60'"],
    [['sysrec', '-lH.5'], 2, "sdr: sysrec: '-lH.5': -H takes no value; for an interval of .5, write '-lH .5'"],
    [['sysrec', '5', '-H3'], 2, "sdr: sysrec: '-H3': -H takes no value; for a count of 3, write '-H 3'"],
    [['xenrec', '-H60'], 2, "sdr: xenrec: '-H60': -H takes no value; for an interval of 60, write '-H 60'"],
    [['sysrec', '0.01'], 2, "sdr: sysrec: interval '0.01' is too short: the minimum is 0.1 s"],
    [['sysrec', '1', '0'], 2, "sdr: sysrec: count '0' is not a whole number of samples of at least 1"],
    [['sysrec', '1', '--', '-2'], 2, "sdr: sysrec: count '-2' is not a whole number of samples of at least 1"],
    [['sysrec', '1', '1.5'], 2, "sdr: sysrec: count '1.5' is not a whole number of samples of at least 1"],
    [['sysrec', '1', '2', '3'], 2, "sdr: sysrec: too many arguments for 'sysrec'. Expected 2 arguments but got 3."],
    [['sysrec', '--bogus'], 2, "sdr: sysrec: unknown option '--bogus'"],
    [['sysrec', '--delimiter', '::'], 2, "sdr: sysrec: delimiter '::' must be exactly one character"],
    [['frobrec'], 2, "sdr: unknown command 'frobrec'"],
    [['sysrec', '-l', '--log-dir', `${dir}/plain-file/logs`], 1, `sdr: sysrec: cannot create log directory ${dir}/plain-file/logs: a path component is not a directory`],
    [['sysrec', '-l', '--log-dir', `${dir}/unwritable`], 1, `sdr: sysrec: cannot write raw file ${dir}/unwritable/sysrec-${today}.csv: is a directory`],
    [['sysrec', '--procfs', `${dir}/empty-proc`], 1, `sdr: sysrec: ${dir}/empty-proc holds none of stat, meminfo, loadavg, diskstats, net/dev, vmstat, net/snmp (cannot read ${dir}/empty-proc/stat: no such file or directory)`],
  ])('%j', (args, status, message) => {
    const r = sdr(args as string[]);
    expect(r.status).toBe(status);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('-1 without -- is read as the interval, still a usage error', () => {
    const r = sdr(['sysrec', '-1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("sdr: sysrec: interval '-1' cannot be negative: the minimum is 0.1 s\n");
  });

  test('SDR_DEBUG=1 adds the stack trace', () => {
    const r = sdr(['sysrec', '--procfs', `${dir}/empty-proc`], { SDR_DEBUG: '1' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe('sdr, its help and the LMO command', () => {
  test('--help lists the recorders and commands that exist, and no others', () => {
    const r = sdr(['--help']);
    expect(r.status).toBe(0);
    const commands = r.stdout.split('Commands:')[1].split('\n').flatMap((l) => /^  (\S+)/.exec(l)?.[1] ?? []);
    expect(commands).toEqual([...RECORDERS.keys(), 'send', 'run', 'collect', 'lmo', 'report', 'doctor', 'help']);
  });

  test('sysrec --help lists every field with its unit', () => {
    const out = sdr(['sysrec', '--help']).stdout;
    for (const f of lmo.fields) expect(out).toMatch(new RegExp(`\\b${f.name}\\s+${f.type}\\s+${f.unit.replace(/[/%]/g, '\\$&') || '-'}\\s`));
  });

  test('-V prints the package version', () => {
    const version = JSON.parse(readFileSync(`${REPO}package.json`, 'utf8')).version;
    expect(sdr(['-V']).stdout.trim()).toBe(version);
    expect(sdr(['sysrec', '-V']).stdout.trim()).toBe(version);
  });

  test('sdr lmo --json is the LMO file; sdr lmo sysrec is a table of every field', () => {
    expect(JSON.parse(sdr(['lmo', 'sysrec', '--json']).stdout)).toEqual(lmo);
    const table = sdr(['lmo', 'sysrec']).stdout;
    for (const f of lmo.fields) expect(table).toContain(` ${f.name} `);
    const r = sdr(['lmo', 'nosuch']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`sdr: lmo: no recorder 'nosuch': known: ${[...RECORDERS.keys(), 'sdrrec'].sort().join(', ')}\n`);
  });

  test('sdr lmo --os freebsd sysrec: each field with its FreeBSD source; solaris names sunos', () => {
    const out = sdr(['lmo', '--os', 'freebsd', 'sysrec']).stdout.trimEnd().split('\n');
    expect(out[0]).toBe('sysrec on freebsd:');
    const lines = ['', ...out.filter((l) => /^ *\d+  /.test(l))]; // without the continuation lines of long sources
    lmo.fields.forEach((f, i) => expect(lines[i + 1]).toMatch(new RegExp(`^ *${i + 1}  ${f.name} +${f.sources!.freebsd.split(' ')[0]}`)));
    expect(lines.find((l) => / iowaitpct /.test(l))).toMatch(/ unavailable$/);
    const all = sdr(['lmo', '--os', 'solaris']).stdout;
    expect(all.match(/^\w+ on sunos:$/gm)).toEqual([...RECORDERS.keys(), 'sdrrec'].sort().map((r) => `${r} on sunos:`));
    const bad = sdr(['lmo', '--os', 'plan9']);
    expect([bad.status, bad.stderr]).toEqual([2, "sdr: lmo: no OS 'plan9': known: linux, freebsd, sunos, darwin\n"]);
  });
});
