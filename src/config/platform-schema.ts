// The keys of a platform, by its type: "kronometrix" (the wire format of the original agents, the
// default), "influx" (InfluxDB line protocol) or "remote-write" (Prometheus remote write). Each
// type takes its own keys; one of another type is refused by saying whose it is. Every key is
// documented once, with the types that take it, for the README's table and the man pages.
import { lmoNames, loadLmo } from '../core/lmo.js';
import { didYouMean } from '../core/did-you-mean.js';
import { ConfigFault, flag, list, object, oneOf, text, variants, type Key, type KeyDoc, type Shape } from './shape.js';

export const PLATFORM_TYPES = ['kronometrix', 'influx', 'remote-write'] as const;
export type PlatformType = (typeof PLATFORM_TYPES)[number];
const ENGINES: PlatformType[] = ['influx', 'remote-write'];

/** What a platform receives when its config names no recorders: those every host runs. */
export const DEFAULT_RECORDERS = ['sysrec', 'cpurec', 'diskrec', 'nicrec', 'hdwrec'];

/** A token goes in an HTTP header: printable ASCII without blanks or control characters. */
export const TOKEN_TEXT = /^[\x21-\x7e]+$/;
export const TOKEN_RULE = 'may hold only printable ASCII characters without blanks (it is sent in an HTTP header)';

/** The folder of a platform's positions under logDir/.send: no "..", no "/", nothing hidden. */
const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The wire format (msgid:sid:dsid:…) separates its fields with ':': an id holds none, nor blanks. */
export const WIRE_ID = /^[A-Za-z0-9._~-]{1,128}$/;
export const WIRE_ID_RULE = "may hold only letters, digits, '.', '_', '~' and '-' (the wire format separates its fields with ':')";

/** A label or tag name, as Prometheus takes them; those beginning with __ are Prometheus' own. */
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const recorderName: Shape<string> = {
  type: 'a recorder name',
  check(value, at) {
    const known = lmoNames();
    if (typeof value !== 'string' || !known.includes(value)) {
      const hint = typeof value === 'string' ? didYouMean(value, known) : '';
      throw new ConfigFault(at, `${typeof value === 'string' ? `'${value}'` : 'that'} is not a recorder${hint || ` (known: ${known.join(', ')})`}`);
    }
    return value;
  },
  docs: () => [],
};

interface UrlRule {
  /** What the path must be: none (the wire format's fixed path), a prefix, or the endpoint itself. */
  path: 'none' | 'prefix' | 'endpoint';
  query: boolean;
}

/** An http(s) URL: credentials would leak into logs, a fragment means nothing; the rest by rule. */
function httpUrl(rule: UrlRule): Shape<string> {
  const type = rule.path === 'none' ? 'an http(s)://host[:port] URL' : rule.path === 'prefix' ? 'an http(s)://host[:port][/path] URL' : 'an http(s)://host[:port]/path URL';
  return {
    type,
    check(value, at) {
      if (typeof value !== 'string' || value === '') throw new ConfigFault(at, `must be ${type}`);
      let u: URL;
      try {
        u = new URL(value);
      } catch {
        throw new ConfigFault(at, `'${value}' is not a URL: it must be ${type.replace(/^an /, '')}`);
      }
      // Said without the URL itself: what follows the scheme may be a password.
      if (u.username !== '' || u.password !== '') {
        throw new ConfigFault(at, rule.path === 'none' ? 'must not hold a user or password: the token goes in token, tokenFile or tokenEnv'
          : 'must not hold a user or password: they go in username and password, passwordFile or passwordEnv');
      }
      if (!/^https?:$/.test(u.protocol)) throw new ConfigFault(at, `'${value}' must be an http or https URL`);
      const fragment = u.hash !== '' || value.includes('#');
      if (fragment && rule.path !== 'none') throw new ConfigFault(at, `'${value}' must not hold a fragment`);
      if (fragment || (!rule.query && (u.search !== '' || value.includes('?')))) {
        throw new ConfigFault(at, rule.path === 'none' ? `'${value}' must not hold a query or fragment: rows go to <url>/api/private/send_data`
          : `'${value}' must not hold a query: sdr adds the write path and its query`);
      }
      const path = u.pathname.replace(/\/+$/, '');
      if (rule.path === 'none' && path !== '') throw new ConfigFault(at, `'${value}' must be http(s)://host[:port] without a path`);
      if (rule.path === 'endpoint' && path === '') {
        throw new ConfigFault(at, `'${value}' must name the receiver's write path, as http://host:9090/api/v1/write (Prometheus, VictoriaMetrics) or /api/v1/push (Mimir, Cortex)`);
      }
      return rule.path === 'endpoint' ? `${u.origin}${u.pathname}${u.search}` : `${u.origin}${path}`;
    },
    docs: () => [],
  };
}

