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
import { DEFAULT_RECORDERS, KRONOMETRIX_CONFIG, SDR_CONFIG, type ListenAddress, DEFAULT_METRICS_LISTEN } from './schema.js';
import { engineOf } from './engine-config.js';
import { secretOf } from './secrets.js';
import type { PlatformConfig } from './platforms.js';
import { fromKronometrix } from './kronometrix.js';
import { settingsOf, type RecorderSetting } from './recorder-settings.js';

export { DEFAULT_RECORDERS };

export type { EnginePlatform, KronometrixPlatform, PlatformConfig } from './platforms.js';

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
  /** sdr run's Prometheus endpoint, when the config asks for one. */
  metrics?: ListenAddress;
  /** Where sdr run's recorders read the system. */
  roots: { procfs: string; sysfs: string; rootfs: string };
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

function platformOf(p: Platform, at: string, env: NodeJS.ProcessEnv, msgidPrefix: string, originalDsid?: string): PlatformConfig {
  if (p.caFile !== undefined) readWithMode(p.caFile, 'CA file');
  const base = { name: p.name!, url: p.url!, recorders: p.recorders ?? DEFAULT_RECORDERS, caFile: p.caFile, insecure: p.insecure === true };
  if (p.type !== undefined && p.type !== 'kronometrix') return { ...base, ...engineOf(p, at, env) };
  const { secret: token, source: tokenSource } = secretOf(p, ['token', 'tokenFile', 'tokenEnv'], 'token', at, env, true)!;
  return {
    ...base, type: 'kronometrix', subscription: p.subscription!, token, tokenSource, msgidPrefix,
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

function listenOf(text: string): ListenAddress {
  const [host, port] = text.split(/:(?=\d+$)/);
  return { host, port: Number(port) };
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
  if (list.some((p) => p.password !== undefined)) refuseShared(path, mode, 'a password');
  if (platforms.some((p) => p.type !== 'kronometrix' && p.credentials.some((c) => c.endsWith('in the config file (a credential)')))) {
    refuseShared(path, mode, 'a credential header');
  }
  return {
    path,
    logDir: c.logDir!,
    platforms,
    recorders: settingsOf(c.recorders, '$.recorders'),
    retentionDays: c.retentionDays,
    compressAfterDays: c.compressAfterDays,
    metrics: c.metrics === undefined ? undefined : c.metrics.listen ?? listenOf(DEFAULT_METRICS_LISTEN),
    roots: { procfs: c.procfs ?? '/proc', sysfs: c.sysfs ?? '/sys', rootfs: c.rootfs ?? '/' },
  };
}
