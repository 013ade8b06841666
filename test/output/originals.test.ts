// The original recorders' layouts as data (src/output/originals/), and their rows read as rows of
// the LMO: the rows of test/fixtures/originals/rows.txt, one per layout, built from the original's
// documented field lists, mapped field by field with the conversions written down in layout.ts.
import { loadLmo } from '../../src/core/lmo.js';
import {
  ORIGINAL_LAYOUTS, convertField, layoutFileName, layoutHeader, mappedFields, originalLayout, originalToLmo,
  parseLayoutFileName, storedRowToLmo,
} from '../../src/output/originals/index.js';
import { colonLine } from '../../src/output/colon.js';
import { originalRows } from '../helpers.js';

/** layout ("sysrec-linux") -> the row as the original printed it. */
const ORIGINAL_ROWS = originalRows();

/** The LMO row of an original row, by the LMO's field names. */
function mapped(layout: string): Record<string, string> {
  const [recorder, os] = layout.split('-');
  const row = originalToLmo(originalLayout(os, recorder)!, ORIGINAL_ROWS.get(layout)!.split(':'));
  return Object.fromEntries(loadLmo(recorder).fields.map((f, i) => [f.name, row[i]]));
}

describe('the layouts', () => {
  test('every recorder on every OS the original ran on, with the field counts the original documents', () => {
    const counts = Object.fromEntries(ORIGINAL_LAYOUTS.map((l) => [`${l.recorder}-${l.os}`, l.fields.length]));
    expect(counts).toEqual({
      'sysrec-linux': 46, 'sysrec-freebsd': 54, 'sysrec-darwin': 54, 'sysrec-solaris': 19,
      'cpurec-linux': 11, 'cpurec-freebsd': 8, 'cpurec-darwin': 8, 'cpurec-solaris': 13,
      'diskrec-linux': 11, 'diskrec-freebsd': 14, 'diskrec-darwin': 14,
      'nicrec-linux': 20, 'nicrec-freebsd': 13, 'nicrec-darwin': 13, 'nicrec-solaris': 10,
      'hdwrec-linux': 20, 'hdwrec-freebsd': 20, 'hdwrec-darwin': 20, 'hdwrec-solaris': 12,
      'xenrec-linux': 20,
    });
  });

  test.each(ORIGINAL_LAYOUTS.map((l) => [`${l.recorder}-${l.os}`, l]))('%s: names unique, the timestamp first, each LMO field named once and existing', (_name, layout) => {
    const names = layout.fields.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(layout.fields[0]).toMatchObject({ name: 'timestamp', lmo: 'timestamp' });
    const lmo = loadLmo(layout.recorder).fields.map((f) => f.name);
    const targets = mappedFields(layout);
    expect(new Set(targets).size).toBe(targets.length);
    for (const t of targets) expect(lmo).toContain(t);
    for (const f of layout.fields) expect(f.meaning).not.toBe('');
  });

  test('the fixture holds a row of every layout, of its field count', () => {
    expect([...ORIGINAL_ROWS.keys()].sort()).toEqual(ORIGINAL_LAYOUTS.map((l) => `${l.recorder}-${l.os}`).sort());
    for (const l of ORIGINAL_LAYOUTS) expect(ORIGINAL_ROWS.get(`${l.recorder}-${l.os}`)!.split(':')).toHaveLength(l.fields.length);
  });

  test('a per-device layout maps its device, so that its rows can be told apart', () => {
    for (const l of ORIGINAL_LAYOUTS.filter((x) => ['cpurec', 'diskrec', 'nicrec', 'xenrec'].includes(x.recorder))) {
      expect(mappedFields(l)).toContain(loadLmo(l.recorder).fields[1].name);
    }
  });
});