/** A header's value: in the config, or read from a file or the environment as tokens are. */
export type HeaderSource = { value: string } | { file: string } | { env: string };

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Set by sdr for each request: a config that set them would break the request. */
const OWN_HEADERS = ['content-type', 'content-encoding', 'content-length', 'host', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'expect'];

const envName = text({ type: 'the name of an environment variable', pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, rule: 'must be the name of an environment variable' });

const headerValue = object({
  file: { shape: text({ type: 'a path' }), doc: '' },
  env: { shape: envName, doc: '' },
}, { type: 'a value, {"file": path} or {"env": name}' });

const headers: Shape<Map<string, HeaderSource>> = {
  type: 'an object of header names and values',
  check(value, at) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigFault(at, `must be ${this.type}`);
    const out = new Map<string, HeaderSource>();
    for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
      const here = `${at}.${name.length <= 40 ? name : `${name.slice(0, 3)}…`}`;
      if (!HEADER_NAME.test(name)) throw new ConfigFault(here, 'is not an HTTP header name');
      if (OWN_HEADERS.includes(name.toLowerCase())) throw new ConfigFault(here, 'is a header sdr sets itself');
      if ([...out.keys()].some((k) => k.toLowerCase() === name.toLowerCase())) throw new ConfigFault(here, 'is named twice');
      if (typeof v === 'string') {
        // Never quoted: a header may carry a credential.
        if (!/^[\x20-\x7e\t]+$/.test(v) || v.trim() === '') throw new ConfigFault(here, 'must be printable ASCII on one line, not empty');
        out.set(name, { value: v });
        continue;
      }
      const s = headerValue.check(v, here);
      if ((s.file === undefined) === (s.env === undefined)) throw new ConfigFault(here, 'needs one of file and env');
      out.set(name, s.file !== undefined ? { file: s.file } : { env: s.env! });
    }
    return out;
  },
  docs: () => [],
};

/** Names sdr's points already carry as labels: the LMO's string fields (the device, _info's labels). */
function lmoLabels(): Set<string> {
  return new Set(lmoNames().flatMap((n) => loadLmo(n).fields.filter((f) => f.type === 'string').map((f) => f.name)));
}

const tags: Shape<Map<string, string>> = {
  type: 'an object of tag names and values',
  check(value, at) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigFault(at, `must be ${this.type}`);
    const out = new Map<string, string>();
    const taken = lmoLabels();
    for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
      const here = `${at}.${name.length <= 40 ? name : `${name.slice(0, 3)}…`}`;
      if (!LABEL_NAME.test(name) || name.startsWith('__')) throw new ConfigFault(here, 'must be a name of letters, digits and _, not beginning with a digit or __');
      if (name === 'host') throw new ConfigFault(here, 'is set by the key host');
      if (taken.has(name)) throw new ConfigFault(here, 'is a label of sdr\'s own (a string field of the LMO)');
      if (typeof v !== 'string' || v === '' || /[\r\n]/.test(v)) throw new ConfigFault(here, 'must be a non-empty string on one line');
      out.set(name, v);
    }
    return out;
  },
  docs: () => [],
};

interface PlatformKey {
  types: readonly PlatformType[];
  key: Key<unknown>;
  /** The key's shape for some types, where it differs. */
  shapes?: Partial<Record<PlatformType, Shape<unknown>>>;
}

