// One recorder's raw files delivered to an engine (influx, remote-write) in batches: up to 5,000
// rows or about 1 MiB a request, one request in flight (the next batch is read and encoded
// meanwhile), the position saved past each acknowledged batch before the next is sent. A crash
// therefore resends at most the batch that was in flight, which the engines take as the same
// points again (README: "Sent twice, stored once").
//
// Answers: retried with backoff (5xx, 408, 429, Retry-After; 401/403 every 30 s; 404, a wrong
// database or path, every 30 s too, and given up at once by --once); 413 halves the batch until it fits; any other refusal moves
// the batch's rows to rejected/ with the engine's reason. Rows that do not fit their header are
// refused alone, the rest of their batch goes.
import type { EnginePlatform } from '../config/platforms.js';
import { columnsOfHeader, recorderMapping, type Column } from '../output/metric-mapping.js';
import { newRowPoint, rowPoint, RowFault, type RowPoint } from '../output/row-point.js';
import type { HttpClient, Outcome } from './http-client.js';
import { splitCsvLine, delimiterOf, type Line } from './raw-reader.js';
import { lineChunks } from './line-source.js';
import type { Position } from './position.js';
import { FeedBase, type DrainResult, type FeedContext } from './feed-base.js';
import { engineFormat, type EngineFormat, type Encoder } from './engine-format.js';

export const BATCH_ROWS = 5000;
export const BATCH_BYTES = 1024 * 1024;


interface Batch {
  encoder: Encoder;
  /** The batch's rows are the file's bytes [from, to): read again only for a refusal or a 413. */
  from: number;
  to: number;
  rows: number;
  /** Rows that do not fit their header, with the fault. */
  unreadable: { line: Line; why: string }[];
}

interface Segment {
  lines: Line[];
  refusal?: { status: number; why: string };
}

export class EngineFeed extends FeedBase {
  private readonly format: EngineFormat;

  constructor(private readonly engine: EnginePlatform, recorder: string, private readonly client: HttpClient, ctx: FeedContext,
    private readonly limits = { rows: BATCH_ROWS, bytes: BATCH_BYTES }) {
    super(engine, recorder, ctx);
    this.credentialWords = 'credentials';
    this.format = engineFormat(engine, recorderMapping(recorder));
  }

  private newBatch(from: number): Batch {
    return { encoder: this.format.encoder(), from, to: from, rows: 0, unreadable: [] };
  }

  protected async drain(path: string, posFile: string, pos: Position): Promise<DrainResult> {
    if (this.nothingNew(path, pos)) return 'idle';
    const header = await this.headerOf(path);
    if (header === undefined) return 'idle';
    const delimiter = delimiterOf(header);
    const columns = columnsOfHeader(recorderMapping(this.recorder), splitCsvLine(header, delimiter));
    const stop = this.ctx.stop;
    let batch: Batch | undefined;
    let inFlight: Promise<boolean> | undefined;
    let failed = false;
    let sent = false;
    const point = newRowPoint();
    const settle = async () => {
      if (inFlight !== undefined && !(await inFlight)) failed = true;
      inFlight = undefined;
    };
    const flush = async () => {
      await settle();
      if (failed || batch === undefined || batch.rows === 0) return;
      const full = batch;
      batch = undefined;
      inFlight = this.deliver(full, columns, delimiter, path, posFile, pos).then((ok) => (sent ||= ok, ok));
    };
    let headerSkipped = pos.offset > 0;
    // Where the next line begins.
    let start = pos.offset;
    reading: for await (const chunk of lineChunks(path, pos.offset)) {
      let lines = chunk;
      if (!headerSkipped) {
        pos.offset = start = lines[0].end; // the header line is not a row
        lines = lines.slice(1);
        headerSkipped = true;
      }
      for (const line of lines) {
        if (failed || stop.stopped) break reading;
        const p = this.pointOf(columns, line, delimiter, point);
        if (p !== undefined && batch !== undefined && !batch.encoder.accepts(p)) await flush();
        if (failed) break reading;
        batch ??= this.newBatch(start);
        if (p === undefined) batch.unreadable.push(this.lastFault!);
        else batch.encoder.add(p);
        batch.rows++;
        batch.to = start = line.end;
        if (batch.rows >= this.limits.rows || batch.encoder.bytes >= this.limits.bytes) await flush();
      }
    }
    if (!failed && !stop.stopped) await flush();
    await settle();
    // Each acknowledged batch saved the position; a failure records where it stopped.
    if (failed) this.save(posFile, pos);
    return failed ? 'failed' : sent ? 'sent' : 'idle';
  }

  private lastFault: { line: Line; why: string } | undefined;

  /** The row's point (in `into`), or undefined with the fault in lastFault. */
  private pointOf(columns: Column[], line: Line, delimiter: string, into: RowPoint): RowPoint | undefined {
    let fields: string[];
    try {
      fields = splitCsvLine(line.text, delimiter);
    } catch (err) {
      this.lastFault = { line, why: `unreadable row: ${(err as Error).message}` };
      return undefined;
    }
    try {
      return rowPoint(columns, fields, into);
    } catch (err) {
      if (!(err instanceof RowFault)) throw err;
      this.lastFault = { line, why: `unreadable row: ${err.message}` };
      return undefined;
    }
  }

