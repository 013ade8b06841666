import { readFileSync, mkdtempSync, cpSync, writeFileSync, readdirSync, rmSync, mkdirSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { sdr } from './sdr.js';
import { loadLmo } from '../../src/core/lmo.js';
import { FIXTURES, REPO } from '../helpers.js';
import { splitCsvLine } from '../../src/transport/raw-reader.js';

const ROOT = `${FIXTURES}/linux/hdwrec-root`;
const NAMES = loadLmo('hdwrec').fields.map((f) => f.name);
const VERSION = JSON.parse(readFileSync(`${REPO}package.json`, 'utf8')).version;
const col = (name: string) => NAMES.indexOf(name);

/** One CSV line's fields (the recorders quote fields with blanks or commas). */
const csvFields = (line: string) => splitCsvLine(line, ',');

test('hdwrec on this machine: 20 fields that agree with /proc', () => {
  const r = sdr(['hdwrec']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const lines = r.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  const f = csvFields(lines[0]);
  expect(f).toHaveLength(NAMES.length);
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  expect(Number(f[col('vcpu')])).toBe((cpuinfo.match(/^processor\s*:/gm) ?? []).length);
  const memTotal = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]);
  expect(Number(f[col('memtotal')])).toBeCloseTo(memTotal / 1024, 2);
  expect(f[col('kernel')]).toBe(readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim());
  expect(f[col('version')]).toBe(VERSION);
  expect(['yes', 'no', '']).toContain(f[col('ht')]);
  expect(f[col('hypervisor')]).not.toBe('');
  // A field with blanks is not quoted (only the delimiter, a quote or a line break call for quotes).
  if (f[col('model')].includes(' ')) expect(lines[0]).toContain(`,${f[col('model')]},`);
});

test('hdwrec on a captured root: known host, OS, CPU, memory, disks and interfaces', () => {
  const r = sdr(['hdwrec', '--procfs', `${ROOT}/proc`, '--sysfs', `${ROOT}/sys`, '--rootfs', ROOT]);
  expect(r.stderr).toBe('');
  const f = csvFields(r.stdout.trimEnd());
  const byName = Object.fromEntries(NAMES.map((n, i) => [n, f[i]]));
  expect(byName).toMatchObject({
    hostname: 'ubuntu2010', model: 'Intel(R) Xeon(R) Processor', hypervisor: 'kvm', os: 'ubuntu', relos: '20.10',
    kernel: '5.8.0-43-generic', pcpu: '1', cores: '2', vcpu: '2', ht: 'yes',
    memtotal: (3997272 / 1024).toFixed(2), swaptotal: (3996668 / 1024).toFixed(2),
    disks: '1', diskspace: '', nics: '1', uptime: '93784', version: VERSION,
  });
});

test('hdwrec\'s disk space is asked under --rootfs, and left empty for a foreign procfs without one', () => {
  const root = mkdtempSync(`${tmpdir()}/sdr-hdw-root-`);
  cpSync(ROOT, root, { recursive: true });
  // dm-0 and sda2 are mounted on these in the captured mountinfo; the loop device is not counted.
  for (const m of ['root', 'boot', 'snap/core']) mkdirSync(`${root}/nonexistent/sdr-fixture/${m}`, { recursive: true });
  const s = statfsSync(root);
  const col = NAMES.indexOf('diskspace');
  const under = csvFields(sdr(['hdwrec', '--procfs', `${root}/proc`, '--sysfs', `${root}/sys`, '--rootfs', root]).stdout.trimEnd());
  expect(Number(under[col])).toBeCloseTo((2 * s.blocks * s.bsize) / 2 ** 30, 2);
  const foreign = sdr(['hdwrec', '--procfs', `${root}/proc`, '--sysfs', `${root}/sys`]);
  expect(foreign.stderr).toBe('');
  expect(csvFields(foreign.stdout.trimEnd())[col]).toBe('');
});

describe('hdwrec: each root checked, each source failing alone', () => {
  test.each([
    ['--rootfs', '/nonexistent', 'sdr: hdwrec: /nonexistent holds none of etc/os-release, usr/lib/os-release, etc/lsb-release, etc/redhat-release, etc/debian_version, etc/alpine-release'],
    ['--sysfs', '/nonexistent', 'sdr: hdwrec: /nonexistent holds none of block, class/net, devices/system/cpu, class/dmi/id, hypervisor, firmware/devicetree'],
  ])('%s %s: refused in one line, exit 1', (option, dir, message) => {
    const r = sdr(['hdwrec', '--procfs', `${ROOT}/proc`, '--sysfs', `${ROOT}/sys`, '--rootfs', ROOT, option, dir]);
    expect([r.status, r.stdout, r.stderr]).toEqual([1, '', `${message}\n`]);
  });

  test('a procfs missing some sources is not an error: their fields are empty, each reported once', () => {
    const root = mkdtempSync(`${tmpdir()}/sdr-hdw-`);
    cpSync(ROOT, root, { recursive: true });
    rmSync(`${root}/proc/uptime`);
    rmSync(`${root}/proc/sys/kernel/hostname`);
    const r = sdr(['hdwrec', '--procfs', `${root}/proc`, '--sysfs', `${root}/sys`, '--rootfs', root]);
    expect(r.status).toBe(0);
    expect(r.stderr.split('\n')).toEqual([
      `sdr: hdwrec: warning: cannot read ${root}/proc/sys/kernel/hostname: no such file or directory; the fields it feeds are left empty`,
      `sdr: hdwrec: warning: cannot read ${root}/proc/uptime: no such file or directory; the fields it feeds are left empty`,
      '',
    ]);
    const f = csvFields(r.stdout.trimEnd());
    expect([f[col('hostname')], f[col('uptime')], f[col('kernel')], f[col('os')]]).toEqual(['', '', '5.8.0-43-generic', 'ubuntu']);
  });
});

