// `sdr collect`: checks the options, loads the tokens, serves until SIGINT or SIGTERM.
import { accessSync, constants } from 'node:fs';
import { RuntimeError, UsageError, describeSystemError } from '../core/errors.js';
import { messagePrefix } from '../core/warn.js';
import { createCollector } from '../transport/collector.js';
import type { FsyncMode } from '../transport/collector-store.js';
import { loadTokens } from '../transport/tokens.js';
import { DEFAULT_LIMITS } from '../transport/collector-owners.js';
import { makeDirectory } from '../output/make-directory.js';
import { takeHeldSignals } from '../core/held-signals.js';

export interface CollectOptions {
  listen: string;
  dataDir: string;
  tokens: string;
  fsync: FsyncMode;
  /** YYYY-MM-DD: rows dated before are refused. */
  oldest?: string;
  /** Octal mode of the day files: "640". */
  mode?: string;
  maxNewSources?: string;
  maxNewFiles?: string;
}

/** "2000-01-01" -> UTC ms. */
export function parseOldest(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ms = m === null ? NaN : Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== text) throw new UsageError(`--oldest '${text}' is not a date YYYY-MM-DD`);
  return ms;
}

/** "640" or "0640" -> 0o640: readable and writable by the owner, never by others' writes. */
export function parseFileMode(text: string): number {
  if (!/^0?[0-7]{3}$/.test(text)) throw new UsageError(`--mode '${text}' is not an octal file mode like 640`);
  const mode = parseInt(text, 8);
  if ((mode & 0o600) !== 0o600) throw new UsageError(`--mode '${text}' must let the collector read and write its files (6 for the owner)`);
  if ((mode & 0o022) !== 0) throw new UsageError(`--mode '${text}' would let others than the owner change the rows`);
  return mode;
}

function perMinute(text: string | undefined, option: string, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^[1-9]\d{0,8}$/.test(text)) throw new UsageError(`${option} '${text}' is not a whole number of at least 1`);
  return Number(text);
}

/** "127.0.0.1:8080", "[::1]:8080", "localhost:0". */
export function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(text);
  const port = Number(m?.[3]);
  if (m === null || port > 65535) throw new UsageError(`--listen '${text}' is not host:port (as 127.0.0.1:8080 or [::1]:8080)`);
  return { host: m[1] ?? m[2], port };
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'address not available on this host',
  EACCES: 'permission denied (a port below 1024 needs privileges)',
  ENOTFOUND: 'unknown host',
};

function prepareDataDir(dir: string, mode: number): void {
  try {
    // Every host's rows are in it: made readable by its owner (and group) only.
    makeDirectory(dir, mode);
  } catch (err) {
    throw new RuntimeError(`cannot create data directory ${dir}: ${describeSystemError(err)}`);
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new RuntimeError(`cannot write to data directory ${dir}: ${describeSystemError(err)}`);
  }
}

export async function runCollect(o: CollectOptions): Promise<void> {
  const { host, port } = parseListen(o.listen);
  const oldestMs = o.oldest === undefined ? undefined : parseOldest(o.oldest);
  const fileMode = o.mode === undefined ? 0o640 : parseFileMode(o.mode);
  const limits = {
    sourcesPerMinute: perMinute(o.maxNewSources, '--max-new-sources', DEFAULT_LIMITS.sourcesPerMinute),
    filesPerMinute: perMinute(o.maxNewFiles, '--max-new-files', DEFAULT_LIMITS.filesPerMinute),
  };
  const tokens = loadTokens(o.tokens);
  prepareDataDir(o.dataDir, fileMode | ((fileMode & 0o444) >> 2));
  const log = (line: string) => process.stderr.write(`${messagePrefix()}: ${line}\n`);
  const collector = createCollector({ dataDir: o.dataDir, tokens, fsync: o.fsync, log, oldestMs, fileMode, limits });

  // Listening for the signals before the port opens: a stop that comes early still ends cleanly.
  let stopped!: () => void;
  const stop = new Promise<void>((resolve) => (stopped = resolve));
  const signals = ['SIGINT', 'SIGTERM'] as const;
  for (const s of signals) process.on(s, stopped);
  for (const s of takeHeldSignals()) process.kill(process.pid, s);
  try {
    let address;
    try {
      address = await collector.listen(host, port);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      throw new RuntimeError(`cannot listen on ${o.listen}: ${LISTEN_ERRORS[code] ?? describeSystemError(err)}`);
    }
    log(`listening on ${hostPort(address.address, address.port)}, data in ${o.dataDir}`);
    await stop;
  } finally {
    await collector.close();
    for (const s of signals) process.off(s, stopped);
  }
}
