// `sdr send [--config PATH] [--once | --status | --check]`: delivers the raw files to the platforms
// of the config, resuming where the saved positions say.
import { configPath, loadConfig, type PlatformConfig, type SendConfig } from '../config/config.js';
import { Feed } from '../transport/feed.js';
import { runFeed } from '../transport/feed-runner.js';
import { PlatformClient } from '../transport/http-client.js';
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
function dsidWords(p: PlatformConfig, hostId: string | Error): string {
  if (hostId instanceof Error) return `, no dsid: ${hostId.message}`;
  const dsid = dsidOf(hostId, p.subscription);
  if (p.originalDsid === undefined) return `, dsid ${dsid}`;
  if (p.originalDsid === dsid) return `, dsid ${dsid}, the original's`;
  return `, dsid ${dsid}, NOT the original's ${p.originalDsid}: the platform will take this host for a new data source`;
}

function describe(config: SendConfig): string {
  const lines = [`${config.path}: valid; raw files in ${config.logDir}`];
  let hostId: string | Error;
  try {
    hostId = readHostId();
  } catch (err) {
    hostId = err as Error;
  }
  for (const p of config.platforms) {
    lines.push(`  ${p.name}: ${p.url}, subscription ${p.subscription}, token from ${p.tokenSource}, recorders ${p.recorders.join(', ')}` +
      (p.insecure ? ', certificate checks OFF' : '') + (p.caFile ? `, extra CA ${p.caFile}` : '') + dsidWords(p, hostId));
  }
  return lines.join('\n');
}

const log = (message: string) => process.stderr.write(`${messagePrefix()}: ${message}\n`);

export async function runSend(o: SendOptions): Promise<number> {
  const config = loadConfig(configPath(o.config, process.env));
  if (o.check) {
    process.stdout.write(describe(config) + '\n');
    return 0;
  }
  if (o.status) {
    process.stdout.write(formatStatuses(await feedStatuses(config)) + '\n');
    return 0;
  }
  for (const p of config.platforms) {
    if (p.insecure) log(`warning: ${p.name}: certificate checks are off (insecure: true): anyone on the path can read the token`);
  }
  const hostId = readHostId();
  const stop = new Stopper();
  const onSignal = () => stop.stop();
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const clients = config.platforms.map((p) => new PlatformClient(p));
  try {
    const results = await Promise.all(config.platforms.flatMap((p, i) => p.recorders.map((r) => runFeed(() => new Feed(p, r, clients[i], {
      logDir: config.logDir,
      hostDsid: dsidOf(hostId, p.subscription),
      os: wireOs(),
      maxAttempts: o.once ? ONCE_ATTEMPTS : undefined,
      log,
      stop,
    }), `${p.name}/${r}`, stop, log, o.once))));
    // Without --once only a signal ends the run: what was not acknowledged waits for the next one.
    return !o.once || results.every(Boolean) ? 0 : 1;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await Promise.all(clients.map((c) => c.destroy()));
  }
}