describe('R reads the raw files back whole', () => {
  const rscript = spawnSync('Rscript', ['--version']).status === 0;
  const run = rscript || process.env.CI ? test : test.skip;
  if (!rscript && !process.env.CI) console.log('Rscript is not installed: the read.csv test is skipped (apt-get install r-base-core)');

  run('read.csv gets the LMO column count and names, and a string with commas and quotes intact', () => {
    const root = mkdtempSync(`${tmpdir()}/sdr-r-`);
    cpSync(ROOT, `${root}/tree`, { recursive: true });
    const cpuinfo = readFileSync(`${root}/tree/proc/cpuinfo`, 'utf8').replace(/^model name\s*:.*$/m, 'model name\t: ACME CPU, rev 2 "fast"');
    writeFileSync(`${root}/tree/proc/cpuinfo`, cpuinfo);
    const logs = `${root}/log`;
    for (const rec of ['hdwrec', 'sysrec']) {
      const r = sdr([rec, '-l', '--log-dir', logs, '--procfs', `${root}/tree/proc`, '--sysfs', `${root}/tree/sys`,
        ...(rec === 'hdwrec' ? ['--rootfs', `${root}/tree`] : [])]);
      expect(r.status).toBe(0);
    }
    for (const rec of ['hdwrec', 'sysrec']) {
      const file = `${logs}/${readdirSync(logs).find((f) => f.startsWith(rec))}`;
      const r = spawnSync('Rscript', ['-e', `d <- read.csv("${file}", stringsAsFactors = FALSE); cat(ncol(d), nrow(d), names(d), sep = "\\n"); if ("model" %in% names(d)) cat(d$model[1], "\\n", sep = "")`], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      const out = r.stdout.trimEnd().split('\n');
      const names = loadLmo(rec).fields.map((x) => x.name);
      expect(out.slice(0, 2)).toEqual([String(names.length), '1']);
      expect(out.slice(2, 2 + names.length)).toEqual(names);
      if (rec === 'hdwrec') expect(out[2 + names.length]).toBe('ACME CPU, rev 2 "fast"');
    }
  });

  run('read.csv of the appended columns: every field of every recorder, numbers as numbers, empty as NA', () => {
    const tree = `${FIXTURES}/linux/tree/before`;
    const logs = `${mkdtempSync(`${tmpdir()}/sdr-r-`)}/log`;
    // One sample each of one reading taken twice: rates 0, averages over no request empty.
    for (const rec of ['sysrec', 'cpurec', 'diskrec', 'nicrec']) {
      const r = sdr([rec, '-l', '--log-dir', logs, '--procfs', `${tree}/proc`, '--sysfs', `${tree}/sys`]);
      expect([rec, r.status, r.stderr]).toEqual([rec, 0, '']);
    }
    // hdwrec-root's kernel keeps no pressure stall information: sysrec's pressure fields are empty there.
    const old = `${mkdtempSync(`${tmpdir()}/sdr-r-`)}/log`;
    expect(sdr(['sysrec', '-l', '--log-dir', old, '--procfs', `${ROOT}/proc`, '--sysfs', `${ROOT}/sys`]).status).toBe(0);
    const file = (dir: string, rec: string) => `${dir}/${readdirSync(dir).find((f) => f.startsWith(rec))}`;
    const script = `
      rd <- function(f) read.csv(f, stringsAsFactors = FALSE)
      s <- rd("${file(logs, 'sysrec')}"); c <- rd("${file(logs, 'cpurec')}"); d <- rd("${file(logs, 'diskrec')}"); n <- rd("${file(logs, 'nicrec')}")
      o <- rd("${file(old, 'sysrec')}")
      cat(ncol(s), ncol(c), ncol(d), ncol(n), "\n")
      cat(names(s)[49:69], names(c)[12:13], names(d)[13:21], names(n)[21:23], "\n")
      cat(is.numeric(s$pgpgin), s$pgpgin, s$tcpestab, s$blocked, s$cpusomepct, is.na(o$cpusomepct), is.na(o$memfullpct), o$tcpestab, "\n")
      cat(d$utilpct[d$diskid == "vda"], is.na(d$await[d$diskid == "vda"]), is.na(d$utilpct[d$diskid == "sda1"]), is.na(d$flushes[d$diskid == "xvda1"]), "\n")
      cat(n$speed[n$nicid == "eth0"], n$duplex[n$nicid == "eth1"], n$utilpct[n$nicid == "eth0"], is.na(n$speed[n$nicid == "ifb0"]), is.na(n$utilpct[n$nicid == "docker0"]), "\n")`;
    const r = spawnSync('Rscript', ['-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n').map((l) => l.trim());
    const names = (rec: string) => loadLmo(rec).fields.map((f) => f.name);
    expect(lines[0]).toBe(['sysrec', 'cpurec', 'diskrec', 'nicrec'].map((rec) => names(rec).length).join(' '));
    expect(lines[1]).toBe([...names('sysrec').slice(48), ...names('cpurec').slice(11), ...names('diskrec').slice(12), ...names('nicrec').slice(20)].join(' '));
    // The fixture tree's blocked and CurrEstab are 0; hdwrec-root's snmp (before 3.10) says 21 established.
    expect(lines[2]).toBe('TRUE 0 0 0 0 TRUE TRUE 21');
    expect(lines[3]).toBe('0 TRUE TRUE TRUE');
    expect(lines[4]).toBe('1000 half 0 TRUE TRUE');
  });
});
