import { mkdtempSync, writeFileSync, readFileSync, existsSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { sdr, sdrAsync, sdrRun } from '../cli/sdr.js';
import { loadLmo } from '../../src/core/lmo.js';
import { rawFileName } from '../../src/output/raw-file.js';
import { splitCsvLine } from '../../src/transport/raw-reader.js';
import { Receiver } from '../transport/receiver.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function setup(config: Record<string, unknown>): { dir: string; cfg: string; write: (c: Record<string, unknown>) => void } {
  const dir = mkdtempSync(`${tmpdir()}/sdr-run-`);
  const cfg = `${dir}/sdr.json`;
  const write = (c: Record<string, unknown>) => {
    writeFileSync(cfg, JSON.stringify({ logDir: `${dir}/log`, ...c }));
    chmodSync(cfg, 0o600);
  };
  write(config);
  return { dir, cfg, write };
}

/** Data rows of today's raw file of a recorder, as fields. */
function rowsOf(dir: string, rec: string): string[][] {
  const path = `${dir}/log/${rawFileName(rec, Date.now())}`;
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').slice(1).filter((l) => l !== '').map((l) => splitCsvLine(l, ','));
}

const times = (rows: string[][]) => [...new Set(rows.map((r) => Number(r[0])))];

async function until(what: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(100);
  }
}

function start(cfg: string): { child: ChildProcessWithoutNullStreams; stderr: () => string } {
  const child = sdrAsync(['run', '--config', cfg]);
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return { child, stderr: () => err };
}

async function stop(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; ms: number }> {
  const t0 = Date.now();
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const [code] = await exited;
  clearTimeout(timer);
  return { code, ms: Date.now() - t0 };
}

