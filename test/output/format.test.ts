import { formatTimestamp, rowFormatter } from '../../src/output/format.js';
import { csvLines } from '../../src/output/csv.js';
import { stringify } from 'csv-stringify/sync';
import type { Lmo } from '../../src/core/lmo.js';

const lmo: Lmo = {
  name: 't', description: 'd', rows: 'r',
  fields: [
    { name: 'timestamp', type: 'time', unit: 's', description: 'x' },
    { name: 'pct', type: 'float', unit: '%', description: 'x' },
    { name: 'kib', type: 'int', unit: 'KiB', description: 'x' },
    { name: 'name', type: 'string', unit: '', description: 'x' },
  ],
};

test('timestamps: whole seconds floored, or 3 decimals', () => {
  expect(formatTimestamp(1646484612700, 0)).toBe('1646484612');
  expect(formatTimestamp(1646484612007, 3)).toBe('1646484612.007');
  expect(formatTimestamp(1646484612000, 3)).toBe('1646484612.000');
});

test('values print by LMO type; unknown is empty; never -0.00', () => {
  const f = rowFormatter(lmo);
  expect(f([12.345, 1024, 'eth0'])).toEqual(['12.35', '1024', 'eth0']);
  expect(f([null, null, null])).toEqual(['', '', '']);
  expect(f([-1e-12, 0, 'x'])).toEqual(['0.00', '0', 'x']);
  expect(() => f([1, 2])).toThrow('t: a row has 3 fields, its LMO 4');
});

test('CSV quoting keeps a field with the delimiter, a quote or a line break whole, and only those', () => {
  expect(csvLines([['1', 'a,b', 'say "hi"']], ',')).toBe('1,"a,b","say ""hi"""\n');
  expect(csvLines([['1', 'a,b', '2']], ':')).toBe('1:a,b:2\n');
  expect(csvLines([['1', 'Intel(R) Xeon(R) Processor', 'tab\there', 'two\nlines']], ',')).toBe('1,Intel(R) Xeon(R) Processor,tab\there,"two\nlines"\n');
});

test('rows that need no quotes come out exactly as csv-stringify writes them, and those that do too', () => {
  const records = [
    ['1764288000', '12.50', '', '0', 'sda'],
    ['1', 'Intel(R) Xeon(R) CPU', 'x'],
    ['1', 'tab\there', 'new\nline', 'cr\r'],
    ['1', 'say "hi"', 'a;b', 'a,b', 'a:b'],
    [''],
  ];
  // ':' is the colon format, not RFC 4180 (test/output/colon.test.ts).
  for (const delimiter of [',', ';', '\t']) {
    const want = stringify(records, { delimiter, record_delimiter: 'unix' });
    expect(csvLines(records, delimiter)).toBe(want);
    for (const r of records) expect(csvLines([r], delimiter)).toBe(stringify([r], { delimiter, record_delimiter: 'unix' }));
  }
});