  /** The lines of the file's bytes [from, to), read again. */
  private async linesOf(path: string, from: number, to: number): Promise<Line[]> {
    const out: Line[] = [];
    for await (const chunk of lineChunks(path, from)) {
      for (const line of chunk) {
        if (line.end > to) return out;
        out.push(line);
      }
      if (chunk[chunk.length - 1].end >= to) break;
    }
    return out;
  }

  /** Sends a batch and moves the position past it; false when it could not go (stopped, or --once gave up). */
  private async deliver(batch: Batch, columns: Column[], delimiter: string, path: string, posFile: string, pos: Position): Promise<boolean> {
    const segments = await this.sendBatch(batch, columns, delimiter, path);
    if (segments === 'failed') return false;
    // Kept before the position moves past them: a crash in between keeps them twice, never not at all.
    for (const u of batch.unreadable) this.quarantine(path, [u.line], 0, u.why);
    let delivered = 0;
    let refused = batch.unreadable.length;
    for (const s of segments) {
      if (s.refusal === undefined) {
        delivered += s.lines.length;
        continue;
      }
      this.quarantine(path, s.lines, s.refusal.status, s.refusal.why);
      refused += s.lines.length;
      pos.lastRejection = `${s.refusal.status} ${s.refusal.why}`;
      pos.lastRejectionAt = Date.now();
    }
    if (this.ctx.counters) this.ctx.counters.sent += delivered;
    pos.offset = batch.to;
    pos.rows += batch.rows;
    if (refused > 0) pos.skipped = (pos.skipped ?? 0) + refused;
    if (delivered > 0 || refused === 0) pos.lastSuccess = Date.now();
    // Saved at every batch, before the next goes: a crash resends at most the batch in flight.
    await this.saveAsync(posFile, pos);
    return true;
  }

  /**
   * Posts the batch; what the engine did with which rows. A refusal reads the rows again to keep
   * them; 413 reads them again to send them in halves.
   */
  private async sendBatch(batch: Batch, columns: Column[], delimiter: string, path: string): Promise<Segment[] | 'failed'> {
    const sendable = batch.rows - batch.unreadable.length;
    const lines = async () => {
      const bad = new Set(batch.unreadable.map((u) => u.line.end));
      return (await this.linesOf(path, batch.from, batch.to)).filter((l) => !bad.has(l.end));
    };
    if (sendable === 0) return [];
    const outcome = await this.post(batch.encoder);
    if (outcome === 'failed') return 'failed';
    if (outcome.kind === 'ok') return [{ lines: new Array<Line>(sendable) }];
    if (outcome.kind === 'reject' && outcome.status === 413 && sendable > 1) {
      const items = (await lines()).map((line) => ({ line, point: rowPoint(columns, splitCsvLine(line.text, delimiter)) }));
      return this.halves(items);
    }
    return [{ lines: await lines(), refusal: this.refusalOf(outcome) }];
  }

  private refusalOf(outcome: Outcome): Segment['refusal'] {
    return outcome.kind === 'reject' ? { status: outcome.status, why: outcome.why } : { status: 0, why: 'refused' };
  }

  /** 413: the rows in halves, each halved again while it is still too large. */
  private async halves(items: { line: Line; point: RowPoint }[]): Promise<Segment[] | 'failed'> {
    const half = Math.ceil(items.length / 2);
    const out: Segment[] = [];
    for (const part of [items.slice(0, half), items.slice(half)]) {
      const encoder = this.format.encoder();
      for (const i of part) encoder.add(i.point);
      const outcome = await this.post(encoder);
      if (outcome === 'failed') return 'failed';
      if (outcome.kind === 'reject' && outcome.status === 413 && part.length > 1) {
        const inner = await this.halves(part);
        if (inner === 'failed') return 'failed';
        out.push(...inner);
      } else {
        out.push({ lines: part.map((i) => i.line), refusal: outcome.kind === 'ok' ? undefined : this.refusalOf(outcome) });
      }
    }
    return out;
  }

  /** Encodes and posts, with the retries of every feed; an empty request is acknowledged at once. */
  private async post(encoder: Encoder): Promise<Outcome | 'failed'> {
    const request = await encoder.finish();
    if (request === undefined) return { kind: 'ok' };
    return this.withRetries(() => this.postOnce(request.path, request.body));
  }

  private async postOnce(path: string, body: Buffer): Promise<Outcome> {
    const outcome = await this.client.post(path, body, this.format.headers, this.ctx.stop.signal);
    if (outcome.kind === 'reject' && (outcome.status === 404 || outcome.status === 405)) {
      return { kind: 'misdirected', why: `${outcome.status} ${outcome.why}: check the url${this.engine.type === 'influx' ? ', database, org and bucket' : ''}` };
    }
    return outcome;
  }
}