describe('rows mapped to the LMO', () => {
  test("Linux sysrec, the original's own sample: misspelt names to the LMO's, everything else as it was, the new fields empty", () => {
    const m = mapped('sysrec-linux');
    expect(m).toMatchObject({
      timestamp: '1646484612', cpupct: '0.00', headpct: '100.00', syspct: '0.00', idlepct: '100.00', iowaitpct: '0.00',
      runqsz: '0', plistsz: '84', memusedpct: '88.12', memused: '899072', memfree: '121172', memtotal: '1020244',
      buffers: '61740', cached: '693284', realfree: '876196', swapused: '10748', swaptotal: '1045500', swapcached: '996',
      rxpkt: '11', rxkbytes: '0.72', rxtxpkt: '11', avg1: '0.00', avg15: '0.00',
      memavailable: '', memavailablepct: '',
    });
    // 88.12 = 899072 / 1020244, as the sample says: the fields kept their order.
    expect(Number(m.memused) / Number(m.memtotal) * 100).toBeCloseTo(Number(m.memusedpct), 2);
  });

  test('FreeBSD sysrec: CPU, free and available memory, load; the means over devices and the counts per interval left out', () => {
    const m = mapped('sysrec-freebsd');
    expect(m).toMatchObject({
      cpupct: '0.08', sumpct: '0.31', headpct: '399.69', userpct: '0.04', syspct: '0.04', irqpct: '0.00', idlepct: '99.92',
      runqsz: '0.00', memtotal: '1006032.00', memfree: '113656.00', memavailable: '154056.00', memavailablepct: '15.31',
      avg1: '0.08', avg5: '0.12', avg15: '0.14',
      memused: '', plistsz: '', reads: '', rxpkt: '', rxkbytes: '', swapused: '',
    });
  });

  test("macOS: FreeBSD's scripts, whose values are not measurements: only the time and the devices", () => {
    expect(Object.entries(mapped('sysrec-darwin')).filter(([, v]) => v !== '')).toEqual([['timestamp', '1692254479']]);
    expect(mapped('cpurec-darwin')).toMatchObject({ cpuid: 'cpu0', userpct: '', idlepct: '' });
    expect(mapped('hdwrec-darwin')).toMatchObject({ hostname: 'mac01', hdw: '', os: '', relos: '10.15.7', kernel: '19.6.0', memtotal: '', uptime: '' });
  });

  test('hdwrec: uptimes to seconds on every OS, NA to empty, the logical CPU count not taken for cores', () => {
    expect(mapped('hdwrec-linux')).toMatchObject({
      hostname: 'web01', model: 'Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz', hypervisor: 'kvm', os: 'centos', relos: '7.9',
      pcpu: '2', cores: '', vcpu: '4', ht: '', memtotal: '7821.45', diskspace: '120.00', nics: '', version: '',
      uptime: String(35 * 60 + 7), ips: 'eth0_192.0.2.7 eth1_',
    });
    expect(mapped('hdwrec-freebsd')).toMatchObject({ hypervisor: '', kernel: '', pcpu: '', nics: '2', uptime: String(2 * 86400 + 5 * 60 + 3) });
    expect(mapped('hdwrec-solaris')).toMatchObject({ hostname: 'sol01', memtotal: '4096.00', swaptotal: '', uptime: String(12 * 86400), vcpu: '4' });
  });

  test('Solaris: the CPU instance named as the kernel names it, its busy share kept, the per-CPU sums that ignore the CPU count left out', () => {
    expect(mapped('cpurec-solaris')).toMatchObject({ cpuid: 'cpu3', userpct: '10.00', syspct: '2.50', idlepct: '87.50', nicepct: '' });
    expect(mapped('sysrec-solaris')).toMatchObject({ cpupct: '12.50', userpct: '', idlepct: '', plistsz: '512', avg15: '0.38' });
    expect(mapped('nicrec-solaris')).toMatchObject({ nicid: 'e1000g0', rxkbytes: '1.25', txkbytes: '0.50', rxpkt: '12.00', txpkt: '6.00', rxerr: '' });
  });

  test("xenrec: the original's dom0 is xentop's Domain-0 again; diskrec keeps the original's device names; FreeBSD nicrec only its names", () => {
    expect(mapped('xenrec-linux')).toMatchObject({ name: 'Domain-0', state: 'r', cputime: '330256', vcpus: '12' });
    expect(mapped('diskrec-linux')).toMatchObject({ diskid: 'sda1root', reads: '0.00', size: '29.34', free: '', usedpct: '', mountpoint: '' });
    expect(Object.entries(mapped('nicrec-freebsd')).filter(([, v]) => v !== '')).toEqual([['timestamp', '1692254479'], ['nicid', 'em0']]);
  });

  test('conversions', () => {
    expect(convertField('NA', 'dhms')).toBe('');
    expect(convertField('0d 0h 0m 0s', 'dhms')).toBe('0');
    expect(convertField('7s', 'dhms')).toBe('7');
    expect(convertField('5s 3m', 'dhms')).toBe('');
    expect(convertField('uptime', 'dhms')).toBe('');
    expect(convertField('1 day', 'days')).toBe('86400');
    expect(convertField('12.5 MB', 'mb')).toBe('12.5');
    expect(convertField('x', 'cpu-number')).toBe('');
    expect(convertField('Cortex-A72\0', 'text')).toBe('Cortex-A72');
    expect(convertField('phymem')).toBe('');
    expect(convertField('-1.5e3')).toBe('-1.5e3');
    expect(() => originalToLmo(originalLayout('linux', 'cpurec')!, ['1', 'cpu0'])).toThrow('a linux cpurec row has 11 fields, not 2');
  });
});

describe('layout files', () => {
  test('names, headers, and a stored line read back as an LMO row', () => {
    const t = Date.UTC(2022, 2, 5, 12);
    expect(layoutFileName('sysrec', 'linux', t)).toBe('sysrec-linux-2022-03-05.csv');
    expect(parseLayoutFileName('sysrec-linux-2022-03-05.csv')).toEqual({ recorder: 'sysrec', layout: 'linux', day: '2022-03-05' });
    expect(parseLayoutFileName('nicrec-sdr-2022-03-05.csv.gz')).toEqual({ recorder: 'nicrec', layout: 'sdr', day: '2022-03-05' });
    // sdr's own day files, and layouts the original never had, are not layout files.
    expect(parseLayoutFileName('sysrec-2022-03-05.csv')).toBeUndefined();
    expect(parseLayoutFileName('diskrec-solaris-2022-03-05.csv')).toBeUndefined();
    expect(layoutHeader('cpurec', 'freebsd')).toBe('timestamp:cpuid:userpct:nicepct:syspct:irqpct:idlepct:totalpct\n');
    expect(layoutHeader('cpurec', 'sdr')).toBe(`${loadLmo('cpurec').fields.map((f) => f.name).join(':')}\n`);
    expect(storedRowToLmo('cpurec', 'solaris', ORIGINAL_ROWS.get('cpurec-solaris')!)[1]).toBe('cpu3');
    const sdrRow = loadLmo('nicrec').fields.map((f, i) => (i === 0 ? '1646484612' : i === 1 ? 'team0:1' : '0.00'));
    expect(storedRowToLmo('nicrec', 'sdr', colonLine(sdrRow).trimEnd())).toEqual(sdrRow);
  });
});
