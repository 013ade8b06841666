// The configuration: one JSON file (--config, else $SDR_CONFIG, else /etc/sdr/sdr.json) naming the
// log dir, the recorders of `sdr run` and the platforms that receive rows, checked against the one
// schema (schema.ts) before anything is used: an unknown key, a wrong type or a value the wire
// cannot carry is refused in one line naming the file, the JSON path and the fault. A token may sit
// in the file, in a tokenFile, or in an environment variable the file names; a file that holds a
// token must not be readable by group or others, as ssh insists for keys, and no message quotes a
// token. The original's kronometrix.json is read too.
import { RuntimeError } from '../core/errors.js';
import { readWithMode, refuseShared } from './private-file.js';
import { parseJsonText } from './json-text.js';
import { ConfigFault } from './shape.js';
import { DEFAULT_RECORDERS, KRONOMETRIX_CONFIG, SDR_CONFIG, TOKEN_RULE, TOKEN_TEXT } from './schema.js';
import { fromKronometrix } from './kronometrix.js';
import { settingsOf, type RecorderSetting } from './recorder-settings.js';

export { DEFAULT_RECORDERS };

export interface PlatformConfig {
  name: string;
  /** http(s)://host[:port], no path. */
  url: string;
  subscription: string;
  token: string;
  /** Where the token came from, for --check: never the token itself. */
  tokenSource: string;
  recorders: string[];
  /** Prefix of the msgid for the original's non-cpd domains ("dpd-"); empty otherwise. */
  msgidPrefix: string;
  /** Extra CA certificates (PEM) trusted beside the system's. */
  caFile?: string;
  /** Skip certificate checks: only when the config says so, with a warning at every start. */
  insecure: boolean;
  /** The dsid the original sender wrote for this subscription in kronometrix.json, lower case. */
  originalDsid?: string;
}

export interface SendConfig {
  path: string;
  logDir: string;
  /** Empty only when loaded for `sdr run` (recording without delivery). */
  platforms: PlatformConfig[];
  /** What `sdr run` records. */
  recorders: RecorderSetting[];
  /** Raw files more than this many days old are removed once delivered. */
  retentionDays?: number;
  /** Raw files more than this many days old are gzipped. */
  compressAfterDays?: number;
}

export interface LoadOptions {
  /** `sdr send` has nothing to do without platforms; `sdr run` records all the same. */
  requirePlatforms?: boolean;
}

export const DEFAULT_CONFIG = '/etc/sdr/sdr.json';

export function configPath(option: string | undefined, env: NodeJS.ProcessEnv): string {
  return option || env.SDR_CONFIG || DEFAULT_CONFIG;
}

type Platform = NonNullable<ReturnType<typeof SDR_CONFIG.check>['platforms']>[number];

/** The token of a platform, from exactly one of its three places, checked as the wire needs it. */
function tokenOf(p: Platform, at: string, env: NodeJS.ProcessEnv): { token: string; tokenSource: string } {
  const given = (['token', 'tokenFile', 'tokenEnv'] as const).filter((k) => p[k] !== undefined);
  if (given.length !== 1) {
    throw new ConfigFault(at, `needs exactly one of token, tokenFile and tokenEnv${given.length > 1 ? `, not ${given.join(' and ')}` : ''}`);
  }
  if (p.token !== undefined) return { token: p.token, tokenSource: 'the config file' };
  let token: string;
  let tokenSource: string;
  let where: string;
  if (p.tokenFile !== undefined) {
    const read = readWithMode(p.tokenFile, 'token file');
    token = read.text.trim();
    if (token === '') throw new ConfigFault(`${at}.tokenFile`, `${p.tokenFile} is empty`);
    refuseShared(p.tokenFile, read.mode, 'a token');
    tokenSource = `tokenFile ${p.tokenFile}`;
    where = `${at}.tokenFile`;
  } else {
    token = env[p.tokenEnv!] ?? '';
    if (token === '') throw new ConfigFault(`${at}.tokenEnv`, `environment variable ${p.tokenEnv} is not set`);
    tokenSource = `environment variable ${p.tokenEnv}`;
    where = `${at}.tokenEnv`;
  }
  if (!TOKEN_TEXT.test(token)) throw new ConfigFault(where, `the token of ${tokenSource} ${TOKEN_RULE}`);
  return { token, tokenSource };
}

function platformOf(p: Platform, at: string, env: NodeJS.ProcessEnv, msgidPrefix: string, originalDsid?: string): PlatformConfig {
  const { token, tokenSource } = tokenOf(p, at, env);
  if (p.caFile !== undefined) readWithMode(p.caFile, 'CA file');
  return {
    name: p.name!, url: p.url!, subscription: p.subscription!, token, tokenSource,
    recorders: p.recorders ?? DEFAULT_RECORDERS, msgidPrefix, caFile: p.caFile, insecure: p.insecure === true,
    ...(originalDsid === undefined ? {} : { originalDsid }),
  };
}

/** Checks and reads a config; RuntimeError naming the file, the JSON path and the fault. */
export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env, o: LoadOptions = {}): SendConfig {
  const file = readWithMode(path, 'config file');
  try {
    return configOf(path, parseJsonText(file.text), file.mode, env, o);
  } catch (err) {
    if (err instanceof ConfigFault) throw new RuntimeError(`${path}: ${err.message}`);
    if (err instanceof SyntaxError) throw new RuntimeError(`${path}: not valid JSON: ${err.message}`);
    throw err;
  }
}

function configOf(path: string, doc: unknown, mode: number, env: NodeJS.ProcessEnv, o: LoadOptions): SendConfig {
  let prefixes: string[] = [];
  let originalDsids: (string | undefined)[] = [];
  let raw: unknown = doc;
  const isObject = typeof doc === 'object' && doc !== null && !Array.isArray(doc);
  if (isObject && (doc as Record<string, unknown>).transport !== undefined) {
    ({ doc: raw, msgidPrefixes: prefixes, originalDsids } = fromKronometrix(KRONOMETRIX_CONFIG.check(doc, '$')));
  }
  const c = SDR_CONFIG.check(raw, '$');
  const requirePlatforms = o.requirePlatforms ?? true;
  const list = c.platforms ?? [];
  if (requirePlatforms && list.length === 0) {
    throw new ConfigFault('$.platforms', c.platforms === undefined ? 'is required by sdr send: a list of platforms' : 'must not be empty');
  }
  const platforms = list.map((p, i) => platformOf(p, `$.platforms[${i}]`, env, prefixes[i] ?? '', originalDsids[i]));
  const names = new Set<string>();
  platforms.forEach((p, i) => {
    if (names.has(p.name)) throw new ConfigFault(`$.platforms[${i}].name`, `'${p.name}' names two platforms`);
    names.add(p.name);
  });
  if (list.some((p) => p.token !== undefined)) refuseShared(path, mode, 'a token');
  return {
    path,
    logDir: c.logDir!,
    platforms,
    recorders: settingsOf(c.recorders, '$.recorders'),
    retentionDays: c.retentionDays,
    compressAfterDays: c.compressAfterDays,
  };
}