const secretText = (type: string) => text({ pattern: TOKEN_TEXT, rule: TOKEN_RULE, secret: true, type });

/** Every key of a platform, in the docs' order. */
const KEYS: Record<string, PlatformKey> = {
  name: { types: PLATFORM_TYPES, key: {
    shape: text({ type: "a name of letters, digits, '.', '_' and '-'", pattern: PLAIN_NAME, rule: "must start with a letter or digit and hold only letters, digits, '.', '_' and '-', 64 at most (it names the platform's folder of positions)" }),
    required: true, doc: 'The platform\'s name, unique in the config; it names its folder of positions, `<logDir>/.send/<name>`.' } },
  type: { types: PLATFORM_TYPES, key: { shape: oneOf(PLATFORM_TYPES), byDefault: 'kronometrix',
    doc: 'What receives the rows: `kronometrix`, the Kronometrix wire format (`sdr collect`, a Kronometrix platform); `influx`, InfluxDB line protocol (InfluxDB 1.x, 2.x, 3.x, VictoriaMetrics); `remote-write`, Prometheus remote write (Prometheus, VictoriaMetrics, Mimir, Thanos receive, Cortex).' } },
  url: { types: PLATFORM_TYPES, key: { shape: httpUrl({ path: 'none', query: false }), required: true,
    doc: 'Where the rows go. kronometrix: `http(s)://host[:port]`, without a path. influx: the server, with a path prefix where there is one (`http://vminsert:8480/insert/0/influx` for a VictoriaMetrics cluster); sdr adds `/write` or `/api/v2/write`. remote-write: the receiver\'s write endpoint, `http://prometheus:9090/api/v1/write`, `http://victoria:8428/api/v1/write`, `…/api/v1/push` (Mimir, Cortex). Never a user or password.' },
  shapes: { influx: httpUrl({ path: 'prefix', query: false }), 'remote-write': httpUrl({ path: 'endpoint', query: true }) } },
  subscription: { types: ['kronometrix'], key: { shape: text({ type: "an id of letters, digits, '.', '_', '~' and '-'", pattern: WIRE_ID, rule: WIRE_ID_RULE }), required: true,
    doc: 'kronometrix: the subscription id the rows are sent under.' } },
  token: { types: PLATFORM_TYPES, key: { shape: secretText('a token'),
    doc: 'The token, in the config itself (which must then be mode 600); at most one of token, tokenFile and tokenEnv. kronometrix: the Token header, and one of the three is required. influx: `Authorization: Token …` (InfluxDB 2.x and 3.x). remote-write: `Authorization: Bearer …`.' } },
  tokenFile: { types: PLATFORM_TYPES, key: { shape: text({ type: 'a path' }), doc: 'A file holding the token (mode 600), its surrounding blanks and line ends ignored.' } },
  tokenEnv: { types: PLATFORM_TYPES, key: { shape: envName, doc: 'The name of an environment variable holding the token.' } },
  username: { types: ENGINES, key: { shape: text({ type: 'a user name', pattern: /^[^:\r\n]+$/, rule: 'may hold neither a colon nor a line break' }),
    doc: 'influx, remote-write: the user of HTTP basic authentication (InfluxDB 1.x, VictoriaMetrics\' -httpAuth.username, a proxy), with one of password, passwordFile and passwordEnv. Not with a token.' } },
  password: { types: ENGINES, key: { shape: secretText('a password'), doc: 'influx, remote-write: the password, in the config itself (which must then be mode 600).' } },
  passwordFile: { types: ENGINES, key: { shape: text({ type: 'a path' }), doc: 'influx, remote-write: a file holding the password (mode 600), its surrounding blanks and line ends ignored.' } },
  passwordEnv: { types: ENGINES, key: { shape: envName, doc: 'influx, remote-write: the name of an environment variable holding the password.' } },
  api: { types: ['influx'], key: { shape: oneOf(['v1', 'v2'] as const), byDefault: 'v1',
    doc: 'influx: `v1`, `POST <url>/write?db=…&rp=…` (InfluxDB 1.x, VictoriaMetrics); `v2`, `POST <url>/api/v2/write?org=…&bucket=…` (InfluxDB 2.x and 3.x).' } },
  database: { types: ['influx'], key: { shape: text({ type: 'a database name' }), doc: 'influx v1: the database (VictoriaMetrics keeps it as the label db). Required with api v1.' } },
  retentionPolicy: { types: ['influx'], key: { shape: text({ type: 'a retention policy name' }), doc: 'influx v1: the retention policy.', byDefault: 'the database\'s default' } },
  org: { types: ['influx'], key: { shape: text({ type: 'an organization name' }), doc: 'influx v2: the organization. Required with api v2.' } },
  bucket: { types: ['influx'], key: { shape: text({ type: 'a bucket name' }), doc: 'influx v2: the bucket. Required with api v2.' } },
  headers: { types: ENGINES, key: { shape: headers,
    doc: 'influx, remote-write: headers sent with every request, `{"X-Scope-OrgID": "acme"}` (Mimir, Cortex tenants), each a value or `{"file": path}` or `{"env": name}` read as tokens are. Their values are never printed; one whose name speaks of authorization, a token, key, secret, password or cookie makes the config a file of mode 600.' } },
  host: { types: ENGINES, key: { shape: text({ type: 'a host name', pattern: /^[^\r\n]+$/, rule: 'must be on one line' }), byDefault: 'the host name',
    doc: 'influx, remote-write: the tag (label) `host` of every point.' } },
  tags: { types: ENGINES, key: { shape: tags, byDefault: 'none',
    doc: 'influx, remote-write: more tags (labels) of every point, `{"dc": "eu1"}`.' } },
  recorders: { types: PLATFORM_TYPES, key: { shape: list(recorderName, { nonEmpty: true, unique: true }), doc: 'The recorders whose rows go there.', byDefault: DEFAULT_RECORDERS.join(', ') } },
  caFile: { types: PLATFORM_TYPES, key: { shape: text({ type: 'a path' }), doc: 'A PEM file of CA certificates trusted beside the system\'s.' } },
  insecure: { types: PLATFORM_TYPES, key: { shape: flag(), doc: '`true` skips the certificate checks, with a warning at every start.', byDefault: 'false' } },
};

