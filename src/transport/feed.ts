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
import { appendFileSync, mkdirSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { describeSystemError } from '../core/errors.js';
import type { PlatformConfig } from '../config/config.js';
import type { Outcome, PlatformClient } from './http-client.js';
import { dayFiles, delimiterOf, splitCsvLine, type Line } from './raw-reader.js';
import { firstLine, isGzipped, lineChunks } from './line-source.js';
import { positionPath, readPosition, savePosition, type Position } from './position.js';
import { bodyOf, hasDevid, headOf, msgidOf } from './wire.js';
import { csvLines } from '../output/csv.js';
import type { Stopper } from './stopper.js';

export interface FeedContext {
  logDir: string;
  hostDsid: string;
  os: string;
  /** --once: give up on a row after this many failed attempts (undefined: never give up). */
  maxAttempts?: number;
  log: (message: string) => void;
  stop: Stopper;
  /** Rows sent at once. */
  batch?: number;
  /** Counted for sdrrec when given. */
  counters?: DeliveryCounters;
}

/** What a sender did, counted since start: `sdr run` records the change each interval. */
export interface DeliveryCounters {
  /** Rows acknowledged. */
  sent: number;
  /** Failed attempts that will be tried again. */
  retries: number;
  /** Rows refused and moved to rejected/. */
  rejected: number;
}

const MAX_BACKOFF_MS = 60_000;
const AUTH_RETRY_MS = 30_000;
const REPORT_EVERY_MS = 60_000;
const SAVE_EVERY_MS = 1000;

function sizeOf(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined; // gone (compressed, removed): the next listing tells
  }
}

export function backoffMs(attempt: number, random = Math.random()): number {
  const base = Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempt);
  return Math.round(base / 2 + (base / 2) * random); // "equal jitter": never less than half
}

type Result = 'delivered' | 'quarantined' | 'failed';

export class Feed {
  private lastReport = 0;
  private lastSave = 0;
  private readonly label: string;
  /** msgid:sid:dsid[:devid] of every row this feed sends. */
  private readonly head: string;
  /** The delimiter of each day file, from its header. */
  private readonly delimiters = new Map<string, string>();
  /** Compressed day files delivered to their end: a .gz is never written again. */
  private readonly finished = new Set<string>();
  /** Rows of the file being drained that were refused for good, by row number: later rows' numbers among the stored skip them. */
  private refusedInDrain: number[] = [];
  /** A position that could not be saved (a full disk): the fault, reported at most once a minute. */
  private saveFault: string | undefined;
  /** The day file being delivered and its position, where a failure is recorded for --status. */
  private current: { posFile: string; pos: Position } | undefined;

  constructor(
    private readonly platform: PlatformConfig,
    private readonly recorder: string,
    private readonly client: PlatformClient,
    private readonly ctx: FeedContext,
  ) {
    this.label = `${platform.name}/${recorder}`;
    this.head = headOf({
      msgid: `${platform.msgidPrefix}${msgidOf(ctx.os, recorder)}`,
      sid: platform.subscription,
      dsid: ctx.hostDsid,
      devid: hasDevid(recorder) ? 'system' : undefined,
    });
  }

  /** Delivers until stopped, or with maxAttempts until caught up; true if nothing is left undelivered. */
  async run(): Promise<boolean> {
    const { logDir, stop } = this.ctx;
    while (!stop.stopped) {
      const files = dayFiles(logDir, this.recorder);
      let progressed = false;
      for (const [i, file] of files.entries()) {
        if (this.finished.has(file)) continue;
        const later = i < files.length - 1;
        const path = `${logDir}/${file}`;
        const posFile = positionPath(logDir, this.platform.name, file);
        const pos = readPosition(posFile);
        let outcome: Awaited<ReturnType<Feed['drain']>>;
        try {
          outcome = await this.drain(path, posFile, pos);
        } catch (err) {
          // A file that cannot be read now (EIO, EMFILE, compressed meanwhile): the next pass
          // tries again from the position, which only acknowledged rows have moved.
          this.note(`cannot read ${file}: ${describeSystemError(err)}`, 'trying again');
          if (this.ctx.maxAttempts !== undefined) return false;
          await stop.sleep(1000);
          break;
        }
        if (outcome === 'failed') return false;
        if (outcome === 'sent') progressed = true;
        if (stop.stopped) return true;
        // An older day may still grow (a clock stepped back writes into it again): only a
        // compressed one is done with. The others cost a stat a pass once delivered.
        if (later && isGzipped(file)) this.finished.add(file);
      }
      if (!progressed) {
        if (this.ctx.maxAttempts !== undefined) return true; // --once: caught up
        await stop.sleep(1000);
      }
    }
    return true;
  }

