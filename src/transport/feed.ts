// One recorder's raw files delivered to one platform, row by row, in order. Rows go out in
// batches of concurrent requests; the saved position advances only past a batch's leading run of
// rows that were all acknowledged (or quarantined), so a crash resends at most one batch, which the
// collector stores once. Nothing is dropped: transient failures are retried with exponential
// backoff and jitter (capped at 60 s, Retry-After honoured), refused rows go to rejected/.
//
// Each row names its place: its day file (X-Sdr-File) and its number among the rows of that file
// the platform stores (X-Sdr-Row, from 1; rows refused for good are not counted). The collector
// stores a file's rows by that number, once each and in order, so that its file is the recorder's
// file line for line, whatever was resent, reordered by retries or written twice by the recorder.
// Every day file is looked at on every pass (a clock stepped back appends to an older day), by its
// size alone when nothing was added.
import { basename } from 'node:path';
import type { KronometrixPlatform } from '../config/platforms.js';
import type { PlatformClient } from './http-client.js';
import { splitCsvLine, type Line } from './raw-reader.js';
import { lineChunks } from './line-source.js';
import type { Position } from './position.js';
import { bodyOf, hasDevid, headOf, msgidOf } from './wire.js';
import { FeedBase, type DrainResult, type FeedContext } from './feed-base.js';

export { backoffMs, type DeliveryCounters, type FeedContext } from './feed-base.js';

const SAVE_EVERY_MS = 1000;

type Result = 'delivered' | 'quarantined' | 'failed';

export class Feed extends FeedBase {
  /** msgid:sid:dsid[:devid] of every row this feed sends. */
  private readonly head: string;
  /** Rows of the file being drained that were refused for good, by row number: later rows' numbers among the stored skip them. */
  private refusedInDrain: number[] = [];

  constructor(
    platform: KronometrixPlatform,
    recorder: string,
    private readonly client: PlatformClient,
    ctx: FeedContext,
  ) {
    super(platform, recorder, ctx);
    this.head = headOf({
      msgid: `${platform.msgidPrefix}${msgidOf(ctx.os, recorder)}`,
      sid: platform.subscription,
      dsid: ctx.hostDsid,
      devid: hasDevid(recorder) ? 'system' : undefined,
    });
  }

  /**
   * Sends what is after the position in one file; 'sent' if any row went, 'idle' if none was there.
   * Up to `batch` rows are in flight at once, as a sliding window over the file: the oldest is
   * awaited before the next is sent, so the position moves row by row past acknowledged rows, and
   * the connections never wait for the slowest of a batch.
   */
  protected async drain(path: string, posFile: string, pos: Position): Promise<DrainResult> {
    const stop = this.ctx.stop;
    const windowSize = this.ctx.batch ?? 64;
    const inFlight: { line: Line; result: Promise<Result> }[] = [];
    let failed = false;
    let sent = false;
    this.refusedInDrain = [];
    // Rows refused before this pass, and the number of the next row of the file.
    const skippedBefore = pos.skipped ?? 0;
    let rowNumber = pos.rows;
    const settleOldest = async (): Promise<void> => {
      const { line, result } = inFlight.shift()!;
      const outcome = await result;
      // Rows after a failed one may be acknowledged, but the position cannot skip the gap: they
      // are sent again next time, and the collector stores them once.
      if (outcome === 'failed') failed = true;
      if (failed) return;
      pos.offset = line.end;
      pos.rows++;
      if (outcome === 'quarantined') pos.skipped = (pos.skipped ?? 0) + 1;
      if (outcome === 'delivered' && this.ctx.counters) this.ctx.counters.sent++;
      pos.lastSuccess = Date.now();
      sent = true;
      // Two fsyncs per row would cap delivery at the disk's sync rate: the position is saved at
      // most every SAVE_EVERY_MS while rows flow, and always before stopping or waiting. A crash
      // then resends at most that much, which the collector stores once.
      if (pos.lastSuccess - this.lastSave >= SAVE_EVERY_MS) this.save(posFile, pos);
    };
    if (this.nothingNew(path, pos)) return 'idle';
    const delimiter = await this.delimiterOf(path);
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
        const row = ++rowNumber;
        // The row's number among those the platform stores, asked at each attempt: a row before
        // it refused meanwhile moves it one place up.
        const place = () => row - skippedBefore - this.refusedInDrain.filter((r) => r < row).length;
        inFlight.push({ line, result: this.deliver(line, delimiter, path, row, place) });
        if (inFlight.length >= windowSize) await settleOldest();
      }
    }
    while (inFlight.length > 0) await settleOldest();
    if (sent || failed) this.save(posFile, pos);
    return failed ? 'failed' : sent ? 'sent' : 'idle';
  }

  private async deliver(line: Line, delimiter: string, path: string, row: number, place: () => number): Promise<Result> {
    let body: string;
    try {
      body = bodyOf(this.head, splitCsvLine(line.text, delimiter));
    } catch (err) {
      this.refusedInDrain.push(row);
      this.quarantine(path, [line], 0, `unreadable row: ${(err as Error).message}`);
      return 'quarantined';
    }
    const file = basename(path).replace(/\.gz$/, '');
    const outcome = await this.withRetries(() => this.client.send(body, this.ctx.stop.signal, { 'x-sdr-file': file, 'x-sdr-row': String(place()) }));
    if (outcome === 'failed') return 'failed';
    if (outcome.kind === 'reject') {
      this.refusedInDrain.push(row);
      this.quarantine(path, [line], outcome.status, outcome.why);
      return 'quarantined';
    }
    return 'delivered';
  }
}