const PLATFORM_TYPE_WORDS = 'an object like {"name": …, "url": …}';

function shapeOfType(type: PlatformType) {
  const keys = Object.entries(KEYS).filter(([, k]) => k.types.includes(type))
    .map(([name, k]) => [name, { ...k.key, shape: k.shapes?.[type] ?? k.key.shape }] as const);
  return { shape: object(Object.fromEntries(keys), { type: PLATFORM_TYPE_WORDS }), keys: keys.map(([n]) => n) };
}

/** What a platform's keys give, whatever its type (those of other types left out). */
export type PlatformKeys = {
  name?: string; type?: PlatformType; url?: string; subscription?: string; token?: string; tokenFile?: string; tokenEnv?: string;
  username?: string; password?: string; passwordFile?: string; passwordEnv?: string; api?: 'v1' | 'v2';
  database?: string; retentionPolicy?: string; org?: string; bucket?: string; headers?: Map<string, HeaderSource>;
  host?: string; tags?: Map<string, string>; recorders?: string[]; caFile?: string; insecure?: boolean;
};

/** The docs of every key once, the types that take it named where not all do. */
function platformDocs(path: string): KeyDoc[] {
  return Object.entries(KEYS).map(([name, k]) => ({
    path: `${path}.${name}`, type: k.key.shape.type, required: k.key.required === true, byDefault: k.key.byDefault, doc: k.key.doc,
  }));
}

export const PLATFORM: Shape<PlatformKeys> = variants('type', 'kronometrix',
  Object.fromEntries(PLATFORM_TYPES.map((t) => [t, shapeOfType(t)])) as Record<string, { shape: Shape<PlatformKeys>; keys: string[] }>,
  { type: PLATFORM_TYPE_WORDS, docs: platformDocs });
