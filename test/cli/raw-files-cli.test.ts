// The raw files as the recorders keep them from the command line: where rows go, and that a day
// file is never shared by two writers nor mixes two layouts.
import { readFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { sdr } from './sdr.js';
import { loadLmo } from '../../src/core/lmo.js';

const NAMES = loadLmo('sysrec').fields.map((f) => f.name);
const tmp = () => mkdtempSync(`${tmpdir()}/sdr-raw-cli-`);

describe('--log-dir names where to keep the rows: it implies -l', () => {
  test('sdr sysrec --log-dir DIR: rows in the day file, nothing on the terminal', () => {
    const dir = tmp();
    const r = sdr(['sysrec', '--log-dir', dir, '0.2', '2']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    const files = readdirSync(dir).filter((f) => !f.startsWith('.'));
    expect(files).toEqual([expect.stringMatching(/^sysrec-\d{4}-\d\d-\d\d\.csv$/)]);
    const lines = readFileSync(`${dir}/${files[0]}`, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(NAMES.join(','));
    expect(lines).toHaveLength(3);
  });

  test('the help says so', () => {
    expect(sdr(['sysrec', '--help']).stdout).toMatch(/--log-dir <dir> +raw file directory; implies -l/);
  });
});
