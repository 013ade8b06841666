// An interval longer than Node's longest timer (2^31-1 ms, about 24.8 days) is waited for in
// chained timers: the process sleeps, it does not spin. Its CPU time is read from /proc/<pid>/stat
// over 5 s; an idle wait takes next to none, a spinning one all of a core (a behaviour, not a
// benchmark: the bound is far from both).
import { spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, mkdtempSync, writeFileSync, chmodSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import { sdr, sdrAsync } from './sdr.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** User and system CPU time of a process so far, in clock ticks. */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // from field 3, the state
  return Number(fields[11]) + Number(fields[12]); // fields 14 and 15: utime, stime
}

/** Waits until the process has stopped using CPU (its start-up done), for at most 10 s. */
async function settled(pid: number): Promise<void> {
  const end = Date.now() + 10_000;
  let before = cpuTicks(pid);
  while (Date.now() < end) {
    await sleep(300);
    const now = cpuTicks(pid);
    if (now === before) return;
    before = now;
  }
}

/** The share of one CPU the process used over 5 s, in per cent. */
async function cpuPercentOver5s(pid: number): Promise<number> {
  await settled(pid);
  const t0 = cpuTicks(pid);
  const w0 = Date.now();
  await sleep(5000);
  return ((cpuTicks(pid) - t0) / CLK_TCK) / ((Date.now() - w0) / 1000) * 100;
}

async function stopped(child: ChildProcess): Promise<number | null> {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const [code] = await exited;
  clearTimeout(timer);
  return code;
}

describe('an interval beyond 24.8 days', () => {
  test('sdr sysrec 3000000 sleeps under 1 % CPU, warns of nothing, and stops on SIGTERM', async () => {
    const child = sdrAsync(['sysrec', '3000000']);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    try {
      expect(await cpuPercentOver5s(child.pid!)).toBeLessThan(1);
    } finally {
      expect(await stopped(child)).toBe(0);
    }
    expect(stderr).toBe('');
    expect(stdout).toBe(''); // the first row comes after the interval
  }, 40_000);

  test('sdr run with a recorder every 3000000 s: its first row, then under 1 % CPU', async () => {
    const dir = mkdtempSync(`${tmpdir()}/sdr-long-`);
    writeFileSync(`${dir}/sdr.json`, JSON.stringify({
      logDir: `${dir}/log`,
      recorders: { hdwrec: { interval: 3_000_000 }, sdrrec: { enabled: false } },
    }));
    chmodSync(`${dir}/sdr.json`, 0o600);
    const child = sdrAsync(['run', '--config', `${dir}/sdr.json`]);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    try {
      const end = Date.now() + 15_000;
      while (!(existsSync(`${dir}/log`) && readdirSync(`${dir}/log`).some((f) => f.startsWith('hdwrec-'))) && Date.now() < end) await sleep(100);
      expect(await cpuPercentOver5s(child.pid!)).toBeLessThan(1);
    } finally {
      expect(await stopped(child)).toBe(0);
    }
    expect(stderr).not.toMatch(/TimeoutOverflowWarning/);
  }, 40_000);

  test('above 366 days: a usage error', () => {
    const r = sdr(['sysrec', '31622401']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("sdr: sysrec: interval '31622401' is too long: the maximum is 31622400 s (366 days)\n");
  });
});
