// A reader that goes away (`sdr lmo --json | head -1`) ends every command quietly with status 0,
// as it ends a recording: EPIPE is how a pipeline says it has enough, not an error.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { sdr, SDR, userEnv } from './sdr.js';

/** Runs sdr with its standard output a pipe whose reading end is already closed. */
async function intoClosedPipe(args: string[]): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, [SDR, ...args], { env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy(); // long before node has started: every write of sdr meets EPIPE
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const [status] = await once(child, 'exit');
  clearTimeout(timer);
  return { status, stderr };
}

const COMMANDS = sdr(['--help']).stdout.split('Commands:')[1].split('\n').flatMap((l) => /^  (\S+)/.exec(l)?.[1] ?? []);

describe('into a closed pipe: no EPIPE stack trace, status 0', () => {
  test('the commands are listed', () => {
    expect(COMMANDS).toEqual(expect.arrayContaining(['sysrec', 'diskrec', 'send', 'run', 'collect', 'lmo', 'doctor', 'help']));
  });

  test.each(COMMANDS)('sdr %s --help', async (command) => {
    expect(await intoClosedPipe([command, '--help'])).toEqual({ status: 0, stderr: '' });
  });

  test.each([
    [['--help']], [['-V']], [['sysrec', '-V']], [['help']], [['help', 'sysrec']],
    [['lmo']], [['lmo', '--json']], [['lmo', 'sysrec']], [['lmo', '--os', 'freebsd']],
  ])('sdr %j', async (args) => {
    expect(await intoClosedPipe(args)).toEqual({ status: 0, stderr: '' });
  });

  test.each([
    ['lmo --json | head -1', '['],
    ['diskrec --help | head -1', 'Usage: sdr diskrec [options] [interval] [count]'],
    ['help sysrec | head -1', 'Usage: sdr sysrec [options] [interval] [count]'],
  ])('sdr %s', (pipeline, first) => {
    const [args, reader] = pipeline.split(' | ');
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${SDR}" ${args} | ${reader}`], { encoding: 'utf8', env: userEnv(), timeout: 20_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${first}\n`);
  });
});
