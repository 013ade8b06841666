// The sender's configuration: one JSON file (--config, else $SDR_CONFIG, else /etc/sdr/sdr.json)
// naming the log dir and the platforms that receive rows. A token may sit in the file, in a
// tokenFile, or in an environment variable the file names; a file that holds a token must not be
// readable by group or others, as ssh insists for keys. Every error names the file, the JSON path
// and what is wrong, and never the token. The original's kronometrix.json is read too.
import { RuntimeError } from '../core/errors.js';
import { lmoNames } from '../core/lmo.js';
import { readWithMode, refuseShared } from './private-file.js';
import { recorderSettingsOf, type RecorderSetting } from '../config/recorder-settings.js';

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

/** What a platform receives when its config names no recorders: those every host runs. */
export const DEFAULT_RECORDERS = ['sysrec', 'cpurec', 'diskrec', 'nicrec', 'hdwrec'];

export function configPath(option: string | undefined, env: NodeJS.ProcessEnv): string {
  return option || env.SDR_CONFIG || DEFAULT_CONFIG;
}

type Json = Record<string, unknown>;

class Checker {
  constructor(readonly file: string) {}
  fail(at: string, what: string): never {
    throw new RuntimeError(`${this.file}: ${at}: ${what}`);
  }
  string(obj: Json, key: string, at: string, optional = false): string | undefined {
    const v = obj[key];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'string' || v === '') this.fail(`${at}.${key}`, 'must be a non-empty string');
    return v as string;
  }
}

function platformOf(c: Checker, p: Json, at: string, env: NodeJS.ProcessEnv, recorders: string[]): PlatformConfig {
  const name = c.string(p, 'name', at)!;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) c.fail(`${at}.name`, 'may hold only letters, digits, ".", "_" and "-" (it names a folder)');
  const url = c.string(p, 'url', at)!;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    // reported below
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol) || (parsed.pathname !== '/' && parsed.pathname !== '')) {
    c.fail(`${at}.url`, `'${url}' must be an http or https URL without a path`);
  }
  const subscription = c.string(p, 'subscription', at)!;
  const sources = ['token', 'tokenFile', 'tokenEnv'].filter((k) => p[k] !== undefined);
  if (sources.length !== 1) c.fail(at, 'needs exactly one of token, tokenFile, tokenEnv');
  let token: string;
  let tokenSource: string;
  if (p.token !== undefined) {
    token = c.string(p, 'token', at)!;
    tokenSource = 'the config file';
  } else if (p.tokenFile !== undefined) {
    const file = c.string(p, 'tokenFile', at)!;
    const read = readWithMode(file, 'token file');
    token = read.text.trim();
    if (token === '') c.fail(`${at}.tokenFile`, `${file} is empty`);
    refuseShared(file, read.mode, 'a token');
    tokenSource = `tokenFile ${file}`;
  } else {
    const variable = c.string(p, 'tokenEnv', at)!;
    token = env[variable] ?? '';
    if (token === '') c.fail(`${at}.tokenEnv`, `environment variable ${variable} is not set`);
    tokenSource = `environment variable ${variable}`;
  }
  const list = p.recorders ?? recorders;
  if (!Array.isArray(list) || list.length === 0 || list.some((r) => typeof r !== 'string')) {
    c.fail(`${at}.recorders`, 'must be a non-empty list of recorder names');
  }
  const known = lmoNames();
  (list as string[]).forEach((r, i) => {
    if (!known.includes(r)) c.fail(`${at}.recorders[${i}]`, `'${r}' is not a recorder: known: ${known.join(', ')}`);
  });
  const caFile = c.string(p, 'caFile', at, true);
  if (caFile !== undefined) readWithMode(caFile, 'CA file');
  if (p.insecure !== undefined && typeof p.insecure !== 'boolean') c.fail(`${at}.insecure`, 'must be true or false');
  return {
    name, url: parsed!.origin, subscription, token, tokenSource, recorders: list as string[],
    msgidPrefix: typeof p.msgidPrefix === 'string' ? p.msgidPrefix : '', caFile, insecure: p.insecure === true,
  };
}

