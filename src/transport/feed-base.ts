// What every feed does, whatever the platform's type: walk a recorder's day files in order on
// every pass, keep the position of each (saved atomically; a save that fails is reported and tried
// again), retry failed requests with backoff (Retry-After honoured; refused credentials every
// 30 s), report failures at most once a minute, and keep rows refused for good in rejected/.
// How the rows of one file go out (one a request, or batches) is each feed's own: drain().
import { appendFileSync, mkdirSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { describeSystemError } from '../core/errors.js';
import type { PlatformBase } from '../config/platforms.js';
import type { Outcome } from './http-client.js';
import { dayFiles, delimiterOf, type Line } from './raw-reader.js';
import { firstLine, isGzipped } from './line-source.js';
import { positionPath, readPosition, savePosition, savePositionAsync, type Position } from './position.js';
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

export function sizeOf(path: string): number | undefined {
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

/** 1500 -> "1.5 s", 60000 -> "60 s". */
function formatWait(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

export type DrainResult = 'sent' | 'idle' | 'failed';

export abstract class FeedBase {
  private lastReport = 0;
  protected lastSave = 0;
  private lastSaveReport = 0;
  protected readonly label: string;
  /** What a 401 or 403 asks to check. */
  protected credentialWords = 'token';
  /** The header line of each day file, once it has one. */
  private readonly headers = new Map<string, string>();
  /** Compressed day files delivered to their end: a .gz is never written again. */
  private readonly finished = new Set<string>();
  /** A position that could not be saved (a full disk): the fault, reported at most once a minute. */
  private saveFault: string | undefined;
  /** The day file being delivered and its position, where a failure is recorded for --status. */
  protected current: { posFile: string; pos: Position } | undefined;
  /**
   * Where delivery stands in each day file, by position file: read from the disk once, then kept
   * here, so that a position the disk would not save is not read back stale at the next pass,
   * which would send its rows again and again, as fast as they are acknowledged.
   */
  private readonly positions = new Map<string, Position>();

  constructor(
    protected readonly platform: PlatformBase,
    protected readonly recorder: string,
    protected readonly ctx: FeedContext,
  ) {
    this.label = `${platform.name}/${recorder}`;
  }

  /** Sends what is after the position in one file. */
  protected abstract drain(path: string, posFile: string, pos: Position): Promise<DrainResult>;

  /** Delivers until stopped, or with maxAttempts until caught up; true if nothing is left undelivered. */
  async run(): Promise<boolean> {
    const { logDir, stop } = this.ctx;
    while (!stop.stopped) {
      const files = dayFiles(logDir, this.recorder);
      const listed = new Set(files.map((file) => positionPath(logDir, this.platform.name, file)));
      for (const posFile of this.positions.keys()) if (!listed.has(posFile)) this.positions.delete(posFile);
      let progressed = false;
      for (const [i, file] of files.entries()) {
        if (this.finished.has(file)) continue;
        const later = i < files.length - 1;
        const path = `${logDir}/${file}`;
        const posFile = positionPath(logDir, this.platform.name, file);
        const pos = this.positions.get(posFile) ?? readPosition(posFile);
        this.positions.set(posFile, pos);
        let outcome: DrainResult;
        try {
          this.current = { posFile, pos };
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

  /** Nothing new since the position: the usual case of a caught-up sender, seen without reading. */
  protected nothingNew(path: string, pos: Position): boolean {
    return !isGzipped(path) && pos.offset > 0 && sizeOf(path) === pos.offset;
  }

  /** The header line of a day file (undefined while it has none); kept, as it is written once. */
  protected async headerOf(path: string): Promise<string | undefined> {
    let header = this.headers.get(path);
    if (header === undefined) {
      header = await firstLine(path);
      if (header !== undefined) this.headers.set(path, header);
    }
    return header;
  }

  protected async delimiterOf(path: string): Promise<string> {
    return delimiterOf((await this.headerOf(path)) ?? 'timestamp,');
  }

  /**
   * Sends until the platform answers for good: ok, or a refusal. Transient failures wait (backoff,
   * Retry-After, 30 s for refused credentials) and are counted; 'failed' when stopped or, with
   * --once, given up.
   */
  protected async withRetries(send: () => Promise<Outcome>): Promise<Outcome | 'failed'> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await send();
      if (outcome.kind === 'ok' || outcome.kind === 'reject') return outcome;
      if (this.ctx.counters) this.ctx.counters.retries++;
      const fault = outcome.kind === 'auth' ? `authentication refused (${outcome.why}): check the ${this.credentialWords}` : `delivery failed (${outcome.why})`;
      // --once: refused credentials or a wrong path will not mend themselves within the run; other failures get a few tries.
      const lasting = outcome.kind === 'auth' || outcome.kind === 'misdirected';
      const giveUp = this.ctx.maxAttempts !== undefined && (lasting || attempt + 1 >= this.ctx.maxAttempts);
      const wait = lasting ? AUTH_RETRY_MS : Math.min(MAX_BACKOFF_MS, outcome.retryAfterMs ?? backoffMs(attempt));
      this.note(fault, giveUp ? 'left for the next run' : `retrying in ${formatWait(wait)}`, giveUp);
      if (this.ctx.stop.stopped || giveUp) return 'failed';
      await this.ctx.stop.sleep(wait);
      if (this.ctx.stop.stopped) return 'failed';
    }
  }

  /**
   * Saves the position; when it cannot be saved (a full disk), delivery goes on with the position
   * in memory, the fault is reported at most once a minute, and the next save tries again: a crash
   * meanwhile resends from the last saved position.
   */
  protected save(posFile: string, pos: Position): boolean {
    this.lastSave = Date.now();
    try {
      savePosition(posFile, pos);
    } catch (err) {
      return this.saveFailed(posFile, err);
    }
    return this.saved();
  }

  /** save() with its fsyncs off the event loop. */
  protected async saveAsync(posFile: string, pos: Position): Promise<boolean> {
    this.lastSave = Date.now();
    try {
      // A copy: the position goes on moving while it is written.
      await savePositionAsync(posFile, { ...pos });
    } catch (err) {
      return this.saveFailed(posFile, err);
    }
    return this.saved();
  }

  private saveFailed(posFile: string, err: unknown): false {
    // The fault, not the file, decides when to tell again: a full disk refuses every day's file.
    const fault = describeSystemError(err);
    if (fault !== this.saveFault || this.lastSave - this.lastSaveReport >= REPORT_EVERY_MS) {
      this.ctx.log(`${this.label}: cannot save the position in ${posFile}: ${fault}; delivering on, and trying again`);
      this.lastSaveReport = this.lastSave;
    }
    this.saveFault = fault;
    return false;
  }

  private saved(): true {
    if (this.saveFault !== undefined) {
      this.ctx.log(`${this.label}: the position is saved again`);
      this.saveFault = undefined;
    }
    return true;
  }

  /**
   * Reports a failure and what comes next at most once a minute per feed (an outage must not flood the log), and
   * records it with the position for `sdr send --status`.
   */
  protected note(message: string, plan: string, final = false): void {
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

  /** Rows the platform refused for good: kept, with the status and reason, beside the raw files. */
  protected quarantine(path: string, lines: Line[], status: number, why: string): void {
    const dir = `${this.ctx.logDir}/rejected`;
    const file = `${dir}/${basename(path).replace(/\.gz$/, '')}`;
    const rows = lines.length === 1 ? 'row' : `${lines.length} rows`;
    if (this.ctx.counters) this.ctx.counters.rejected += lines.length;
    try {
      mkdirSync(dir, { recursive: true });
      appendFileSync(file, csvLines(lines.map((line) => [String(status), why, line.text]), ','));
      this.ctx.log(`${this.label}: ${rows} refused (${status} ${why}): kept in ${file}`);
    } catch (err) {
      // The rows stay in the raw file they came from, which is kept until delivered.
      this.ctx.log(`${this.label}: ${rows} refused (${status} ${why}), and ${lines.length === 1 ? 'it' : 'they'} cannot be kept in ${file}: ` +
        `${describeSystemError(err)}; ${lines.length === 1 ? 'it stays' : 'they stay'} in ${basename(path)}`);
    }
  }
}
