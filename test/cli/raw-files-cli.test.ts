// The raw files as the recorders keep them from the command line: where rows go, and that a day
// file is never shared by two writers nor mixes two layouts.
import { readFileSync, mkdtempSync, readdirSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import { spawnSync } from 'node:child_process';
import { sdr, sdrAsync, sdrRun } from './sdr.js';
import { Receiver } from '../transport/receiver.js';
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(100);
  }
}

/** Starts sdr in the background; `stop` ends it with SIGTERM and resolves to its exit status. */
function background(args: string[]) {
  const child = sdrAsync(args);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const stop = async (): Promise<number | null> => {
    if (child.exitCode !== null) return child.exitCode;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const [code] = await exited;
    clearTimeout(timer);
    return code;
  };
  return { child, stderr: () => stderr, stop };
}

/** The data rows of today's (and, near midnight, yesterday's) day files of a recorder. */
function dataRows(dir: string, recorder: string): string[][] {
  return readdirSync(dir).filter((f) => f.startsWith(`${recorder}-`)).sort()
    .flatMap((f) => readFileSync(`${dir}/${f}`, 'utf8').split('\n').slice(1).filter((l) => l !== '').map((l) => l.split(',')));
}

function runConfig(dir: string, recorders: Record<string, unknown>): string {
  const cfg = `${dir}/sdr.json`;
  writeFileSync(cfg, JSON.stringify({ logDir: dir, recorders: { ...recorders, sdrrec: { enabled: false } } }));
  chmodSync(cfg, 0o600);
  return cfg;
}

