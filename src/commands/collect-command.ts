// `sdr collect`: checks the options, loads the tokens, serves until SIGINT or SIGTERM.
import { accessSync, constants } from 'node:fs';
import { RuntimeError, UsageError, describeSystemError } from '../core/errors.js';
import { messagePrefix } from '../core/warn.js';
import { createCollector } from '../transport/collector.js';
import type { FsyncMode } from '../transport/collector-store.js';
import { loadTokens } from '../transport/tokens.js';
import { makeDirectory } from '../output/make-directory.js';

export interface CollectOptions {
  listen: string;
  dataDir: string;
  tokens: string;
  fsync: FsyncMode;
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

function prepareDataDir(dir: string): void {
  try {
    makeDirectory(dir);
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
  const tokens = loadTokens(o.tokens);
  prepareDataDir(o.dataDir);
  const log = (line: string) => process.stderr.write(`${messagePrefix()}: ${line}\n`);
  const collector = createCollector({ dataDir: o.dataDir, tokens, fsync: o.fsync, log });

  // Listening for the signals before the port opens: a stop that comes early still ends cleanly.
  let stopped!: () => void;
  const stop = new Promise<void>((resolve) => (stopped = resolve));
  const signals = ['SIGINT', 'SIGTERM'] as const;
  for (const s of signals) process.on(s, stopped);
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