  /**
   * Sends what is after the position in one file; 'sent' if any row went, 'idle' if none was there.
   * Up to `batch` rows are in flight at once, as a sliding window over the file: the oldest is
   * awaited before the next is sent, so the position moves row by row past acknowledged rows, and
   * the connections never wait for the slowest of a batch.
   */
  private async drain(path: string, posFile: string, pos: Position): Promise<'sent' | 'idle' | 'failed'> {
    this.current = { posFile, pos };
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
    // Nothing new since the position: the usual case of a caught-up sender, seen without reading.
    if (!isGzipped(path) && pos.offset > 0 && sizeOf(path) === pos.offset) return 'idle';
    let delimiter = this.delimiters.get(path);
    if (delimiter === undefined) {
      const header = await firstLine(path);
      delimiter = delimiterOf(header ?? 'timestamp,');
      // A header is written once per file: kept, it is not read again at every poll.
      if (header !== undefined) this.delimiters.set(path, delimiter);
    }
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

  /**
   * Saves the position; when it cannot be saved (a full disk), delivery goes on with the position
   * in memory, the fault is reported at most once a minute, and the next save tries again: a crash
   * meanwhile resends from the last saved position, which the collector stores once.
   */
  private save(posFile: string, pos: Position): boolean {
    this.lastSave = Date.now();
    try {
      savePosition(posFile, pos);
    } catch (err) {
      const fault = `cannot save the position in ${posFile}: ${describeSystemError(err)}`;
      if (fault !== this.saveFault || this.lastSave - this.lastSaveReport >= REPORT_EVERY_MS) {
        this.ctx.log(`${this.label}: ${fault}; delivering on, and trying again`);
        this.lastSaveReport = this.lastSave;
      }
      this.saveFault = fault;
      return false;
    }
    if (this.saveFault !== undefined) {
      this.ctx.log(`${this.label}: the position is saved again`);
      this.saveFault = undefined;
    }
    return true;
  }

  private lastSaveReport = 0;

  private async deliver(line: Line, delimiter: string, path: string, row: number, place: () => number): Promise<Result> {
    let body: string;
    try {
      body = bodyOf(this.head, splitCsvLine(line.text, delimiter));
    } catch (err) {
      this.refusedInDrain.push(row);
      this.quarantine(path, line, 0, `unreadable row: ${(err as Error).message}`);
      return 'quarantined';
    }
    const file = basename(path).replace(/\.gz$/, '');
    for (let attempt = 0; ; attempt++) {
      const outcome: Outcome = await this.client.send(body, this.ctx.stop.signal, { 'x-sdr-file': file, 'x-sdr-row': String(place()) });
      if (outcome.kind === 'ok') return 'delivered';
      if (outcome.kind === 'reject') {
        this.refusedInDrain.push(row);
        this.quarantine(path, line, outcome.status, outcome.why);
        return 'quarantined';
      }
      if (this.ctx.counters) this.ctx.counters.retries++;
      const fault = outcome.kind === 'auth' ? `authentication refused (${outcome.why}): check the token` : `delivery failed (${outcome.why})`;
      // --once: a refused token will not mend itself within the run; other failures get a few tries.
      const giveUp = this.ctx.maxAttempts !== undefined && (outcome.kind === 'auth' || attempt + 1 >= this.ctx.maxAttempts);
      const wait = outcome.kind === 'auth' ? AUTH_RETRY_MS : Math.min(MAX_BACKOFF_MS, outcome.retryAfterMs ?? backoffMs(attempt));
      this.note(fault, giveUp ? 'left for the next run' : `retrying in ${formatWait(wait)}`, giveUp);
      if (this.ctx.stop.stopped || giveUp) return 'failed';
      await this.ctx.stop.sleep(wait);
      if (this.ctx.stop.stopped) return 'failed';
    }
  }

  /**
   * Reports a failure and what comes next at most once a minute per feed (an outage must not flood the log), and
   * records it with the position for `sdr send --status`.
   */
  private note(message: string, plan: string, final = false): void {
    const now = Date.now();
    // The last word of a run that gives up is always said: it is why the run exits 1.
    if (now - this.lastReport < REPORT_EVERY_MS && !final) return;
    this.lastReport = now;
    this.ctx.log(`${this.label}: ${message}; ${plan}`);
    if (this.current) {
      // Kept without the plan: --status tells of it later, when "retrying" may no longer hold.
      this.current.pos.lastError = message;
      this.current.pos.lastErrorAt = now;
      this.save(this.current.posFile, this.current.pos);
    }
  }

  /** A row the platform refused for good: kept, with the status and reason, beside the raw files. */
  private quarantine(path: string, line: Line, status: number, why: string): void {
    const dir = `${this.ctx.logDir}/rejected`;
    const file = `${dir}/${basename(path).replace(/\.gz$/, '')}`;
    if (this.ctx.counters) this.ctx.counters.rejected++;
    try {
      mkdirSync(dir, { recursive: true });
      appendFileSync(file, csvLines([[String(status), why, line.text]], ','));
      this.ctx.log(`${this.label}: row refused (${status} ${why}): kept in ${file}`);
    } catch (err) {
      // The row stays in the raw file it came from, which is kept until delivered.
      this.ctx.log(`${this.label}: row refused (${status} ${why}), and it cannot be kept in ${file}: ` +
        `${describeSystemError(err)}; it stays in ${basename(path)}`);
    }
  }
}

/** 1500 -> "1.5 s", 60000 -> "60 s". */
function formatWait(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
