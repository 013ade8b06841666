// The one schema of sdr.json: every key, what it takes and what it is for. loadConfig checks a
// config against it, and the README's table of keys and the man pages are walked out of it.
import { isIPv4, isIPv6 } from 'node:net';
import { ConfigFault, list, number, object, text, type Shape } from './shape.js';
import { RECORDERS_SECTION } from './recorder-settings.js';
import { PLATFORM, TOKEN_RULE, TOKEN_TEXT, WIRE_ID, WIRE_ID_RULE } from './platform-schema.js';

export { DEFAULT_RECORDERS, PLATFORM, TOKEN_RULE, TOKEN_TEXT, WIRE_ID, WIRE_ID_RULE } from './platform-schema.js';

const days = (what: string) => number({ min: 1, max: 36500, integer: true, unit: what });

export interface ListenAddress {
  host: string;
  port: number;
}

/** host:port, [v6]:port; the host an IP address or a name (localhost). Port 0: any free port. */
const listenAddress: Shape<ListenAddress> = {
  type: 'an address like 127.0.0.1:9464',
  check(value, at) {
    const m = typeof value === 'string' ? /^(?:\[([^\]]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(value) : null;
    const host = m?.[1] ?? m?.[2];
    const port = Number(m?.[3]);
    const fault = `'${String(value)}' is not an address: it must be host:port, as 127.0.0.1:9464 or [::1]:9464`;
    if (m === null || host === undefined || port > 65535) throw new ConfigFault(at, fault);
    if (m[1] !== undefined ? !isIPv6(host) : !isIPv4(host) && (!/^[A-Za-z0-9.-]+$/.test(host) || /^[\d.]+$/.test(host))) {
      throw new ConfigFault(at, fault);
    }
    return { host, port };
  },
  docs: () => [],
};

/** The Prometheus endpoint of `sdr run`. */
export const DEFAULT_METRICS_LISTEN = '127.0.0.1:9464';

const METRICS = object({
  listen: { shape: listenAddress, byDefault: DEFAULT_METRICS_LISTEN,
    doc: 'Where `GET /metrics` is served. Loopback by default: another address lets any host that reaches it read what the recorders see.' },
}, { type: 'an object like {"listen": "127.0.0.1:9464"}' });

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
  metrics: { shape: METRICS, byDefault: 'no endpoint',
    doc: 'For `sdr run`: a Prometheus endpoint serving the latest row of every running recorder, and sdrrec\'s, as gauges named as remote write names them.' },
  procfs: { shape: text({ type: 'a path' }), byDefault: '/proc', doc: 'For `sdr run`: where the recorders read /proc, as `--procfs` (a container that mounts the host\'s at /host/proc).' },
  sysfs: { shape: text({ type: 'a path' }), byDefault: '/sys', doc: 'For `sdr run`: where the recorders read /sys, as `--sysfs`.' },
  rootfs: { shape: text({ type: 'a path' }), byDefault: '/', doc: 'For `sdr run`: the watched system\'s `/`, as `--rootfs`.' },
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
