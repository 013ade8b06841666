// Secrets (tokens, passwords) from the config itself, a file of mode 600 or the environment: one
// place each, checked as an HTTP header carries them, and told only by where they came from.
import { readWithMode, refuseShared } from './private-file.js';
import { ConfigFault } from './shape.js';
import { TOKEN_RULE, TOKEN_TEXT } from './platform-schema.js';

/** A secret from at most (or, required, exactly) one of its three places (token, tokenFile, tokenEnv), checked as a header needs it. */
export function secretOf(p: Record<string, unknown>, keys: [string, string, string], what: string, at: string, env: NodeJS.ProcessEnv,
  required: boolean): { secret: string; source: string } | undefined {
  const given = keys.filter((k) => p[k] !== undefined);
  if (given.length > 1 || (required && given.length === 0)) {
    throw new ConfigFault(at, `needs ${required ? 'exactly' : 'at most'} one of ${keys[0]}, ${keys[1]} and ${keys[2]}${given.length > 1 ? `, not ${given.join(' and ')}` : ''}`);
  }
  if (given.length === 0) return undefined;
  const [inline, fileKey, envKey] = keys;
  if (p[inline] !== undefined) return { secret: p[inline] as string, source: 'the config file' };
  let secret: string;
  let source: string;
  let where: string;
  if (p[fileKey] !== undefined) {
    const path = p[fileKey] as string;
    const read = readWithMode(path, `${what} file`);
    secret = read.text.trim();
    if (secret === '') throw new ConfigFault(`${at}.${fileKey}`, `${path} is empty`);
    refuseShared(path, read.mode, `a ${what}`);
    source = `${fileKey} ${path}`;
    where = `${at}.${fileKey}`;
  } else {
    const name = p[envKey] as string;
    secret = env[name] ?? '';
    if (secret === '') throw new ConfigFault(`${at}.${envKey}`, `environment variable ${name} is not set`);
    source = `environment variable ${name}`;
    where = `${at}.${envKey}`;
  }
  if (!TOKEN_TEXT.test(secret)) throw new ConfigFault(where, `the ${what} of ${source} ${TOKEN_RULE}`);
  return { secret, source };
}

