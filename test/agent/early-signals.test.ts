// A reload or stop sent while sdr is still loading (systemd's `reload` just after `start`, before
// node has run sdr's code) must wait for the command, not kill the process with the default
// action of SIGHUP. The launcher holds the signals from its first lines: /proc/PID/status shows
// SIGHUP caught (SigCgt bit 0) before the agent has said a word, and the signals sent at that
// moment are acted on once it has started.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sdrAsync } from '../cli/sdr.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether SIGHUP is caught by the process now (bit 0 of SigCgt), false once it has gone. */
function catchesHup(pid: number): boolean {
  try {
    const mask = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return mask !== undefined && (BigInt(`0x${mask}`) & 1n) === 1n;
  } catch {
    return false;
  }
}

const linux = process.platform === 'linux' ? describe : describe.skip;

linux('signals while sdr run starts', () => {
  let dir: string;
  let child: ReturnType<typeof sdrAsync> | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sdr-early-'));
    writeFileSync(join(dir, 'sdr.json'), JSON.stringify({ logDir: join(dir, 'log'), recorders: { sysrec: { interval: 1 } } }), { mode: 0o600 });
  });
  afterEach(() => {
    // A failed expectation must not leave the agent running.
    if (child?.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  async function startAndSignal(signals: NodeJS.Signals[]) {
    child = sdrAsync(['run', '--config', join(dir, 'sdr.json')]);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child!.on('close', (code, signal) => resolve({ code, signal })));
    const end = Date.now() + 10_000;
    while (!catchesHup(child.pid!) && Date.now() < end) await sleep(2);
    const saidBeforeCaught = stderr;
    for (const s of signals) child.kill(s);
    const started = child;
    return { child: started, closed, saidBeforeCaught, stderr: () => stderr };
  }

  test('a SIGHUP as soon as it is caught reloads once started, and the process lives on', async () => {
    const run = await startAndSignal(['SIGHUP']);
    // Caught before the agent has started (it has said nothing yet): the launcher holds it.
    expect(run.saidBeforeCaught).toBe('');
    await sleep(2500);
    expect(run.child.exitCode).toBeNull();
    run.child.kill('SIGTERM');
    expect(await run.closed).toEqual({ code: 0, signal: null });
    const lines = run.stderr().trim().split('\n');
    const started = lines.findIndex((l) => / recording into /.test(l));
    const reloaded = lines.findIndex((l) => /SIGHUP: reloading the config/.test(l));
    expect(started).toBeGreaterThanOrEqual(0);
    expect(reloaded).toBeGreaterThan(started);
    expect(lines.at(-1)).toMatch(/: stopped$/);
  }, 20_000);

  test('a SIGTERM while it starts stops it cleanly, status 0, once it has started', async () => {
    const run = await startAndSignal(['SIGTERM']);
    expect(run.saidBeforeCaught).toBe('');
    expect(await run.closed).toEqual({ code: 0, signal: null });
    expect(run.stderr()).toMatch(/recording into [\s\S]*SIGTERM: finishing the rows[\s\S]*: stopped\n$/);
  }, 20_000);
});
