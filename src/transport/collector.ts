// `sdr collect`'s server: POST /api/private/send_data, one row per request in the wire format
// (wire.ts), checked and appended to <dataDir>/<dsid>/<recorder>-YYYY-MM-DD.csv. It answers 200
// only once the row is in the file, so a sender may forget a row on 200 and resend on anything else.
// An sdr sender names each row's place (X-Sdr-File, X-Sdr-Row): the row is stored there, once and
// in order (collector-store.ts). A row from an original Kronometrix agent (no place, another
// User-Agent than sdr's) is stored as sent in a file of its layout, or kept in quarantine when no
// layout takes it, and answered 200 either way: such a sender never sends a row again
// (collector-originals.ts). A data source is written only by its own token (collector-owners.ts),
// rows of impossible dates are refused, and sources.csv says whose each is and what sent it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeSystemError } from '../core/errors.js';
import { fieldCountsOf, loadLmo, lmoNames } from '../core/lmo.js';
import { csvLines } from '../output/csv.js';
import { parseBody, recorderOf, ROW_TIMESTAMP, WireError, type Message } from './wire.js';
import { agentOf, isSdrAgent, parseOriginalBody, splitMsgid, type OriginalMessage } from './original-wire.js';
import { placeOriginal } from './collector-originals.js';
import { Quarantine, QUARANTINE_HEADER, type QuarantinedRow } from './collector-quarantine.js';
import { RowStore, StoreRefusal, type FsyncMode } from './collector-store.js';
import { Owners, Refusal, DEFAULT_LIMITS, type CreationLimits } from './collector-owners.js';
import { SourcesIndex, type SourceNote } from './collector-sources.js';
import { throttledLog } from '../core/log-throttle.js';
import type { Tokens } from './tokens.js';
import { existsSync } from 'node:fs';

export const SEND_DATA_PATH = '/api/private/send_data';
export const MAX_BODY_BYTES = 64 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rows are refused when dated before this (UTC ms)... */
export const DEFAULT_OLDEST_MS = Date.UTC(2000, 0, 1);
/** ...or more than this far ahead of the collector's clock. */
const FUTURE_MS = 86_400_000;

export interface CollectorOptions {
  dataDir: string;
  tokens: Tokens;
  fsync?: FsyncMode;
  /** The oldest date a row may have, UTC ms (default 2000-01-01). */
  oldestMs?: number;
  /** How many data sources and day files a token may create a minute. */
  limits?: CreationLimits;
  /** Of the day files (default 0640); directories get x where files have r. */
  fileMode?: number;
  /** How long a row that comes ahead of a gap waits for the rows before it (default 5 s). */
  holdMs?: number;
  /** One line per event, without a prefix; never a token. */
  log?: (line: string) => void;
  /** How often the rows kept in quarantine are reported (default a minute). */
  quarantineReportMs?: number;
  /** A request must be whole within this time, its headers within headersTimeoutMs. */
  requestTimeoutMs?: number;
  headersTimeoutMs?: number;
}

export interface Collector {
  listen(host: string, port: number): Promise<AddressInfo>;
  /** Stops accepting, lets requests in flight finish (cut off after the request timeout), syncs and closes the files. */
  close(): Promise<void>;
}

/** A request refused: its status and one-line reason (Refusal of collector-owners.ts, the same shape). */
const Rejection = Refusal;
type Rejection = Refusal;

/** A day file a sender may name: the recorder's name and a date, and a part number after a layout change. */
const DAY_FILE = /^([a-z]+)-(\d{4})-(\d{2})-(\d{2})(?:\.\d{1,4})?\.csv$/;

/** The client went away or was cut off (node has answered 408 itself): nothing to answer. */
class ClientGone extends Error {}

interface Row {
  path: string;
  header: string;
  line: string;
  /** Its number in the file, from a sender that names its rows' places. */
  row?: number;
  dsid: string;
  /** What sources.csv learns of the data source from it. */
  note: SourceNote;
  /** Set for a row kept in quarantine. */
  quarantined?: QuarantinedRow;
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
/** Directories get the x bit wherever files have r: 0640 -> 0750. */
function dirModeOf(fileMode: number): number {
  return fileMode | ((fileMode & 0o444) >> 2);
}

const header = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h);