describe('sdr run', () => {
  test('each recorder at its own interval, sdrrec beside them, one agent per log dir, SIGTERM exits 0 in time', async () => {
    const { dir, cfg } = setup({
      recorders: { sysrec: { interval: 0.5 }, diskrec: { interval: 1 }, xenrec: { interval: 2, xentop: '/nonexistent/xentop' }, sdrrec: { interval: 1 } },
    });
    const { child, stderr } = start(cfg);
    try {
      await until(() => rowsOf(dir, 'sysrec').length >= 5 && rowsOf(dir, 'sdrrec').length >= 2);
      const second = sdr(['run', '--config', cfg]);
      expect(second.status).toBe(1);
      expect(second.stderr).toBe(`sdr: run: another sdr run (pid ${child.pid}) is recording into ${dir}/log\n`);
    } finally {
      const { code, ms } = await stop(child);
      expect(code).toBe(0);
      expect(ms).toBeLessThan(5000);
    }
    expect(existsSync(`${dir}/log/.sdr-run.lock`)).toBe(false);
    // xenrec cannot start here: reported once, the others record all the same.
    expect(stderr().match(/xenrec: .*\/nonexistent\/xentop.*trying again every 60 s/g)).toHaveLength(1);
    // The start line tells what records: xenrec is not announced as running.
    expect(stderr()).toContain(`recording into ${dir}/log: sysrec every 0.5 s, diskrec every 1 s, sdrrec every 1 s; not started (see above): xenrec; no platforms: not sending\n`);
    expect(existsSync(`${dir}/log/${rawFileName('xenrec', Date.now())}`)).toBe(false);
    const sys = rowsOf(dir, 'sysrec');
    expect(sys.every((r) => r.length === loadLmo('sysrec').fields.length)).toBe(true);
    const gaps = times(sys).slice(1).map((t, i) => t - times(sys)[i]);
    expect(gaps.every((g) => Math.abs(g - 0.5) < 0.1)).toBe(true);
    expect(times(rowsOf(dir, 'diskrec')).slice(1).map((t, i, a) => t - (i === 0 ? times(rowsOf(dir, 'diskrec'))[0] : a[i - 1])).every((g) => g === 1)).toBe(true);
    const names = loadLmo('sdrrec').fields.map((f) => f.name);
    const self = rowsOf(dir, 'sdrrec').map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]])));
    expect(self.every((r) => Object.keys(r).length === names.length && r.timestamp !== '')).toBe(true);
    const last = self[self.length - 1];
    expect(last.sysrec_interval).toBe('0.50');
    expect(Number(last.sysrec_samples)).toBeGreaterThanOrEqual(1);
    expect(Number(last.sysrec_lat_max)).toBeGreaterThan(0);
    expect(last.cpurec_interval).toBe(''); // not running
    expect(self.some((r) => Number(r.xenrec_errors) >= 1)).toBe(true);
    expect(Number(last.rss)).toBeGreaterThan(10_000);
    expect(last.send_pending).toBe(''); // no platforms
  }, 40_000);

  test('SIGHUP: recorders added, removed and re-timed, the unchanged one loses no row; a broken config changes nothing', async () => {
    const { dir, cfg, write } = setup({ recorders: { sysrec: { interval: 0.5 }, nicrec: { interval: 0.5 }, diskrec: { interval: 0.5 }, sdrrec: { enabled: false } } });
    const { child, stderr } = start(cfg);
    let reloadedAt = 0;
    try {
      await until(() => times(rowsOf(dir, 'diskrec')).length >= 3);
      write({ recorders: { sysrec: { interval: 0.25 }, cpurec: { interval: 0.5 }, diskrec: { interval: 0.5 }, sdrrec: { enabled: false } } });
      reloadedAt = Date.now() / 1000;
      child.kill('SIGHUP');
      await until(() => /reloaded/.test(stderr()));
      await until(() => times(rowsOf(dir, 'cpurec')).length >= 3);
      writeFileSync(cfg, '{ not json');
      child.kill('SIGHUP');
      await until(() => /carrying on with the config loaded before/.test(stderr()));
      // A typo is refused like a syntax error: not one recorder stops or starts.
      write({ recorders: { sysrec: { interval: 0.25 }, cpurec: { interval: 0.5 }, diskrec: { interval: 0.5, intreval: 9 }, sdrrec: { enabled: false } } });
      child.kill('SIGHUP');
      await until(() => stderr().includes(`reload: ${cfg}: $.recorders.diskrec.intreval: unknown key: did you mean 'interval'?; carrying on with the config loaded before`));
      const before = times(rowsOf(dir, 'diskrec')).length;
      await until(() => times(rowsOf(dir, 'diskrec')).length >= before + 2);
    } finally {
      expect((await stop(child)).code).toBe(0);
    }
    const disk = times(rowsOf(dir, 'diskrec'));
    // Not one row lost (a gap of 1 s); a tick may fire some ms late on a busy machine.
    expect(disk.slice(1).map((t, i) => Number((t - disk[i]).toFixed(3))).filter((gap) => Math.abs(gap - 0.5) >= 0.1)).toEqual([]);
    expect(times(rowsOf(dir, 'nicrec')).every((t) => t < reloadedAt + 1)).toBe(true);
    const sys = times(rowsOf(dir, 'sysrec'));
    const after = sys.filter((t) => t > reloadedAt + 1);
    expect(after.length).toBeGreaterThanOrEqual(3);
    expect(after.slice(1).every((t, i) => Math.abs(t - after[i] - 0.25) < 0.05)).toBe(true);
    expect(existsSync(`${dir}/log/${rawFileName('sdrrec', Date.now())}`)).toBe(false); // turned off: no file at all
  }, 60_000);

  describe('with a platform', () => {
    let receiver: Receiver;
    beforeEach(async () => {
      receiver = new Receiver();
      await receiver.start();
    });
    afterEach(() => receiver.stop());

    test('rows are sent as they are recorded; what is left at a stop goes with the next sender', async () => {
      const token = 'tok-run-never-shown-4711';
      const { dir, cfg } = setup({});
      const config = {
        recorders: { sysrec: { interval: 0.5 }, sdrrec: { interval: 1 } },
        platforms: [{ name: 'central', url: `http://127.0.0.1:${receiver.port}`, subscription: 'SID1', token, recorders: ['sysrec', 'sdrrec'] }],
      };
      writeFileSync(cfg, JSON.stringify({ logDir: `${dir}/log`, ...config }));
      chmodSync(cfg, 0o600);
      const { child, stderr } = start(cfg);
      try {
        await until(() => receiver.rows().filter((r) => r.length === loadLmo('sysrec').fields.length).length >= 4);
        await until(() => rowsOf(dir, 'sdrrec').some((r) => Number(r[loadLmo('sdrrec').fields.findIndex((f) => f.name === 'send_rows')]) > 0));
      } finally {
        expect((await stop(child)).code).toBe(0);
      }
      expect(stderr()).not.toContain(token);
      const once = await sdrRun(['send', '--config', cfg, '--once']);
      expect(once.status).toBe(0);
      const sent = new Set(receiver.rows().map((r) => r.join(',')));
      for (const rec of ['sysrec', 'sdrrec']) for (const r of rowsOf(dir, rec)) expect(sent.has(r.join(','))).toBe(true);
    }, 40_000);
  });

  test('a config that cannot be used: one line, exit 1, nothing started', () => {
    const { cfg } = setup({ recorders: { sysrec: { interval: 0.01 } } });
    const r = sdr(['run', '--config', cfg]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`sdr: run: ${cfg}: $.recorders.sysrec.interval: must be a number of seconds from 0.1 to 31622400, not 0.01\n`);
  });
});
