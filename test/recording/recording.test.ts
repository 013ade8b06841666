import { sampleText } from '../../src/recording/recording.js';
import { csvLines } from '../../src/output/csv.js';

test('a sample of many rows is the same text whether formatted in one batch or several', () => {
  const rows = Array.from({ length: 700 }, (_, i) => [`dev${i}`, i / 3]);
  const format = (v: (string | number | null)[]) => [String(v[0]), (v[1] as number).toFixed(2)];
  const lines = (records: string[][]) => csvLines(records, ',');
  const text = sampleText(rows, '1795816000', format, lines);
  expect(text.split('\n')).toHaveLength(701);
  expect(text).toBe(rows.map((r) => `1795816000,${r[0]},${(r[1] as number).toFixed(2)}\n`).join(''));
  expect(sampleText([], '1', format, lines)).toBe('');
});
