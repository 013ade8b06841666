// `sdr send [--config PATH] [--once | --status | --check]`: delivers the raw files to the platforms
// of the config, resuming where the saved positions say.
import { configPath, loadConfig, type KronometrixPlatform, type PlatformConfig, type SendConfig } from '../config/config.js';
import { takeHeldSignals } from '../core/held-signals.js';
import { startFeeds } from '../transport/feeds.js';
import { Stopper } from '../transport/stopper.js';
import { readHostId, dsidOf } from '../transport/identity.js';
import { wireOs } from '../transport/wire.js';
import { feedStatuses, formatStatuses } from '../transport/status.js';
import { messagePrefix } from '../core/warn.js';

export interface SendOptions {
  config?: string;
  once?: boolean;
  status?: boolean;
  check?: boolean;
}

/** --once: a row that fails this many times in a row is left for the next run. */
const ONCE_ATTEMPTS = 4;

/**
 * The data source id a platform will know this host by, and whether it is the one the original
 * sender wrote in kronometrix.json: a host that kept its ids keeps its history in one place.
 */
function dsidWords(p: KronometrixPlatform, hostId: string | Error): string {
  if (hostId instanceof Error) return `, no dsid: ${hostId.message}`;
  const dsid = dsidOf(hostId, p.subscription);
  if (p.originalDsid === undefined) return `, dsid ${dsid}`;
  if (p.originalDsid === dsid) return `, dsid ${dsid}, the original's`;
  return `, dsid ${dsid}, NOT the original's ${p.originalDsid}: the platform will take this host for a new data source`;
}

/** What a platform is, by type, its secrets told only by where they come from. */
function platformWords(p: PlatformConfig): string {
  if (p.type === 'kronometrix') return `${p.url}, subscription ${p.subscription}, token from ${p.tokenSource}`;
  const where = p.influx === undefined ? 'remote write' : p.influx.api === 'v1'
    ? `influx v1, database ${p.influx.database}${p.influx.retentionPolicy ? `, retention policy ${p.influx.retentionPolicy}` : ''}`
    : `influx v2, org ${p.influx.org}, bucket ${p.influx.bucket}`;
  const credentials = p.credentials.length > 0 ? p.credentials.join(', ') : 'no credentials';
  return `${where} to ${p.url}, ${credentials}, tags ${p.tags.map(([k, v]) => `${k}=${v}`).join(' ')}`;
}

export function describeConfig(config: SendConfig): string {
  const lines = [`${config.path}: valid; raw files in ${config.logDir}`];
  let hostId: string | Error;
  try {
    hostId = readHostId();
  } catch (err) {
    hostId = err as Error;
  }
  for (const p of config.platforms) {
    lines.push(`  ${p.name}: ${platformWords(p)}, recorders ${p.recorders.join(', ')}` +
      (p.insecure ? ', certificate checks OFF' : '') + (p.caFile ? `, extra CA ${p.caFile}` : '') +
      (p.type === 'kronometrix' ? dsidWords(p, hostId) : ''));
  }
  if (config.metrics !== undefined) lines.push(`  metrics: GET /metrics on ${config.metrics.host}:${config.metrics.port} (sdr run)`);
  return lines.join('\n');
}

const log = (message: string) => process.stderr.write(`${messagePrefix()}: ${message}\n`);

export async function runSend(o: SendOptions): Promise<number> {
  const config = loadConfig(configPath(o.config, process.env));
  if (o.check) {
    process.stdout.write(describeConfig(config) + '\n');
    return 0;
  }
  if (o.status) {
    process.stdout.write(formatStatuses(await feedStatuses(config)) + '\n');
    return 0;
  }
  for (const p of config.platforms) {
    if (p.insecure) log(`warning: ${p.name}: certificate checks are off (insecure: true): anyone on the path can read the token`);
  }
  let hostId: string | undefined;
  const stop = new Stopper();
  const onSignal = () => stop.stop();
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  for (const s of takeHeldSignals()) process.kill(process.pid, s);
  let clients: { destroy(): Promise<void> }[] = [];
  try {
    const started = startFeeds(config.platforms, {
      logDir: config.logDir,
      hostId: () => (hostId ??= readHostId()),
      os: wireOs(),
      maxAttempts: o.once ? ONCE_ATTEMPTS : undefined,
      log,
      stop,
      once: o.once,
    });
    clients = started.clients;
    const results = await Promise.all(started.runs);
    // Without --once only a signal ends the run: what was not acknowledged waits for the next one.
    return !o.once || results.every(Boolean) ? 0 : 1;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await Promise.all(clients.map((c) => c.destroy()));
  }
}
