import { parseXentop } from '../../../src/platform/linux/xentop.js';
import { capture } from '../../helpers.js';

const xen = (file: string) => capture(`xen/xentop/${file}`);

test('XCP-ng 8.3, 9 domains, 2 iterations: names with spaces, dom0 not first', () => {
  const its = parseXentop(xen('xcpng83-xen417-b-i2-d1-9domains.txt'));
  expect(its).toHaveLength(2);
  expect(its[1].map((d) => d.name)).toEqual(['b-vm-01', 'Domain-0', 'f-vm-02', 'h-vm-03-sa', 'i-vm04', 'n-vm-05-x', 'r-vm-06 pr', 's-vm 007', 'xvm']);
  expect(its[0].map((d) => d.values.get('CPU(%)'))).toEqual(Array(9).fill('0.0'));
  const s = its[1].find((d) => d.name === 's-vm 007')!;
  expect(s.values.get('STATE')).toBe('--b---');
  expect(s.values.get('CPU(%)')).toBe('1.6');
  expect(s.values.get('NETRX(k)')).toBe('0');
  expect(s.values.get('VBD_RD')).toBe('1206680');
  expect(s.values.get('VBD_WSECT')).toBe('220737293');
  expect(s.values.get('SSID')).toBe('0');
});

test('Xen 4.9 xl top: summary lines passed over, "no limit" and "n/a" kept whole', () => {
  const its = parseXentop(xen('xen492-xl-top-with-summary-nolimit.txt'));
  expect(its).toHaveLength(1);
  const dom0 = its[0][0];
  expect(dom0.name).toBe('Domain-0');
  expect(dom0.values.get('MAXMEM(k)')).toBe('no limit');
  expect(dom0.values.get('MAXMEM(%)')).toBe('n/a');
  expect(dom0.values.get('VCPUS')).toBe('8');
  expect(its[0][1].values.get('NETTX(k)')).toBe('113');
});

test('Xen 3.x 17-column header: no VBD_RSECT/VBD_WSECT, 8 iterations', () => {
  const its = parseXentop(xen('xen3x-17col-no-rsect-b-8iterations-dom0only.txt'));
  expect(its).toHaveLength(8);
  expect(its[2][0].values.get('CPU(%)')).toBe('11.8');
  expect(its[2][0].values.has('VBD_RSECT')).toBe(false);
  expect(its[2][0].values.get('SSID')).toBe('0');
});

test('a 10-character name starting at column 0, domU listed before Domain-0, 9-digit memory', () => {
  const [it] = parseXentop(xen('ovm-exadata-b-domu-first-10char-name-large-mem.txt'));
  expect(it.map((d) => d.name)).toEqual(['c2214-vkge', 'Domain-0']);
  expect(it[0].values.get('MEM(k)')).toBe('754978808');
  expect(it[0].values.get('VCPUS')).toBe('92');
});

test('"-" for unavailable VBD statistics is a value like any other', () => {
  const text = '      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID\n' +
    '    web 01 --b---        12    0.3    1048576    6.3    1049600       6.3     2    1      113       34    0        -        -        -          -          -    0\n';
  const [[d]] = parseXentop(text);
  expect(d.name).toBe('web 01');
  expect(d.values.get('VBD_RD')).toBe('-');
  expect(d.values.get('SSID')).toBe('0');
});

test('a line that does not fit the header names its line number', () => {
  const text = '      NAME  STATE   CPU(sec) CPU(%)\n  Domain-0 -----r 12 0.5\n garbage\n';
  expect(() => parseXentop(text)).toThrow("cannot parse xentop output line 3: 'garbage'");
});