/** The core recorders the original sent for a domain (wpd never had xenrec). */
const DOMAIN_RECORDERS: Record<string, string[]> = {
  cpd: ['sysrec', 'cpurec', 'diskrec', 'nicrec', 'hdwrec', 'xenrec'],
  dpd: ['sysrec', 'cpurec', 'diskrec', 'nicrec', 'hdwrec', 'xenrec'],
  spd: ['sysrec', 'cpurec', 'diskrec', 'nicrec', 'hdwrec', 'xenrec'],
  wpd: ['sysrec', 'cpurec', 'diskrec', 'nicrec', 'hdwrec'],
};

/** kronometrix.json: log.current_path and transport.platform[] with per-domain {sid, tid}. */
function fromKronometrix(c: Checker, doc: Json): Json {
  const log = (doc.log ?? {}) as Json;
  const logDir = c.string(log, 'current_path', 'log')!;
  const list = (doc.transport as Json).platform;
  if (!Array.isArray(list)) c.fail('transport.platform', 'must be a list');
  const platforms: Json[] = [];
  (list as Json[]).forEach((p, i) => {
    const at = `transport.platform[${i}]`;
    const protocol = c.string(p, 'protocol', at)!;
    const host = c.string(p, 'host', at)!;
    const port = p.port;
    if (typeof port !== 'number' && typeof port !== 'string') c.fail(`${at}.port`, 'must be a port number');
    for (const [domain, recorders] of Object.entries(DOMAIN_RECORDERS)) {
      const subs = p[domain];
      if (subs === undefined) continue;
      if (!Array.isArray(subs)) c.fail(`${at}.${domain}`, 'must be a list of {sid, tid}');
      (subs as Json[]).forEach((s, k) => {
        platforms.push({
          name: `${String(p.name ?? `platform${i}`).replace(/[^A-Za-z0-9._-]/g, '_')}-${domain}-${k}`,
          url: `${protocol}://${host}:${port}`,
          subscription: c.string(s, 'sid', `${at}.${domain}[${k}]`),
          token: c.string(s, 'tid', `${at}.${domain}[${k}]`),
          recorders,
          msgidPrefix: domain === 'cpd' ? '' : `${domain}-`,
        });
      });
    }
  });
  return { logDir, platforms };
}

/** A whole number of days, at least 1, or undefined when not set. */
function days(c: Checker, doc: Json, key: string): number | undefined {
  const v = doc[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) c.fail(`$.${key}`, 'must be a whole number of days, at least 1');
  return v as number;
}

export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env, o: LoadOptions = {}): SendConfig {
  const c = new Checker(path);
  const file = readWithMode(path, 'config file');
  let doc: Json;
  try {
    doc = JSON.parse(file.text) as Json;
  } catch (err) {
    throw new RuntimeError(`${path}: not valid JSON: ${(err as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) c.fail('$', 'must be a JSON object');
  if (doc.transport !== undefined) doc = fromKronometrix(c, doc);
  const logDir = c.string(doc, 'logDir', '$')!;
  const requirePlatforms = o.requirePlatforms ?? true;
  if (doc.platforms === undefined && !requirePlatforms) doc.platforms = [];
  if (!Array.isArray(doc.platforms)) c.fail('$.platforms', 'must be a list');
  if (requirePlatforms && (doc.platforms as Json[]).length === 0) c.fail('$.platforms', 'must be a non-empty list');
  const platforms = (doc.platforms as Json[]).map((p, i) => platformOf(c, p, `$.platforms[${i}]`, env, DEFAULT_RECORDERS));
  const names = new Set<string>();
  platforms.forEach((p, i) => {
    if (names.has(p.name)) c.fail(`$.platforms[${i}].name`, `'${p.name}' names two platforms`);
    names.add(p.name);
  });
  if ((doc.platforms as Json[]).some((p) => p.token !== undefined)) refuseShared(path, file.mode, 'a token');
  const recorders = recorderSettingsOf(doc.recorders, '$.recorders', (at, what) => c.fail(at, what));
  const retentionDays = days(c, doc, 'retentionDays');
  const compressAfterDays = days(c, doc, 'compressAfterDays');
  return { path, logDir, platforms, recorders, retentionDays, compressAfterDays };
}
