import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { RawFileSink, prepareRawFile, rawFileName } from '../../src/output/raw-file.js';
import { RuntimeError } from '../../src/core/errors.js';

const HEADER = 'timestamp,a\n';
const tmp = () => mkdtempSync(`${tmpdir()}/sdr-raw-`);
const MIDNIGHT = Date.UTC(2026, 10, 28); // 2026-11-28T00:00:00Z

test('file names carry the UTC date of the row', () => {
  expect(rawFileName('sysrec', MIDNIGHT - 1)).toBe('sysrec-2026-11-27.csv');
  expect(rawFileName('sysrec', MIDNIGHT)).toBe('sysrec-2026-11-28.csv');
});

test('a new file starts with the header; a later run appends without repeating it', async () => {
  const dir = tmp();
  for (const run of [1, 2]) {
    const sink = new RawFileSink(dir, 'sysrec', HEADER);
    sink.open(MIDNIGHT + 1000);
    sink.write(MIDNIGHT + 1000 * run, `${run},x\n`);
    await sink.close();
  }
  expect(readFileSync(`${dir}/sysrec-2026-11-28.csv`, 'utf8')).toBe('timestamp,a\n1,x\n2,x\n');
});

test('the row at 00:00:00 lands in the new day; none lost or doubled', async () => {
  const dir = tmp();
  const sink = new RawFileSink(dir, 'sysrec', HEADER);
  sink.open(MIDNIGHT - 2000);
  for (const t of [MIDNIGHT - 2000, MIDNIGHT - 1000, MIDNIGHT, MIDNIGHT + 1000]) sink.write(t, `${t / 1000},x\n`);
  await sink.close();
  expect(readdirSync(dir).sort()).toEqual(['sysrec-2026-11-27.csv', 'sysrec-2026-11-28.csv']);
  expect(readFileSync(`${dir}/sysrec-2026-11-27.csv`, 'utf8')).toBe(`timestamp,a\n${MIDNIGHT / 1000 - 2},x\n${MIDNIGHT / 1000 - 1},x\n`);
  expect(readFileSync(`${dir}/sysrec-2026-11-28.csv`, 'utf8')).toBe(`timestamp,a\n${MIDNIGHT / 1000},x\n${MIDNIGHT / 1000 + 1},x\n`);
});

test('a torn last line left by a crash is removed on start, whole lines kept', async () => {
  const dir = tmp();
  const path = `${dir}/sysrec-2026-11-28.csv`;
  writeFileSync(path, 'timestamp,a\n1,x\n2,x\n3,');
  expect(prepareRawFile(path, HEADER)).toBe(2);
  const sink = new RawFileSink(dir, 'sysrec', HEADER);
  sink.open(MIDNIGHT);
  sink.write(MIDNIGHT + 4000, '4,x\n');
  await sink.close();
  expect(readFileSync(path, 'utf8')).toBe('timestamp,a\n1,x\n2,x\n4,x\n');
});

test('a file torn inside its header gets a fresh header', () => {
  const dir = tmp();
  const path = `${dir}/f.csv`;
  writeFileSync(path, 'timest');
  expect(prepareRawFile(path, HEADER)).toBe(6);
  expect(readFileSync(path, 'utf8')).toBe(HEADER);
});

test('a torn line longer than one read chunk is found', () => {
  const dir = tmp();
  const path = `${dir}/f.csv`;
  writeFileSync(path, `${HEADER}1,x\n${'y'.repeat(200_000)}`);
  expect(prepareRawFile(path, HEADER)).toBe(200_000);
  expect(readFileSync(path, 'utf8')).toBe(`${HEADER}1,x\n`);
});

test('a directory that cannot be created or a file that cannot be written fails before sampling', () => {
  const dir = tmp();
  writeFileSync(`${dir}/plain-file`, '');
  expect(() => new RawFileSink(`${dir}/plain-file/logs`, 'sysrec', HEADER).open())
    .toThrow(new RuntimeError(`cannot create log directory ${dir}/plain-file/logs: a path component is not a directory`));
  mkdirSync(`${dir}/${rawFileName('sysrec', MIDNIGHT)}`);
  expect(() => new RawFileSink(dir, 'sysrec', HEADER).open(MIDNIGHT))
    .toThrow(new RuntimeError(`cannot write raw file ${dir}/sysrec-2026-11-28.csv: is a directory`));
});
