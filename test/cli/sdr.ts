import { spawnSync, spawn, type SpawnSyncReturns } from 'node:child_process';
import { REPO } from '../helpers.js';

export const SDR = `${REPO}bin/sdr.js`;

/** Runs the built sdr as a user would; dist/ is built by `npm test`'s pretest step. */
/** The environment of a user's shell: none of jest's NODE_OPTIONS, no debug output. */
export function userEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _jestOnly, ...rest } = process.env;
  return { ...rest, SDR_DEBUG: '', ...env };
}

export function sdr(args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [SDR, ...args], {
    encoding: 'utf8',
    env: userEnv(env),
    timeout: 20_000,
  });
}

export function sdrAsync(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawn(process.execPath, [SDR, ...args], { env: userEnv(env) });
}

export function rows(stdout: string, delimiter = ','): string[][] {
  return stdout.split('\n').filter((l) => l !== '').map((l) => l.split(delimiter));
}

/** Runs sdr without blocking this process: for tests whose server lives in the test process. */
export function sdrRun(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = sdrAsync(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
