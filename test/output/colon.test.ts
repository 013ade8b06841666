// The colon format (--delimiter :): the original's, nothing quoted, ':' and '%' percent-encoded as
// on the wire. Every recorder's colon output is read back by a splitter that knows nothing but ':'
// and %3A, as the original sender and awk -F: read it, and by sdr's own reader.
import { colonLine, splitColonLine, encodeColonField, decodeColonField } from '../../src/output/colon.js';
import { csvLines } from '../../src/output/csv.js';
import { splitCsvLine } from '../../src/transport/raw-reader.js';
import { loadLmo } from '../../src/core/lmo.js';
import { sdr } from '../cli/sdr.js';
import { FIXTURES } from '../helpers.js';

/** All a reader of the original format knows: fields split on ':', a colon inside one written %3A. */
const naive = (line: string) => line.split(':').map((f) => f.replace(/%3A/g, ':'));

describe('writing', () => {
  test('nothing is quoted: blanks and quotes stay as they are; ":" and "%" are percent-encoded', () => {
    expect(csvLines([['1', 'Intel(R) Xeon(R) Processor', 'say "hi"', 'a,b']], ':')).toBe('1:Intel(R) Xeon(R) Processor:say "hi":a,b\n');
    // A quote that begins a field would read as an older sdr's quoting.
    expect(colonLine(['1', '"quoted"'])).toBe('1:%22quoted"\n');
    expect(csvLines([['1', 'eth0_10.0.0.7 eth0_2001:db8::7', '50%', '%3A']], ':')).toBe('1:eth0_10.0.0.7 eth0_2001%3Adb8%3A%3A7:50%25:%253A\n');
    expect(colonLine(['1', 'two\nlines', 'cr\r'])).toBe('1:two%0Alines:cr%0D\n');
    expect(csvLines([['timestamp', 'cpupct'], ['1', '2.00']], ':')).toBe('timestamp:cpupct\n1:2.00\n');
  });

  test('a field of none of the four characters is written as it is', () => {
    for (const f of ['', '0.00', 'Intel(R) Xeon(R) CPU @ 2.20GHz', 'a"b', 's-vm 007', 'a,b;c\td']) expect(encodeColonField(f)).toBe(f);
  });
});

describe('reading', () => {
  const awkward = ['1', '', 'eth0_2001:db8::7', '50%', '%3A', '%25', 'two\nlines', '"quoted"', '"a', 'b"', 'x%zz', ':', '%'];

  test('every field comes back as it was written, whatever it holds', () => {
    for (const f of awkward) expect(decodeColonField(encodeColonField(f))).toBe(f);
    expect(splitColonLine(colonLine(awkward).slice(0, -1))).toEqual(awkward);
    expect(splitCsvLine(colonLine(awkward).slice(0, -1), ':')).toEqual(awkward);
  });

  test('a naive reader gets the same fields where no "%" is in them', () => {
    const fields = ['1700000000', 'team0:1', 'Intel(R) Xeon(R) Processor', 'eth0_fe80::1 eth0_10.0.0.1', ''];
    expect(naive(colonLine(fields).slice(0, -1))).toEqual(fields);
  });

  test('a colon file of an older sdr, which quoted fields holding ":", is read as it was meant', () => {
    expect(splitColonLine('1:"eth0_2001:db8::7":x')).toEqual(['1', 'eth0_2001:db8::7', 'x']);
    expect(splitColonLine('1:"say ""hi"": there"')).toEqual(['1', 'say "hi": there']);
    expect(splitColonLine('1:"a":b')).toEqual(['1', 'a', 'b']);
    // No closing quote ends a field: the quote is text.
    expect(splitColonLine('1:"unterminated:b')).toEqual(['1', '"unterminated', 'b']);
  });
});

describe("every recorder's colon output, on the fixture tree and the stand-in xentop", () => {
  const TREE = `${FIXTURES}/linux/tree`;
  const PAIR = `${FIXTURES}/linux/devices-change-pair`;
  const roots = ['--procfs', `${TREE}/before/proc`, '--sysfs', `${TREE}/before/sys`];
  const xen = { PATH: `${FIXTURES}/xen/bin:${process.env.PATH}`, XENTOP_CAPTURES: `${FIXTURES}/captures/xen/xentop/xcpng83-xen417-b-i2-d1-9domains.txt` };
  const runs: [string, string[], NodeJS.ProcessEnv][] = [
    ['sysrec', roots, {}],
    ['cpurec', roots, {}],
    ['diskrec', [...roots, '--rootfs', `${TREE}/root`], {}],
    // team0:1, an interface whose name holds a colon.
    ['nicrec', ['--procfs', `${PAIR}/before/proc`], {}],
    ['hdwrec', [...roots, '--rootfs', `${TREE}/root`], {}],
    // Domain names with blanks (s-vm 007); xentop needs root, and so xenrec.
    ...(process.getuid?.() === 0 ? [['xenrec', [], xen] as [string, string[], NodeJS.ProcessEnv]] : []),
  ];

  test.each(runs)('%s: the same fields as its CSV output, to a naive reader and to sdr\'s', (recorder, args, env) => {
    const csv = sdr([recorder, '-H', ...args], env);
    const colon = sdr([recorder, '-H', '--delimiter', ':', ...args], env);
    expect(colon.stderr).toBe('');
    expect(colon.status).toBe(0);
    const csvRows = csv.stdout.trimEnd().split('\n').map((l) => splitCsvLine(l, ','));
    const colonLines = colon.stdout.trimEnd().split('\n');
    expect(colonLines.length).toBe(csvRows.length);
    expect(colonLines.length).toBeGreaterThan(1);
    expect(colon.stdout).not.toContain('"');
    const names = loadLmo(recorder).fields.map((f) => f.name);
    // Two runs: the timestamps may differ by a second, and diskrec's free space is a statfs() of
    // the live filesystem under the fixture tree, which other writers change between the runs.
    const live = new Set(['timestamp', ...(recorder === 'diskrec' ? ['free', 'usedpct'] : [])]);
    const stable = (fields: string[]) => fields.filter((_, i) => !live.has(names[i]));
    colonLines.forEach((line, i) => {
      const naiveFields = naive(line);
      expect(naiveFields).toHaveLength(names.length);
      // The rest is the same reading. (No field here holds a '%', which the naive reader would
      // leave as %25.)
      expect(stable(naiveFields)).toEqual(stable(csvRows[i]));
      expect(stable(splitCsvLine(line, ':'))).toEqual(stable(csvRows[i]));
    });
  });
});
