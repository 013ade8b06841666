// `sdr run [--config PATH]`: the agent in the foreground, for systemd, rc.d, SMF or a terminal.
// One line per event on stderr; SIGHUP reloads the config; SIGTERM and SIGINT stop it.
import { configPath, loadConfig } from '../config/config.js';
import { RuntimeError } from '../core/errors.js';
import { describeConfig } from './send-command.js';
import { messagePrefix } from '../core/warn.js';
import { Agent } from '../agent/agent.js';
import { takeHeldSignals } from '../core/held-signals.js';

export interface RunOptions {
  config?: string;
  check?: boolean;
}

/** --check: the config as sdr run reads it, and whether the /metrics address can be listened on now. */
async function check(path: string): Promise<number> {
  const config = loadConfig(path, process.env, { requirePlatforms: false });
  if (config.metrics !== undefined) {
    const { checkListen } = await import('../agent/metrics-endpoint.js');
    const fault = await checkListen(config.metrics, `${path}: $.metrics.listen`);
    if (fault !== undefined) throw new RuntimeError(fault);
  }
  process.stdout.write(`${describeConfig(config)}\n`);
  return 0;
}

/** Stopping must not outlast a service manager's patience (systemd waits 10 s by default here). */
const STOP_LIMIT_MS = 5000;

const log = (message: string) => process.stderr.write(`${messagePrefix()}: ${message}\n`);

export async function runAgent(o: RunOptions): Promise<number> {
  if (o.check) return check(configPath(o.config, process.env));
  const agent = new Agent({
    configPath: configPath(o.config, process.env),
    log,
  });
  // Listening before the agent starts: a reload or stop sent while it starts (systemd's
  // `reload` right after `start`) is acted on once it has started, never the default death; a
  // stop ends a start that waits for room on a full log disk.
  let starting = true;
  let reloadWanted = false;
  const stopped = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  void stopped.then(() => agent.abandonStart());
  const onHup = () => {
    if (starting) {
      reloadWanted = true;
      return;
    }
    log('SIGHUP: reloading the config');
    void agent.reload();
  };
  process.on('SIGHUP', onHup);
  for (const s of takeHeldSignals()) process.emit(s, s);
  let started: boolean;
  try {
    started = await agent.start();
  } catch (err) {
    process.off('SIGHUP', onHup);
    throw err;
  }
  if (!started) {
    process.off('SIGHUP', onHup);
    log(`${await stopped}: stopped before recording`);
    return 0;
  }
  starting = false;
  if (reloadWanted) onHup();
  const signal = await stopped;
  process.off('SIGHUP', onHup);
  log(`${signal}: finishing the rows being written and saving the sender's position`);
  let limit: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    limit = setTimeout(() => resolve('late'), STOP_LIMIT_MS);
  });
  const outcome = await Promise.race([agent.stop().then(() => 'done' as const), late]);
  clearTimeout(limit);
  if (outcome === 'late') {
    log(`stopping took over ${STOP_LIMIT_MS / 1000} s (a write or a request is stuck): exiting without it`);
    // The stuck operation would keep the process alive: leave now, as the service manager expects.
    process.exit(1);
  }
  log('stopped');
  return 0;
}
