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
import { rowPoint, RowFault, type RowPoint } from '../output/row-point.js';
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
  /** Every row of the batch, in order; the last one's end is where the position moves. */
  lines: Line[];
  /** The rows that made points, with their points (for halving on 413). */
  sendable: { line: Line; point: RowPoint }[];
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

  private newBatch(): Batch {
    return { encoder: this.format.encoder(), lines: [], sendable: [], unreadable: [] };
  }

  protected async drain(path: string, posFile: string, pos: Position): Promise<DrainResult> {
    if (this.nothingNew(path, pos)) return 'idle';
    const header = await this.headerOf(path);
    if (header === undefined) return 'idle';
    const delimiter = delimiterOf(header);
    const columns = columnsOfHeader(recorderMapping(this.recorder), splitCsvLine(header, delimiter));
    const stop = this.ctx.stop;
    let batch = this.newBatch();
    let inFlight: Promise<boolean> | undefined;
    let failed = false;
    let sent = false;
    const settle = async () => {
      if (inFlight !== undefined && !(await inFlight)) failed = true;
      inFlight = undefined;
    };
    const flush = async () => {
      await settle();
      if (failed || batch.lines.length === 0) return;
      const full = batch;
      batch = this.newBatch();
      inFlight = this.deliver(full, path, posFile, pos).then((ok) => (sent ||= ok, ok));
    };
    let headerSkipped = pos.offset > 0;
    reading: for await (const chunk of lineChunks(path, pos.offset)) {
      let lines = chunk;
      if (!headerSkipped) {
        pos.offset = lines[0].end; // the header line is not a row
        lines = lines.slice(1);
        headerSkipped = true;
      }
      for (const line of lines) {
        if (failed || stop.stopped) break reading;
        const point = this.pointOf(columns, line, delimiter, batch);
        if (point !== undefined && !batch.encoder.accepts(point)) await flush();
        if (failed) break reading;
        batch.lines.push(line);
        if (point !== undefined) {
          batch.encoder.add(point);
          batch.sendable.push({ line, point });
        }
        if (batch.lines.length >= this.limits.rows || batch.encoder.bytes >= this.limits.bytes) await flush();
      }
    }
    if (!failed && !stop.stopped) await flush();
    await settle();
    if (sent || failed) this.save(posFile, pos);
    return failed ? 'failed' : sent ? 'sent' : 'idle';
  }

  /** The row's point, or undefined with the row noted as unreadable in the batch. */
  private pointOf(columns: Column[], line: Line, delimiter: string, batch: Batch): RowPoint | undefined {
    let fields: string[];
    try {
      fields = splitCsvLine(line.text, delimiter);
    } catch (err) {
      batch.unreadable.push({ line, why: `unreadable row: ${(err as Error).message}` });
      return undefined;
    }
    try {
      return rowPoint(columns, fields);
    } catch (err) {
      if (!(err instanceof RowFault)) throw err;
      batch.unreadable.push({ line, why: `unreadable row: ${err.message}` });
      return undefined;
    }
  }

  /** Sends a batch and moves the position past it; false when it could not go (stopped, or --once gave up). */
  private async deliver(batch: Batch, path: string, posFile: string, pos: Position): Promise<boolean> {
    const segments = await this.send(batch.sendable, batch.encoder);
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
    pos.offset = batch.lines[batch.lines.length - 1].end;
    pos.rows += batch.lines.length;
    if (refused > 0) pos.skipped = (pos.skipped ?? 0) + refused;
    if (delivered > 0 || refused === 0) pos.lastSuccess = Date.now();
    // Saved at every batch: a crash resends at most the batch in flight.
    this.save(posFile, pos);
    return true;
  }

  /** Posts the points (encoded by `encoder`, or anew for a half); 413 halves them until they fit. */
  private async send(items: Batch['sendable'], encoder?: Encoder): Promise<Segment[] | 'failed'> {
    const lines = items.map((i) => i.line);
    if (items.length === 0) return [{ lines }];
    if (encoder === undefined) {
      encoder = this.format.encoder();
      for (const i of items) encoder.add(i.point);
    }
    const request = await encoder.finish();
    if (request === undefined) return [{ lines }];
    const outcome = await this.withRetries(() => this.post(request.path, request.body));
    if (outcome === 'failed') return 'failed';
    if (outcome.kind === 'ok') return [{ lines }];
    if (outcome.kind === 'reject' && outcome.status === 413 && items.length > 1) {
      const half = Math.ceil(items.length / 2);
      const first = await this.send(items.slice(0, half));
      if (first === 'failed') return 'failed';
      const second = await this.send(items.slice(half));
      return second === 'failed' ? 'failed' : [...first, ...second];
    }
    return [{ lines, refusal: outcome.kind === 'reject' ? { status: outcome.status, why: outcome.why } : { status: 0, why: 'refused' } }];
  }

  private async post(path: string, body: Buffer): Promise<Outcome> {
    const outcome = await this.client.post(path, body, this.format.headers, this.ctx.stop.signal);
    if (outcome.kind === 'reject' && (outcome.status === 404 || outcome.status === 405)) {
      return { kind: 'misdirected', why: `${outcome.status} ${outcome.why}: check the url${this.engine.type === 'influx' ? ', database, org and bucket' : ''}` };
    }
    return outcome;
  }
}
