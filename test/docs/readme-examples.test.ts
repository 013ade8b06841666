// The README's examples, run as printed: each block is taken from README.md itself and run by
// bash in an empty HOME, with `sdr` on PATH as `npm install -g .` puts it there. Two things are
// changed, in the commands that record for a day or a minute: their interval and count ("60 1440",
// "5 12"), so that a test takes seconds rather than a day, and what follows a recording started
// with `&` waits for it to end, as the reader of the example does.
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { REPO } from '../helpers.js';
import { userEnv } from '../cli/sdr.js';

const README = readFileSync(`${REPO}README.md`, 'utf8');

/** The fenced blocks of the README: their language and text. */
const blocks = [...README.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], text: m[2] }));

/** The block that begins with this line. */
function block(firstLine: string): string {
  const found = blocks.filter((b) => b.text.startsWith(firstLine));
  if (found.length !== 1) throw new Error(`README.md has ${found.length} blocks beginning "${firstLine}"`);
  return found[0].text;
}

/** The day-long and minute-long runs, made short. */
const shortened = (text: string) => text.replace(/ 60 1440 &\n/g, ' 0.5 4 &\nwait\n').replace(/ -H 5 12 /g, ' -H 0.5 3 ');

/** A HOME of its own, and a PATH on which `sdr` runs this checkout's bin/sdr.js. */
function shell(): { home: string; run: (script: string) => ReturnType<typeof spawnSync> } {
  const home = mkdtempSync(`${tmpdir()}/sdr-readme-`);
  const bin = `${home}/.bin`;
  mkdirSync(bin);
  writeFileSync(`${bin}/sdr`, `#!/bin/sh\nexec "${process.execPath}" "${REPO}bin/sdr.js" "$@"\n`);
  chmodSync(`${bin}/sdr`, 0o755);
  const env = userEnv({ HOME: home, PATH: `${bin}:${process.env.PATH}`, SDR_LOG_DIR: '', XDG_DATA_HOME: '' });
  const run = (script: string) => spawnSync('bash', ['-e', '-c', `${script}\nwait`], { cwd: home, env, encoding: 'utf8', timeout: 30_000 });
  return { home, run };
}

const today = () => new Date().toISOString().slice(0, 10);

test('the awk over sysrec prints a line per sample, fields found by name', () => {
  const r = shell().run(shortened(block('sdr sysrec -H 5 12 | awk')));
  expect(r.stderr).toBe('');
  const lines = String(r.stdout).trimEnd().split('\n');
  expect(lines).toHaveLength(3);
  for (const l of lines) expect(l).toMatch(/^\d+(\.\d{3})? cpu +\d+\.\d%  mem +\d+\.\d%$/);
});

test('a recorded day read into R: today\'s file, by the UTC date', () => {
  const { home, run } = shell();
  expect(run(shortened(block('sdr sysrec -l --log-dir ~/sdr 60 1440 &'))).status).toBe(0);
  expect(readdirSync(`${home}/sdr`)).toContain(`sysrec-${today()}.csv`);
  const rscript = spawnSync('Rscript', ['--version']).status === 0;
  if (!rscript && !process.env.CI) {
    console.log('Rscript is not installed: the R example is not run (apt-get install r-base-core)');
    return;
  }
  const r = run(`Rscript -e '${block('d <- read.csv(sprintf("~/sdr/sysrec-').replace(/'/g, `'\\''`)}'`);
  expect(r.stderr).toBe('');
  // summary() of the four cpupct values: Min., 1st Qu., Median, Mean, 3rd Qu., Max.
  expect(r.stdout).toMatch(/Min\. +1st Qu\. +Median +Mean +3rd Qu\. +Max\./);
  expect(statSync(`${home}/Rplots.pdf`).size).toBeGreaterThan(0);
});

test('the busiest disk of each sample: a line for every sample, idle ones too, from where -l wrote', () => {
  const { home, run } = shell();
  const r = run(shortened(block('sdr diskrec -l --log-dir ~/sdr 60 1440 &')));
  expect(r.stderr).toBe('');
  const file = readFileSync(`${home}/sdr/diskrec-${today()}.csv`, 'utf8').trimEnd().split('\n').slice(1);
  const samples = new Set(file.map((l) => l.split(',')[0]));
  const lines = String(r.stdout).trimEnd().split('\n');
  expect(lines).toHaveLength(samples.size);
  expect(samples.size).toBe(4);
  for (const l of lines) expect(l).toMatch(/^\d+\.\d{3} \S+ \d+(\.\d\d)?$/);
});

test('the nicrec example: time, interface, received and sent KiB/s', () => {
  const r = shell().run(block('sdr nicrec 2 5 |').replace(' 2 5 ', ' 0.2 2 '));
  expect(r.stderr).toBe('');
  for (const l of String(r.stdout).trimEnd().split('\n')) expect(l).toMatch(/^\d+(\.\d+)?,[^,]+,\d+\.\d\d,\d+\.\d\d$/);
});

test('the collector\'s tokens file is made mode 600 without changing the shell\'s umask', () => {
  const { home, run } = shell();
  const first = block('(umask 077;').split('\n')[0];
  const r = run(`umask 022\n${first}\numask`);
  expect(r.stderr).toBe('');
  expect(String(r.stdout).trim()).toBe('0022');
  expect(statSync(`${home}/tokens.json`).mode & 0o777).toBe(0o600);
  expect(Object.values(JSON.parse(readFileSync(`${home}/tokens.json`, 'utf8')))).toEqual([['sid1']]);
});

test('the README uses one form of the command: `sdr`, with `npx sdr` only in its first lines', () => {
  const after = README.split('\n').slice(6).join('\n');
  expect(after.match(/npx sdr [a-z]/g) ?? []).toEqual([]);
  expect(README).toContain('`npm install -g .`');
});