describe('two writers never share a day file', () => {
  test('a second sdr sysrec -l into the same dir is refused naming the first one\'s pid; another recorder is not', async () => {
    const dir = tmp();
    const first = background(['sysrec', '-l', '--log-dir', dir, '0.2']);
    try {
      await until(() => dataRows(dir, 'sysrec').length >= 1);
      const second = sdr(['sysrec', '-l', '--log-dir', dir, '0.2', '3']);
      expect(second.stderr).toBe(`sdr: sysrec: already being recorded into ${dir} by sdr sysrec -l (pid ${first.child.pid})\n`);
      expect(second.status).toBe(1);
      expect(sdr(['cpurec', '-l', '--log-dir', dir, '0.2', '1']).status).toBe(0);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    expect(first.stderr()).toBe('');
    // One writer: every timestamp once, in order.
    const stamps = dataRows(dir, 'sysrec').map((r) => Number(r[0]));
    expect(stamps.length).toBeGreaterThanOrEqual(1);
    expect(stamps).toEqual([...new Set(stamps)].sort((a, b) => a - b));
    expect(existsSync(`${dir}/.sysrec.lock`)).toBe(false); // released on SIGTERM
  });

  test('sdr sysrec -l into the log dir of an sdr run that records sysrec is refused naming its pid', async () => {
    const dir = tmp();
    const run = background(['run', '--config', runConfig(dir, { sysrec: { interval: 0.5 } })]);
    try {
      await until(() => dataRows(dir, 'sysrec').length >= 1);
      const r = sdr(['sysrec', '-l', '--log-dir', dir, '0.2', '3']);
      expect(r.stderr).toBe(`sdr: sysrec: already being recorded into ${dir} by sdr run (pid ${run.child.pid})\n`);
      expect(r.status).toBe(1);
      // A recorder that sdr run does not record may be (xenrec as root beside it, say).
      expect(sdr(['cpurec', '--log-dir', dir, '0.2', '1']).status).toBe(0);
    } finally {
      expect(await run.stop()).toBe(0);
    }
    const stamps = dataRows(dir, 'sysrec').map((r) => Number(r[0]));
    expect(stamps).toEqual([...new Set(stamps)].sort((a, b) => a - b));
  });

  test('sdr run started after sdr sysrec -l leaves sysrec to it, says so in one line, records the others', async () => {
    const dir = tmp();
    const rec = background(['sysrec', '-l', '--log-dir', dir, '0.2']);
    let run: ReturnType<typeof background> | undefined;
    try {
      await until(() => dataRows(dir, 'sysrec').length >= 1);
      run = background(['run', '--config', runConfig(dir, { sysrec: { interval: 0.5 }, cpurec: { interval: 0.5 } })]);
      await until(() => dataRows(dir, 'cpurec').length >= 1 && dataRows(dir, 'sysrec').length >= 5);
    } finally {
      if (run) expect(await run.stop()).toBe(0);
      expect(await rec.stop()).toBe(0);
    }
    const blocked = run!.stderr().split('\n').filter((l) => l.includes('sysrec: already'));
    expect(blocked).toEqual([`sdr: run: sysrec: already being recorded into ${dir} by sdr sysrec -l (pid ${rec.child.pid}); trying again every 60 s`]);
    const stamps = dataRows(dir, 'sysrec').map((r) => Number(r[0]));
    expect(stamps).toEqual([...new Set(stamps)].sort((a, b) => a - b));
  });

  test('a lock left by a process that is gone is taken over', () => {
    const dir = tmp();
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(`${dir}/.sysrec.lock`, `${gone}\n`);
    const r = sdr(['sysrec', '-l', '--log-dir', dir, '0.2', '1']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(dataRows(dir, 'sysrec')).toHaveLength(1);
    expect(existsSync(`${dir}/.sysrec.lock`)).toBe(false);
  });
});

describe('a day file never mixes two layouts', () => {
  const today = () => new Date().toISOString().slice(0, 10);

  test.each([
    [',', ':'],
    [':', ','],
  ])('appending with another delimiter than the file\'s (%p onto %p) is refused before a row is written, exit 2', (ours, theirs) => {
    const dir = tmp();
    const first = sdr(['sysrec', '-l', '--log-dir', dir, '--delimiter', theirs, '0.2', '1']);
    expect(first.status).toBe(0);
    const file = `${dir}/sysrec-${today()}.csv`;
    const before = readFileSync(file, 'utf8');
    const r = sdr(['sysrec', '-l', '--log-dir', dir, '--delimiter', ours, '0.2', '1']);
    expect(r.stderr).toBe(`sdr: sysrec: ${file} is delimited by '${theirs}', not '${ours}': give --delimiter '${theirs}' to append to it, or another --log-dir\n`);
    expect(r.status).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((f) => f.endsWith('.csv'))).toEqual([`sysrec-${today()}.csv`]);
    expect(existsSync(`${dir}/.sysrec.lock`)).toBe(false);
  });

  test('a file of an older sdr (another header) is left as it is; the rows go to the next part, which sdr send ships after it', async () => {
    const dir = tmp();
    const file = `${dir}/sysrec-${today()}.csv`;
    const old = `${NAMES.slice(0, -2).join(',')}\n${Math.floor(Date.now() / 1000) - 60},${NAMES.slice(1, -2).map(() => '1').join(',')}\n`;
    writeFileSync(file, old);
    const r = sdr(['sysrec', '-l', '--log-dir', dir, '0.2', '2']);
    const next = `${dir}/sysrec-${today()}.1.csv`;
    expect(r.stderr).toBe(`sdr: sysrec: warning: ${file} has another header than this sdr's sysrec (from an older sdr?): writing to ${next} instead\n`);
    expect(r.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(old);
    const lines = readFileSync(next, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(NAMES.join(','));
    expect(lines).toHaveLength(3);
    // The next run of this sdr appends to the new part, quietly.
    const again = sdr(['sysrec', '-l', '--log-dir', dir, '0.2', '1']);
    expect([again.status, again.stderr]).toEqual([0, '']);
    expect(readFileSync(next, 'utf8').trimEnd().split('\n')).toHaveLength(4);

    const receiver = new Receiver();
    await receiver.start();
    try {
      const cfg = `${dir}/send.json`;
      writeFileSync(cfg, JSON.stringify({ logDir: dir, platforms: [{ name: 'p', url: `http://127.0.0.1:${receiver.port}`, subscription: 'SID', token: 't', recorders: ['sysrec'] }] }));
      chmodSync(cfg, 0o600);
      const sent = await sdrRun(['send', '--config', cfg, '--once']);
      expect([sent.status, sent.stderr]).toEqual([0, '']);
      const expected = [file, next].flatMap((f) => readFileSync(f, 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(',')));
      expect(receiver.rows()).toEqual(expected);
    } finally {
      await receiver.stop();
    }
  });
});
