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
