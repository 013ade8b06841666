// The one schema of sdr.json: every key, what it takes and what it is for. loadConfig checks a
// config against it, and the README's table of keys and the man pages are walked out of it.
import { lmoNames } from '../core/lmo.js';
import { didYouMean } from '../core/did-you-mean.js';
import { ConfigFault, flag, list, number, object, text, type Shape } from './shape.js';
import { RECORDERS_SECTION } from './recorder-settings.js';

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

/** http(s)://host[:port]: credentials, a path, a query or a fragment would be dropped or leak. */
const platformUrl: Shape<string> = {
  type: 'an http(s)://host[:port] URL',
  check(value, at) {
    if (typeof value !== 'string' || value === '') throw new ConfigFault(at, 'must be an http(s)://host[:port] URL');
    let u: URL;
    try {
      u = new URL(value);
    } catch {
      throw new ConfigFault(at, `'${value}' is not a URL: it must be http(s)://host[:port]`);
    }
    // Said without the URL itself: what follows the scheme may be a password.
    if (u.username !== '' || u.password !== '') {
      throw new ConfigFault(at, 'must not hold a user or password: the token goes in token, tokenFile or tokenEnv');
    }
    if (!/^https?:$/.test(u.protocol)) throw new ConfigFault(at, `'${value}' must be an http or https URL`);
    if (u.search !== '' || u.hash !== '' || value.includes('?') || value.includes('#')) {
      throw new ConfigFault(at, `'${value}' must not hold a query or fragment: rows go to <url>/api/private/send_data`);
    }
    if (u.pathname !== '/' && u.pathname !== '') throw new ConfigFault(at, `'${value}' must be http(s)://host[:port] without a path`);
    return u.origin;
  },
  docs: () => [],
};

export const PLATFORM = object({
  name: { shape: text({ type: "a name of letters, digits, '.', '_' and '-'", pattern: PLAIN_NAME, rule: "must start with a letter or digit and hold only letters, digits, '.', '_' and '-', 64 at most (it names the platform's folder of positions)" }),
    required: true, doc: 'The platform\'s name, unique in the config; it names its folder of positions, `<logDir>/.send/<name>`.' },
  url: { shape: platformUrl, required: true, doc: 'Where the rows go: `http(s)://host[:port]`, without a path, a user or a query.' },
  subscription: { shape: text({ type: "an id of letters, digits, '.', '_', '~' and '-'", pattern: WIRE_ID, rule: WIRE_ID_RULE }), required: true,
    doc: 'The subscription id the rows are sent under.' },
  token: { shape: text({ pattern: TOKEN_TEXT, rule: TOKEN_RULE, secret: true, type: 'a token' }),
    doc: 'The token, in the config itself (which must then be mode 600). Exactly one of token, tokenFile and tokenEnv.' },
  tokenFile: { shape: text({ type: 'a path' }), doc: 'A file holding the token (mode 600), its surrounding blanks and line ends ignored.' },
  tokenEnv: { shape: text({ type: 'the name of an environment variable', pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, rule: 'must be the name of an environment variable' }),
    doc: 'The name of an environment variable holding the token.' },
  recorders: { shape: list(recorderName, { nonEmpty: true, unique: true }), doc: 'The recorders whose rows go there.',
    byDefault: DEFAULT_RECORDERS.join(', ') },
  caFile: { shape: text({ type: 'a path' }), doc: 'A PEM file of CA certificates trusted beside the system\'s.' },
  insecure: { shape: flag(), doc: '`true` skips the certificate checks, with a warning at every start.', byDefault: 'false' },
}, { type: 'an object like {"name": …, "url": …}' });

const days = (what: string) => number({ min: 1, max: 36500, integer: true, unit: what });

/** sdr.json. */
export const SDR_CONFIG = object({
  logDir: { shape: text({ type: 'a path' }), required: true,
    doc: 'The directory of the raw files, `<logDir>/<recorder>-YYYY-MM-DD.csv`, of the sender\'s positions (`.send/`) and of refused rows (`rejected/`).' },
  recorders: { shape: RECORDERS_SECTION, doc: 'For `sdr run`: an object naming each recorder to run, with its settings.',
    byDefault: 'sysrec, cpurec, diskrec and nicrec every 60 s; sdrrec every 60 s unless turned off' },
  retentionDays: { shape: days('days'), doc: 'Raw files older than this many days are removed, but never one the sender has not fully delivered.',
    byDefault: 'nothing is removed' },
  compressAfterDays: { shape: days('days'), doc: 'Day files older than this are gzipped to `.csv.gz`; `sdr send` still reads them.',
    byDefault: 'nothing is compressed' },
  platforms: { shape: list(PLATFORM), doc: 'The receivers of the rows. Required by `sdr send`; without it `sdr run` only records.' },
});

const subscription = object({
  sid: { shape: text({ pattern: WIRE_ID, rule: WIRE_ID_RULE }), required: true, doc: 'The subscription id.' },
  tid: { shape: text({ pattern: TOKEN_TEXT, rule: TOKEN_RULE, secret: true, type: 'a token' }), required: true, doc: 'The token.' },
  dsid: { shape: { type: 'a string', check: (v, at) => {
    if (typeof v !== 'string') throw new ConfigFault(at, 'must be a string');
    return v;
  }, docs: () => [] }, doc: 'Not used: the data source id is made from the machine id, as the original did; sdr send --check compares the two.' },
});

/** The data-subscription domains of the original; sdr sends its recorders' rows under cpd, dpd, spd and wpd. */
export const KRONOMETRIX_DOMAINS = ['amd', 'cpd', 'dpd', 'epd', 'spd', 'aqd', 'iaqd', 'wcd', 'wpd'] as const;

const anything: Shape<unknown> = { type: 'any value', check: (v) => v, docs: () => [] };

/**
 * The original's kronometrix.json: the keys its agents read, each known (those sdr has no use for,
 * such as message[] or keepalive, are taken and not used), and no others.
 */
export const KRONOMETRIX_CONFIG = object({
  log: { shape: object({
    base_path: { shape: text({ type: 'a path' }), doc: 'Not read.' },
    current_path: { shape: text({ type: 'a path' }), required: true, doc: 'The log dir.' },
    daily_path: { shape: text({ type: 'a path' }), doc: 'Not read.' },
  }), required: true, doc: 'Paths.' },
  message: { shape: list(object({
    name: { shape: text(), doc: '' }, file: { shape: text(), doc: '' }, status: { shape: text(), doc: '' },
    interval: { shape: anything, doc: '' }, domain: { shape: anything, doc: '' }, description: { shape: anything, doc: '' },
  })), doc: 'Not read: the recorders sent are those of each domain.' },
  transport: { shape: object({
    platform: { shape: list(object({
      name: { shape: text(), doc: '' },
      description: { shape: anything, doc: '' },
      protocol: { shape: text({ pattern: /^https?$/, rule: 'must be http or https' }), required: true, doc: '' },
      host: { shape: text(), required: true, doc: '' },
      port: { shape: { type: 'a port number', check: (v, at) => {
        const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535) throw new ConfigFault(at, 'must be a port number from 1 to 65535');
        return n;
      }, docs: () => [] }, required: true, doc: '' },
      keepalive: { shape: anything, doc: '' },
      ...Object.fromEntries(KRONOMETRIX_DOMAINS.map((d) => [d, { shape: list(subscription), doc: '' }])),
    })), required: true, doc: '' },
  }), required: true, doc: '' },
});
