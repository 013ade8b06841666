import { mkdtempSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { makeDirectory } from '../../src/output/make-directory.js';

const tmp = () => mkdtempSync(`${tmpdir()}/sdr-mkdir-`);

test('makes the missing parents, and is content with a directory already there', () => {
  const dir = `${tmp()}/a/b/c`;
  makeDirectory(dir);
  expect(statSync(dir).isDirectory()).toBe(true);
  expect(() => makeDirectory(dir)).not.toThrow();
});

test('a file in the way is the system error, not a loop', () => {
  const dir = tmp();
  writeFileSync(`${dir}/file`, '');
  expect(() => makeDirectory(`${dir}/file/logs`)).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  expect(() => makeDirectory(`${dir}/file`)).toThrow(expect.objectContaining({ code: 'EEXIST' }));
});

test('a file system that says ENOENT under a parent that exists (/proc) fails at once', () => {
  expect(() => makeDirectory('/proc/nope/deeper')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
});
