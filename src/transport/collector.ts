// `sdr collect`'s server: POST /api/private/send_data, one row per request in the wire format
// (wire.ts), checked and appended to <dataDir>/<dsid>/<recorder>-YYYY-MM-DD.csv. It answers 200
// only once the row is in the file, so a sender may forget a row on 200 and resend on anything else.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeSystemError } from '../core/errors.js';
import { loadLmo, lmoNames } from '../core/lmo.js';
import { csvLines } from '../output/csv.js';
import { parseBody, recorderOf, WireError, type Message } from './wire.js';
import { RowStore, type FsyncMode } from './collector-store.js';
import type { Tokens } from './tokens.js';

export const SEND_DATA_PATH = '/api/private/send_data';
export const MAX_BODY_BYTES = 64 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Seconds since the epoch as recorders print them; at most 11 digits keeps Date in range. */
const TIMESTAMP = /^\d{1,11}(\.\d{1,9})?$/;

export interface CollectorOptions {
  dataDir: string;
  tokens: Tokens;
  fsync?: FsyncMode;
  /** One line per event, without a prefix; never a token. */
  log?: (line: string) => void;
  /** A request must be whole within this time, its headers within headersTimeoutMs. */
  requestTimeoutMs?: number;
  headersTimeoutMs?: number;
}

export interface Collector {
  listen(host: string, port: number): Promise<AddressInfo>;
  /** Stops accepting, lets requests in flight finish (cut off after the request timeout), syncs and closes the files. */
  close(): Promise<void>;
}

class Rejection {
  constructor(readonly status: number, readonly reason: string) {}
}

/** The client went away or was cut off (node has answered 408 itself): nothing to answer. */
class ClientGone extends Error {}

interface Row {
  path: string;
  header: string;
  line: string;
}

/** Text from a client, fit for one log line. */
function printable(s: string, max = 120): string {
  const t = s.replace(/[^\x20-\x7e]/g, '?');
  return t.length > max ? `${t.slice(0, max)}...` : t;
}

/** Reads the body, at most `limit` bytes; undefined when it is longer (the rest is not kept). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        resolve(undefined);
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks));
    };
    const onGone = () => {
      done();
      reject(new ClientGone());
    };
    req.on('data', onData).on('end', onEnd).on('error', onGone).on('close', onGone);
  });
}

/** `close` ends the connection after the answer, not kept alive for another request. */
function reply(res: ServerResponse, status: number, text: string, close: boolean, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const body = `${text}\n`;
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    ...(close ? { Connection: 'close' } : {}),
    ...headers,
  });
  res.end(body);
}

/** Logs each distinct line at most once a minute, so a misbehaving client cannot flood the log. */
function rateLimited(log: (line: string) => void): (line: string) => void {
  const last = new Map<string, number>();
  return (line) => {
    const now = Date.now();
    if (now - (last.get(line) ?? -Infinity) < 60_000) return;
    if (last.size >= 1000) last.clear();
    last.set(line, now);
    log(line);
  };
}

export function createCollector(o: CollectorOptions): Collector {
  const log = o.log ?? (() => {});
  const logRejection = rateLimited(log);
  const store = new RowStore(o.dataDir, o.fsync ?? 'interval', log);
  const recorders = new Map(lmoNames().map((name) => {
    const lmo = loadLmo(name);
    return [name, { header: csvLines([lmo.fields.map((f) => f.name)], ','), fieldCount: lmo.fields.length }];
  }));
  const requestTimeout = o.requestTimeoutMs ?? 10_000;
  let closing = false;

  /** The row a body carries and where it goes, or why it is refused. */
  function check(body: Buffer, sids: ReadonlySet<string>): Row {
    let m: Message;
    try {
      m = parseBody(body.toString('utf8'));
    } catch (err) {
      if (err instanceof WireError) throw new Rejection(400, err.message);
      throw err;
    }
    if (!sids.has(m.sid)) throw new Rejection(403, `this token may not write subscription '${printable(m.sid)}'`);
    // The dsid names a directory: only a UUID, so no request can reach beyond its own.
    if (!UUID.test(m.dsid)) throw new Rejection(400, 'dsid is not a UUID');
    const name = recorderOf(m.msgid)!;
    const recorder = recorders.get(name);
    if (recorder === undefined) throw new Rejection(400, `unknown recorder '${name}'`);
    if (m.fields.length !== recorder.fieldCount) {
      throw new Rejection(400, `a ${name} row has ${recorder.fieldCount} fields, not ${m.fields.length}`);
    }
    if (!TIMESTAMP.test(m.fields[0])) throw new Rejection(400, 'the timestamp is not a number of seconds');
    // One row, one line: raw files are read (and repaired after a crash) line by line.
    if (m.fields.some((f) => /[\r\n]/.test(f))) throw new Rejection(400, 'a field holds a line break');
    return {
      path: store.pathOf(m.dsid.toLowerCase(), name, Number(m.fields[0]) * 1000),
      header: recorder.header,
      line: csvLines([m.fields], ','),
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if ((req.url ?? '').split('?')[0] !== SEND_DATA_PATH) return reply(res, 404, 'not found', closing);
    if (req.method !== 'POST') return reply(res, 405, 'method not allowed', closing, { Allow: 'POST' });
    if (closing) return reply(res, 503, 'shutting down', true);
    const token = req.headers.token;
    const sids = o.tokens.sidsOf(Array.isArray(token) ? token[0] : token);
    if (sids === undefined) throw new Rejection(401, 'missing or unknown token');
    const tooLarge = new Rejection(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
    if (Number(req.headers['content-length']) > MAX_BODY_BYTES) throw tooLarge;
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === undefined) throw tooLarge;
    const row = check(body, sids);
    const result = await store.store(row.path, row.header, row.line);
    // Once closing, no connection is kept alive: the server stops as soon as the last answer is out.
    reply(res, 200, result === 'duplicate' ? 'already stored' : 'stored', closing);
  }

  const server = createServer({ requestTimeout, headersTimeout: o.headersTimeoutMs ?? Math.min(5_000, requestTimeout), connectionsCheckingInterval: 500 }, (req, res) => {
    handle(req, res).catch((err) => {
      const from = req.socket.remoteAddress ?? 'a client';
      if (err instanceof Rejection) {
        logRejection(`refused a request from ${from}: ${err.status} ${printable(err.reason)}`);
        // The rest of an oversized body is not worth reading: the connection ends after the answer.
        reply(res, err.status, err.reason, closing || err.status === 413);
      } else if (!(err instanceof ClientGone)) {
        logRejection(`${(err as Error).message ?? String(err)}`);
        reply(res, 500, 'the row could not be stored', closing);
      }
    });
  });

  return {
    listen(host, port) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          server.on('error', (err) => log(`server error: ${describeSystemError(err)}`));
          resolve(server.address() as AddressInfo);
        });
      });
    },
    async close() {
      closing = true;
      await new Promise<void>((resolve) => {
        // A request being read may finish; one that stalls is cut off like any slow client.
        const cutOff = setTimeout(() => server.closeAllConnections(), requestTimeout).unref();
        server.close(() => {
          clearTimeout(cutOff);
          resolve();
        });
        server.closeIdleConnections();
      });
      await store.close();
    },
  };
}
