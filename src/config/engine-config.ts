// An engine platform (influx, remote-write) from its checked keys: the rules that span keys
// (api v1 needs a database, v2 an org and a bucket; a token or a user and password, not both),
// its credentials turned into headers, and the tags of every point. Secrets come from the config,
// a file of mode 600 or the environment, as tokens do, and only their sources are ever told.
import { hostname } from 'node:os';
import type { EnginePlatform } from './platforms.js';
import { secretOf } from './secrets.js';
import { readWithMode, refuseShared } from './private-file.js';
import { ConfigFault } from './shape.js';
import type { PlatformKeys } from './platform-schema.js';

/** Header names that carry credentials by their name: their value in the config makes it a secret file. */
const CREDENTIAL_HEADER = /authorization|token|key|secret|password|passw|cookie|credential/i;

function influxOf(p: PlatformKeys, at: string): EnginePlatform['influx'] {
  const api = p.api ?? 'v1';
  const misplaced = (api === 'v1' ? (['org', 'bucket'] as const) : (['database', 'retentionPolicy'] as const)).find((k) => p[k] !== undefined);
  if (misplaced !== undefined) throw new ConfigFault(`${at}.${misplaced}`, `is a key of api ${api === 'v1' ? 'v2' : 'v1'}, and this platform's api is ${api}${p.api === undefined ? ' (the default)' : ''}`);
  const needed = api === 'v1' ? (['database'] as const) : (['org', 'bucket'] as const);
  const missing = needed.find((k) => p[k] === undefined);
  if (missing !== undefined) throw new ConfigFault(`${at}.${missing}`, `is required by api ${api}: ${api === 'v1' ? 'the database the rows go to' : `the ${missing} the rows go to`}`);
  return { api, database: p.database, retentionPolicy: p.retentionPolicy, org: p.org, bucket: p.bucket };
}

/** The Authorization header of the platform's token or user and password, and where they came from. */
function authorization(p: PlatformKeys, at: string, env: NodeJS.ProcessEnv): { header?: string; sources: string[] } {
  const raw = p as Record<string, unknown>;
  const token = secretOf(raw, ['token', 'tokenFile', 'tokenEnv'], 'token', at, env, false);
  const password = secretOf(raw, ['password', 'passwordFile', 'passwordEnv'], 'password', at, env, false);
  if (token !== undefined && (p.username !== undefined || password !== undefined)) {
    throw new ConfigFault(at, 'takes a token or a username and password, not both');
  }
  if (token !== undefined) {
    return { header: `${p.type === 'influx' ? 'Token' : 'Bearer'} ${token.secret}`, sources: [`token from ${token.source}`] };
  }
  if ((p.username === undefined) !== (password === undefined)) {
    throw new ConfigFault(p.username === undefined ? at : `${at}.username`, p.username === undefined
      ? 'has a password without a username' : 'needs one of password, passwordFile and passwordEnv');
  }
  if (p.username === undefined) return { sources: [] };
  const basic = Buffer.from(`${p.username}:${password!.secret}`, 'utf8').toString('base64');
  return { header: `Basic ${basic}`, sources: [`user ${p.username}, password from ${password!.source}`] };
}

export function engineOf(p: PlatformKeys, at: string, env: NodeJS.ProcessEnv): Omit<EnginePlatform, 'name' | 'url' | 'recorders' | 'caFile' | 'insecure'> {
  const influx = p.type === 'influx' ? influxOf(p, at) : undefined;
  const auth = authorization(p, at, env);
  const headers: Record<string, string> = {};
  const credentials = [...auth.sources];
  if (auth.header !== undefined) headers.authorization = auth.header;
  for (const [name, source] of p.headers ?? []) {
    const here = `${at}.headers.${name}`;
    if (name.toLowerCase() === 'authorization' && auth.header !== undefined) {
      throw new ConfigFault(here, 'would replace the authorization of the token or the username and password');
    }
    let value: string;
    if ('value' in source) {
      value = source.value;
      credentials.push(`header ${name} in the config file${CREDENTIAL_HEADER.test(name) ? ' (a credential)' : ''}`);
    } else if ('file' in source) {
      const read = readWithMode(source.file, 'header file');
      value = read.text.trim();
      if (value === '' || !/^[\x20-\x7e\t]+$/.test(value)) throw new ConfigFault(`${here}.file`, `${source.file} must hold printable ASCII on one line`);
      refuseShared(source.file, read.mode, 'a header value');
      credentials.push(`header ${name} from ${source.file}`);
    } else {
      value = env[source.env] ?? '';
      if (value === '') throw new ConfigFault(`${here}.env`, `environment variable ${source.env} is not set`);
      if (!/^[\x20-\x7e\t]+$/.test(value)) throw new ConfigFault(`${here}.env`, `environment variable ${source.env} must hold printable ASCII on one line`);
      credentials.push(`header ${name} from environment variable ${source.env}`);
    }
    headers[name.toLowerCase()] = value;
  }
  const extra = [...(p.tags ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { type: p.type as EnginePlatform['type'], influx, headers, credentials, tags: [['host', p.host ?? hostname()], ...extra] };
}
