import { rawFileName, parseDayFileName, dayFilesOf } from '../../src/output/day-file-name.js';
import { dayFiles } from '../../src/transport/raw-reader.js';
import { parseDayFile } from '../../src/agent/retention.js';
import { recorderOfFile } from '../../src/doctor/findings.js';

const MIDNIGHT = Date.UTC(2026, 10, 28);

test('a day in a later layout is a part of its own: <rec>-YYYY-MM-DD.N.csv', () => {
  expect(rawFileName('sysrec', MIDNIGHT)).toBe('sysrec-2026-11-28.csv');
  expect(rawFileName('sysrec', MIDNIGHT, 0)).toBe('sysrec-2026-11-28.csv');
  expect(rawFileName('sysrec', MIDNIGHT, 2)).toBe('sysrec-2026-11-28.2.csv');
  expect(parseDayFileName('sysrec-2026-11-28.2.csv.gz')).toEqual({ name: 'sysrec-2026-11-28.2.csv.gz', recorder: 'sysrec', day: '2026-11-28', part: 2, gzipped: true });
  expect(parseDayFileName('sysrec-2026-11-28.csv')).toMatchObject({ part: 0, gzipped: false });
  for (const other of ['sysrec-2026-11-28.0.csv', 'sysrec-2026-11-28.x.csv', 'sysrec-2026-11-28.csv.tmp', '.sysrec.lock']) {
    expect(parseDayFileName(other)).toBeUndefined();
  }
});

test('the files of a recorder in the order they were written: by day, then part', () => {
  const names = ['sysrec-2026-11-28.csv', 'sysrec-2026-11-27.1.csv', 'sysrec-2026-11-27.10.csv', 'cpurec-2026-11-27.csv',
    'sysrec-2026-11-27.2.csv.gz', 'sysrec-2026-11-27.csv', 'sysrec-2026-11-27.csv.gz', 'sysrec-2026-11-27.2.csv'];
  expect(dayFilesOf(names, 'sysrec')).toEqual(['sysrec-2026-11-27.csv', 'sysrec-2026-11-27.1.csv', 'sysrec-2026-11-27.2.csv',
    'sysrec-2026-11-27.10.csv', 'sysrec-2026-11-28.csv']);
});

test('the sender, retention and the doctor know the parts', () => {
  expect(dayFiles).toBeDefined();
  expect(parseDayFile('diskrec-2026-11-27.1.csv.gz')).toMatchObject({ recorder: 'diskrec', day: '2026-11-27', gzipped: true });
  expect(recorderOfFile('diskrec-2026-11-27.1.csv')).toBe('diskrec');
  expect(recorderOfFile('diskrec-2026-11-27.csv')).toBe('diskrec');
});