export function createCollector(o: CollectorOptions): Collector {
  const log = o.log ?? (() => {});
  const throttled = throttledLog(log);
  const fileMode = o.fileMode ?? 0o640;
  const store = new RowStore(o.dataDir, o.fsync ?? 'interval', (line) => throttled(line.replace(/^\S+: /, ''), line),
    { dir: dirModeOf(fileMode), file: fileMode }, o.holdMs);
  const owners = new Owners(o.dataDir, o.tokens.sources, o.limits ?? DEFAULT_LIMITS, dirModeOf(fileMode));
  const sources = new SourcesIndex(o.dataDir, log);
  const quarantine = new Quarantine(o.dataDir, log, o.quarantineReportMs);
  const oldestMs = o.oldestMs ?? DEFAULT_OLDEST_MS;
  const recorders = new Map(lmoNames().map((name) => {
    const lmo = loadLmo(name);
    // A row of an earlier release has fewer fields, the first of today's: its file's header names those.
    const headers = new Map(fieldCountsOf(lmo).map((n) => [n, csvLines([lmo.fields.slice(0, n).map((f) => f.name)], ',')]));
    return [name, { headers, fieldCount: lmo.fields.length }];
  }));
  const requestTimeout = o.requestTimeoutMs ?? 10_000;
  const hostnameField = loadLmo('hdwrec').fields.findIndex((f) => f.name === 'hostname');
  let closing = false;

  /** What is wrong with a date of a row or a day file: before the oldest date, or a day ahead of this clock. */
  function dateFault(ms: number, what: string): string | undefined {
    if (ms >= oldestMs && ms <= Date.now() + FUTURE_MS) return undefined;
    return `${what} is dated ${Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : 'nowhere'}: ` +
      `before ${new Date(oldestMs).toISOString().slice(0, 10)} or more than a day ahead of this collector's clock`;
  }

  function checkDate(ms: number, what: string): void {
    const fault = dateFault(ms, what);
    if (fault !== undefined) throw new Rejection(400, fault);
  }

  /** The row a body from sdr's sender carries and where it goes, or why it is refused. */
  function check(body: Buffer, sids: ReadonlySet<string>, req: IncomingMessage, agent: string): Row {
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
    const rowHeader = recorder.headers.get(m.fields.length);
    if (rowHeader === undefined) {
      const earlier = [...recorder.headers.keys()].filter((n) => n !== recorder.fieldCount);
      throw new Rejection(400, `a ${name} row has ${recorder.fieldCount} fields${earlier.length > 0 ? ` (${earlier.join(' or ')} from an earlier sdr)` : ''}, not ${m.fields.length}`);
    }
    if (!ROW_TIMESTAMP.test(m.fields[0])) throw new Rejection(400, 'the timestamp is not a number of seconds');
    // One row, one line: raw files are read (and repaired after a crash) line by line.
    if (m.fields.some((f) => /[\r\n]/.test(f))) throw new Rejection(400, 'a field holds a line break');
    checkDate(Number(m.fields[0]) * 1000, 'the row');
    const dsid = m.dsid.toLowerCase();
    const line = csvLines([m.fields], ',');
    const note: SourceNote = {
      os: splitMsgid(m.msgid)?.os ?? m.msgid.replace(/-[a-z]+$/, ''), subscription: m.sid, recorder: name, agent, layout: 'sdr',
      timestamp: Number(m.fields[0]), host: name === 'hdwrec' ? m.fields[hostnameField] : undefined,
    };
    const file = header(req.headers['x-sdr-file']);
    if (file === undefined) {
      // An sdr sender that names no place: the file by the row's date, deduped on its text. That
      // file holds today's layout: a row of an earlier one has no place in it.
      if (m.fields.length !== recorder.fieldCount) {
        throw new Rejection(400, `a ${name} row of ${m.fields.length} fields (an earlier sdr's) needs its place (X-Sdr-File, X-Sdr-Row): send it with a newer sdr`);
      }
      return { path: store.pathOf(dsid, name, Number(m.fields[0]) * 1000), header: rowHeader, line, dsid, note };
    }
    const f = DAY_FILE.exec(file);
    if (f === null || f[1] !== name) throw new Rejection(400, `X-Sdr-File '${printable(file)}' is not a day file of ${name}`);
    checkDate(Date.UTC(Number(f[2]), Number(f[3]) - 1, Number(f[4])), `the day file ${file}`);
    const rowText = header(req.headers['x-sdr-row']) ?? '';
    if (!/^[1-9]\d{0,15}$/.test(rowText)) throw new Rejection(400, `X-Sdr-Row '${printable(rowText)}' is not a row number`);
    return { path: store.pathAt(dsid, file), header: rowHeader, line, row: Number(rowText), dsid, note };
  }

  /** The row a body from an original agent carries and where it goes: its layout's file or the quarantine. */
  function checkOriginal(body: Buffer, sids: ReadonlySet<string>, agent: string): Row {
    let m: OriginalMessage;
    try {
      m = parseOriginalBody(body.toString('utf8'));
    } catch (err) {
      if (err instanceof WireError) throw new Rejection(400, err.message);
      throw err;
    }
    if (!sids.has(m.sid)) throw new Rejection(403, `this token may not write subscription '${printable(m.sid)}'`);
    if (!UUID.test(m.dsid)) throw new Rejection(400, 'dsid is not a UUID');
    const dsid = m.dsid.toLowerCase();
    const place = placeOriginal(m, agent, o.dataDir, dsid, (ms) => dateFault(ms, 'the row'));
    if (place.kind === 'quarantine') {
      return {
        path: quarantine.pathOf(dsid), header: QUARANTINE_HEADER, line: quarantine.lineOf(place.row), dsid, quarantined: place.row,
        note: { os: place.os ?? '', subscription: m.sid, agent, quarantined: true },
      };
    }
    return {
      path: place.path, header: place.header, line: place.line, dsid,
      note: { os: place.os, subscription: m.sid, recorder: place.recorder, agent, layout: place.layout, timestamp: place.timestamp, host: place.host },
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if ((req.url ?? '').split('?')[0] !== SEND_DATA_PATH) return reply(res, 404, 'not found', closing);
    if (req.method !== 'POST') return reply(res, 405, 'method not allowed', closing, { Allow: 'POST' });
    if (closing) return reply(res, 503, 'shutting down', true);
    const entry = o.tokens.entryOf(header(req.headers.token));
    if (entry === undefined) throw new Rejection(401, 'missing or unknown token');
    // Made only when thrown: a Rejection is an Error, whose stack costs a twentieth of a request.
    const tooLarge = () => new Rejection(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
    if (Number(req.headers['content-length']) > MAX_BODY_BYTES) throw tooLarge();
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === undefined) throw tooLarge();
    // sdr's sender names each row's place and itself; any other client is an original agent.
    const agent = agentOf(req.headers['user-agent']);
    const row = req.headers['x-sdr-file'] !== undefined || isSdrAgent(agent) ? check(body, entry.sids, req, agent) : checkOriginal(body, entry.sids, agent);
    // Whose the data source is, before anything of its rows is told.
    owners.admit(row.dsid, entry.id);
    if (!store.isOpen(row.path) && !existsSync(row.path)) owners.admitNewFile(entry.id);
    let result;
    try {
      result = await store.store(row.path, row.header, row.line, row.row);
    } catch (err) {
      if (err instanceof StoreRefusal) throw new Rejection(err.status, err.message, err.status === 503 ? 1 : undefined);
      throw err;
    }
    sources.note(row.dsid, row.note);
    if (row.quarantined !== undefined) quarantine.count(row.quarantined, row.path);
    // Once closing, no connection is kept alive: the server stops as soon as the last answer is out.
    const said = row.quarantined !== undefined ? `kept in quarantine: ${row.quarantined.reason}` : result === 'duplicate' ? 'already stored' : 'stored';
    reply(res, 200, said, closing);
  }

  const server = createServer({ requestTimeout, headersTimeout: o.headersTimeoutMs ?? Math.min(5_000, requestTimeout), connectionsCheckingInterval: 500 }, (req, res) => {
    handle(req, res).catch((err) => {
      const from = req.socket.remoteAddress ?? 'a client';
      if (err instanceof Rejection) {
        // Rows that wait for the row before them are no fault worth a line: the sender sends again.
        if (err.status !== 503 || !/came ahead of row/.test(err.reason)) {
          throttled(`${err.status} ${err.reason.replace(/[0-9a-f-]{36}|\d+/g, '#')}`, `refused a request from ${from}: ${err.status} ${printable(err.reason)}`);
        }
        // The rest of an oversized body is not worth reading: the connection ends after the answer.
        reply(res, err.status, err.reason, closing || err.status === 413,
          err.retryAfterS !== undefined ? { 'Retry-After': String(err.retryAfterS) } : {});
      } else if (!(err instanceof ClientGone)) {
        throttled('internal', `${(err as Error).message ?? String(err)}`);
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
      sources.close();
      quarantine.close();
    },
  };
}
