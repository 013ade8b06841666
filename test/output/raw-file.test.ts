import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { RawFileSink, prepareRawFile, rawFileName } from '../../src/output/raw-file.js';
import { RuntimeError, UsageError } from '../../src/core/errors.js';
import { setMessagePrefix } from '../../src/core/warn.js';

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

describe('a day file of another layout is never appended to', () => {
  const OLD = 'timestamp,a,b\n1,x,y\n';
  const warnings = (run: () => void): string[] => {
    const lines: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((text: string) => lines.push(text)) as typeof process.stderr.write;
    try {
      run();
    } finally {
      process.stderr.write = write;
    }
    return lines;
  };

  test('another header (an older sdr): the rows go to the next part, with one warning naming it', async () => {
    const dir = tmp();
    writeFileSync(`${dir}/sysrec-2026-11-28.csv`, OLD);
    const sink = new RawFileSink(dir, 'sysrec', HEADER);
    setMessagePrefix('sdr: sysrec');
    const said = warnings(() => sink.open(MIDNIGHT));
    sink.write(MIDNIGHT + 1000, '2,x\n');
    await sink.close();
    expect(said).toEqual([`sdr: sysrec: warning: ${dir}/sysrec-2026-11-28.csv has another header than this sdr's sysrec ` +
      `(from an older sdr?): writing to ${dir}/sysrec-2026-11-28.1.csv instead\n`]);
    expect(readFileSync(`${dir}/sysrec-2026-11-28.csv`, 'utf8')).toBe(OLD);
    expect(readFileSync(`${dir}/sysrec-2026-11-28.1.csv`, 'utf8')).toBe('timestamp,a\n2,x\n');
    expect(sink.takeSlowestWrite().file).toBe('sysrec-2026-11-28.1.csv');
  });

  test('a later start appends to the newest part, and only to it', async () => {
    const dir = tmp();
    writeFileSync(`${dir}/sysrec-2026-11-28.csv`, OLD);
    writeFileSync(`${dir}/sysrec-2026-11-28.1.csv`, 'timestamp,a\n2,x\n');
    const sink = new RawFileSink(dir, 'sysrec', HEADER);
    sink.open(MIDNIGHT);
    sink.write(MIDNIGHT + 3000, '3,x\n');
    await sink.close();
    expect(readFileSync(`${dir}/sysrec-2026-11-28.1.csv`, 'utf8')).toBe('timestamp,a\n2,x\n3,x\n');
    // The older layout again: never back into part 0, behind the rows of part 1.
    const older = new RawFileSink(dir, 'sysrec', 'timestamp,a,b\n');
    warnings(() => older.open(MIDNIGHT));
    older.write(MIDNIGHT + 4000, '4,x,y\n');
    await older.close();
    expect(readFileSync(`${dir}/sysrec-2026-11-28.csv`, 'utf8')).toBe(OLD);
    expect(readFileSync(`${dir}/sysrec-2026-11-28.2.csv`, 'utf8')).toBe('timestamp,a,b\n4,x,y\n');
  });

  test('another delimiter: refused before a row is written, when the delimiter was chosen', () => {
    const dir = tmp();
    writeFileSync(`${dir}/sysrec-2026-11-28.csv`, 'timestamp:a\n1:x\n');
    const sink = new RawFileSink(dir, 'sysrec', HEADER, { refuseOtherDelimiter: true });
    expect(() => sink.open(MIDNIGHT)).toThrow(new UsageError(
      `${dir}/sysrec-2026-11-28.csv is delimited by ':', not ',': give --delimiter ':' to append to it, or another --log-dir`));
    expect(readdirSync(dir)).toEqual(['sysrec-2026-11-28.csv']);
    expect(readFileSync(`${dir}/sysrec-2026-11-28.csv`, 'utf8')).toBe('timestamp:a\n1:x\n');
  });

  test('another delimiter, where the delimiter is not the user\'s to choose (sdr run): the next part', async () => {
    const dir = tmp();
    writeFileSync(`${dir}/sysrec-2026-11-28.csv`, 'timestamp:a\n1:x\n');
    const sink = new RawFileSink(dir, 'sysrec', HEADER);
    const said = warnings(() => sink.open(MIDNIGHT));
    sink.write(MIDNIGHT + 2000, '2,x\n');
    await sink.close();
    expect(said).toHaveLength(1);
    expect(said[0]).toContain(`${dir}/sysrec-2026-11-28.csv is delimited by ':', not ',': writing to ${dir}/sysrec-2026-11-28.1.csv instead`);
    expect(readFileSync(`${dir}/sysrec-2026-11-28.1.csv`, 'utf8')).toBe('timestamp,a\n2,x\n');
  });

  test('a file whose first line is not a header at all is left alone too', async () => {
    const dir = tmp();
    writeFileSync(`${dir}/sysrec-2026-11-28.csv`, 'hello\n');
    const sink = new RawFileSink(dir, 'sysrec', HEADER, { refuseOtherDelimiter: true });
    warnings(() => sink.open(MIDNIGHT));
    await sink.close();
    expect(readFileSync(`${dir}/sysrec-2026-11-28.csv`, 'utf8')).toBe('hello\n');
    expect(readFileSync(`${dir}/sysrec-2026-11-28.1.csv`, 'utf8')).toBe(HEADER);
  });
});
