// sysrec's sources of paging, pressure and TCP fail alone, as the others do: a /proc/pressure that
// is absent (a kernel before 4.20, or psi=0) or cannot be read leaves only the pressure fields
// empty and says so once in a whole run; a malformed line of a new source is skipped and said once;
// nothing else in the row changes. Each run takes 4 readings of a static tree, so "once" is tested.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, appendFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { sdr, rows } from './sdr.js';
import { loadLmo } from '../../src/core/lmo.js';
import { FIXTURES } from '../helpers.js';

const NAMES = loadLmo('sysrec').fields.map((f) => f.name);
const col = (name: string) => NAMES.indexOf(name);
const PRESSURE = ['cpusomepct', 'iosomepct', 'iofullpct', 'memsomepct', 'memfullpct'];
const PAGING = ['pgpgin', 'pgpgout', 'pgfault', 'pgmajfault', 'pswpin', 'pswpout'];
const TCP = ['tcpactive', 'tcppassive', 'tcpretrans', 'tcpestab'];

/** A copy of the fixture tree's first reading (a static host), changed by `edit`. */
function host(edit: (proc: string) => void = () => {}): string {
  const root = mkdtempSync(`${tmpdir()}/sdr-sources-`);
  cpSync(`${FIXTURES}/linux/tree/before`, root, { recursive: true });
  edit(`${root}/proc`);
  return root;
}

function run(root: string) {
  const r = sdr(['sysrec', '--procfs', `${root}/proc`, '--sysfs', `${root}/sys`, '0.1', '3']);
  expect(r.status).toBe(0);
  const data = rows(r.stdout);
  expect(data).toHaveLength(3);
  return { stderr: r.stderr, data };
}

/** Every field but the timestamp and `these`. */
const rest = (row: string[], these: string[]) => row.filter((_, i) => i > 0 && !these.includes(NAMES[i]));

const whole = run(host());

test('the whole host: no warning, and the new fields filled (a static tree: rates 0, levels as read)', () => {
  expect(whole.stderr).toBe('');
  for (const row of whole.data) {
    expect([...PRESSURE, ...PAGING].map((n) => row[col(n)])).toEqual(Array(11).fill('0.00'));
    expect([row[col('tcpestab')], row[col('blocked')]]).toEqual(['0', '0']);
  }
});

test('no /proc/pressure (before 4.20, or psi=0): the pressure fields empty, said once, nothing else changes', () => {
  const root = host((proc) => rmSync(`${proc}/pressure`, { recursive: true }));
  const { stderr, data } = run(root);
  expect(stderr).toBe(`sdr: sysrec: warning: ${root}/proc/pressure is absent (Linux before 4.20, or pressure stall information off: psi=0): the pressure fields are left empty\n`);
  data.forEach((row, i) => {
    expect(PRESSURE.map((n) => row[col(n)])).toEqual(Array(5).fill(''));
    expect(rest(row, PRESSURE)).toEqual(rest(whole.data[i], PRESSURE));
  });
});

test('a pressure file that cannot be read: its fields empty, said once, the other files\' fields kept', () => {
  const root = host((proc) => {
    rmSync(`${proc}/pressure/io`);
    mkdirSync(`${proc}/pressure/io`); // reading it fails (EISDIR), as a file sdr may not read would
  });
  const { stderr, data } = run(root);
  expect(stderr).toBe(`sdr: sysrec: warning: cannot read ${root}/proc/pressure/io: is a directory: its pressure fields are left empty\n`);
  for (const row of data) {
    expect(PRESSURE.map((n) => row[col(n)])).toEqual(['0.00', '', '', '0.00', '0.00']);
  }
});

test('without vmstat or net/snmp: only their fields are empty, each reported as any source is', () => {
  const root = host((proc) => {
    rmSync(`${proc}/vmstat`);
    rmSync(`${proc}/net/snmp`);
  });
  const { stderr, data } = run(root);
  expect(stderr.split('\n')).toEqual([
    `sdr: sysrec: warning: cannot read ${root}/proc/vmstat: no such file or directory; the fields it feeds are left empty`,
    `sdr: sysrec: warning: cannot read ${root}/proc/net/snmp: no such file or directory; the fields it feeds are left empty`,
    '',
  ]);
  data.forEach((row, i) => {
    expect([...PAGING, ...TCP].map((n) => row[col(n)])).toEqual(Array(10).fill(''));
    expect(rest(row, [...PAGING, ...TCP])).toEqual(rest(whole.data[i], [...PAGING, ...TCP]));
  });
});

test('a malformed line in vmstat, pressure, snmp or stat is skipped and said once; the rest of each is read', () => {
  const root = host((proc) => {
    appendFileSync(`${proc}/vmstat`, 'pgsteal_bogus twelve\n');
    appendFileSync(`${proc}/pressure/memory`, 'half avg10=0.00\n');
    writeFileSync(`${proc}/net/snmp`, `Ip: Forwarding\n${readFileSync(`${proc}/net/snmp`, 'latin1')}`);
    writeFileSync(`${proc}/stat`, readFileSync(`${proc}/stat`, 'latin1').replace(/^ctxt .*$/m, 'ctxt many'));
  });
  const { stderr, data } = run(root);
  expect(stderr.split('\n').sort()).toEqual([
    '',
    `sdr: sysrec: warning: ${root}/proc/net/snmp: skipped a line that fits no known layout: 'Ip: Forwarding'`,
    `sdr: sysrec: warning: ${root}/proc/pressure/memory: skipped a line that fits no known layout: 'half avg10=0.00'`,
    `sdr: sysrec: warning: ${root}/proc/stat: skipped a line that fits no known layout: 'ctxt many'`,
    `sdr: sysrec: warning: ${root}/proc/vmstat: skipped a line that fits no known layout: 'pgsteal_bogus twelve'`,
  ].sort());
  data.forEach((row, i) => {
    expect(row[col('cswch')]).toBe('');
    expect(rest(row, ['cswch'])).toEqual(rest(whole.data[i], ['cswch']));
  });
});
