// Line protocol from raw rows: measurement, tags escaped and sorted, typed fields, the row's time.
import { columnsOfHeader, recorderMapping } from '../../src/output/metric-mapping.js';
import { rowPoint } from '../../src/output/row-point.js';
import { escapeKey, escapeMeasurement, lineWriter, precisionOf, quoteString } from '../../src/transport/line-protocol.js';
import { loadLmo } from '../../src/core/lmo.js';

const header = (rec: string) => loadLmo(rec).fields.map((f) => f.name);

test('escaping as the protocol requires', () => {
  expect(escapeMeasurement('a b,c=d')).toBe('a\\ b\\,c=d');
  expect(escapeKey('a b,c=d')).toBe('a\\ b\\,c\\=d');
  expect(quoteString('say "hi" \\o/')).toBe('"say \\"hi\\" \\\\o/"');
  expect(quoteString('two\nlines')).toBe('"two lines"');
  expect(precisionOf('1700000000')).toBe('s');
  expect(precisionOf('1700000000.120')).toBe('ms');
});

test('a diskrec row: device and host tags sorted with the extra ones, ints with i, strings quoted, empty fields left out', () => {
  // A file of an earlier sdr, whose diskrec had the first 12 of today's fields.
  const columns = columnsOfHeader(recorderMapping('diskrec'), header('diskrec').slice(0, 12));
  const write = lineWriter('diskrec', { fixed: [['host', 'web 1'], ['dc', 'eu,1']], device: 'diskid' });
  const row = ['1700000000', 'sda1', '1.50', '20.00', '0.00', '', '1.50', '20.00', '9.77', '4.01', '58.96', '/srv/my data'];
  expect(write(rowPoint(columns, row), 's')).toBe(
    'diskrec,dc=eu\\,1,diskid=sda1,host=web\\ 1 reads=1.50,rkbytes=20.00,writes=0.00,iops=1.50,rwkbytes=20.00,size=9.77,free=4.01,usedpct=58.96,mountpoint="/srv/my data" 1700000000');
  const sys = columnsOfHeader(recorderMapping('sysrec'), ['timestamp', 'runqsz', 'cpupct']);
  const w2 = lineWriter('sysrec', { fixed: [['host', 'h']] });
  expect(w2(rowPoint(sys, ['1700000000.250', '3', '12.5']), 'ms')).toBe('sysrec,host=h runqsz=3i,cpupct=12.5 1700000000250');
  // A row with every field empty is no point.
  expect(w2(rowPoint(sys, ['1700000000', '', '']), 's')).toBeUndefined();
});
