// `sdr run`: every recorder of the config in one process, each on its own schedule, writing raw
// files, with the sender when platforms are configured, sdrrec recording how all of it goes, and
// old files compressed and removed. SIGHUP reloads the config: only the recorders whose settings
// changed are stopped or started, so the others do not lose a row; the sender restarts from its
// saved positions. SIGTERM/SIGINT finish the rows being written, save the positions, and return.
import { isDeepStrictEqual } from 'node:util';
import { loadConfig, type SendConfig } from '../config/config.js';
import { readHostId } from '../transport/identity.js';
import { RECORDERS } from '../recorders/index.js';
import { ensureLogDir } from '../output/raw-file.js';
import { isDiskFull } from '../core/errors.js';
import type { DeliveryCounters } from '../transport/feed-base.js';
import { lockLogDir, type LogDirLock } from './lock.js';
import { RecorderTask } from './recorder-task.js';
import { SenderTask } from './sender-task.js';
import { Retention } from './retention.js';
import { RunMetrics } from './run-metrics.js';
import { sdrrecRecorder } from './sdrrec.js';
import { SDRREC } from '../config/recorder-settings.js';

/** How long the start line waits for the recorders' first readings (a tool may take seconds). */
const START_LINE_WAIT_MS = 5000;

/** Old files are looked at on start, after a reload, and this often. */
const RETENTION_EVERY_MS = 3600_000;

export interface AgentOptions {
  configPath: string;
  env?: NodeJS.ProcessEnv;
  log: (message: string) => void;
  /** Pause before a failed recorder is tried again (tests shorten it). */
  retryMs?: number;
}

/** While the log disk is full at start: tried again this often, said this often. */
const DISK_FULL_RETRY_MS = 5000;
const DISK_FULL_TELL_MS = 60_000;

export class Agent {
  private config!: SendConfig;
  private lock: LogDirLock | undefined;
  private readonly tasks = new Map<string, RecorderTask>();
  private sender: SenderTask | undefined;
  private readonly metrics = new RunMetrics();
  /** Survive sender restarts, so sdrrec's per-interval differences stay right across a reload. */
  private readonly counters: DeliveryCounters = { sent: 0, retries: 0, rejected: 0 };
  private retentionTimer: NodeJS.Timeout | undefined;
  private retentionRun: Promise<unknown> = Promise.resolve();
  private hostId: string | undefined;
  private reloading: Promise<void> = Promise.resolve();
  private endpoint: { close(): Promise<void> } | undefined;
  /** Where /metrics is served, as "127.0.0.1:9464". */
  private serving: string | undefined;
  /**
   * Holds the event loop while the agent runs. Recorders waiting to retry (xenrec without Xen, a
   * disk that refuses the rows) wait on timers that do not, so without it an agent whose every
   * recorder is failing would find nothing left to do and end (exit 13).
   */
  private alive: NodeJS.Timeout | undefined;

  /** A signal to stop came while the start waited for room on the log disk. */
  private abandoned = false;
  private wakeStart: (() => void) | undefined;

  constructor(private readonly o: AgentOptions) {}

  /**
   * Loads the config, takes the log dir, starts everything; throws RuntimeError when it cannot.
   * false: stopped (abandonStart) before anything started.
   */
  async start(): Promise<boolean> {
    this.config = this.load();
    const lock = await this.takeLogDir(this.config.logDir);
    if (lock === undefined) return false;
    this.lock = lock;
    this.alive = setInterval(() => {}, 2 ** 31 - 1);
    try {
      await this.startMetrics();
      await this.applyRecorders();
      this.startSender();
      this.scheduleRetention();
    } catch (err) {
      // What started stops, the lock is released: the process can end with the error.
      await this.stop();
      throw err;
    }
    const recorders = await this.startedRecorders();
    this.o.log(`recording into ${this.config.logDir}: ${recorders}` +
      (this.sender ? `; sending to ${this.config.platforms.map((p) => p.name).join(', ')}` : '; no platforms: not sending') +
      (this.serving ? `; serving /metrics on ${this.serving}` : ''));
    return true;
  }

  /** Ends a start that waits for room on the log disk: a signal to stop came first. */
  abandonStart(): void {
    this.abandoned = true;
    this.wakeStart?.();
  }

  /**
   * The log dir made (and checked writable) and its lock taken. A full disk is waited out, as the
   * recorders wait out one that fills later: said at once and then once a minute, tried again
   * every few seconds; a service that exited would not be started again once the disk has room
   * (rc.d and SMF do not restart, systemd gives up after five tries). undefined: abandoned.
   */
  private async takeLogDir(dir: string): Promise<LogDirLock | undefined> {
    let toldAt = -Infinity;
    while (!this.abandoned) {
      try {
        ensureLogDir(dir);
        return lockLogDir(dir);
      } catch (err) {
        if (!isDiskFull(err)) throw err;
        if (Date.now() - toldAt >= DISK_FULL_TELL_MS) {
          this.o.log(`${(err as Error).message}: trying again every ${DISK_FULL_RETRY_MS / 1000} s until there is room`);
          toldAt = Date.now();
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, DISK_FULL_RETRY_MS);
          this.wakeStart = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeStart = undefined;
      }
    }
    return undefined;
  }

  /** The /metrics endpoint the config asks for (loaded only then: a run without it carries no HTTP server). */
  private async startMetrics(): Promise<void> {
    const address = this.config.metrics;
    if (address === undefined) return;
    const { MetricsEndpoint, addressText } = await import('./metrics-endpoint.js');
    const endpoint = new MetricsEndpoint(this.metrics);
    const bound = await endpoint.listen(address, `${this.o.configPath}: $.metrics.listen`);
    this.endpoint = endpoint;
    this.serving = addressText(bound);
  }

  private async stopMetrics(): Promise<void> {
    await this.endpoint?.close();
    this.endpoint = undefined;
    this.serving = undefined;
  }

  /**
   * "sysrec every 60 s, ...; not started: xenrec": the start line tells what records, not only what
   * was asked for, once each recorder has its first reading (or has failed, which it has told).
   */
  private async startedRecorders(): Promise<string> {
    const tasks = [...this.tasks.values()];
    let timer: NodeJS.Timeout | undefined;
    const patience = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), START_LINE_WAIT_MS);
    });
    const started = await Promise.all(tasks.map((t) => Promise.race([t.firstStart, patience])));
    clearTimeout(timer);
    const named = (want: boolean | undefined) => tasks.filter((_, i) => started[i] === want);
    const running = named(true).map((t) => `${t.setting.name} every ${t.setting.intervalSeconds} s`);
    return [
      running.length > 0 ? running.join(', ') : 'no recorder',
      ...(named(undefined).length > 0 ? [`still starting: ${named(undefined).map((t) => t.setting.name).join(', ')}`] : []),
      ...(named(false).length > 0 ? [`not started (see above): ${named(false).map((t) => t.setting.name).join(', ')}`] : []),
    ].join('; ');
  }

  private load(): SendConfig {
    return loadConfig(this.o.configPath, this.o.env ?? process.env, { requirePlatforms: false });
  }

  /** Re-reads the config; a config that does not load leaves everything as it was. */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(async () => {
      let next: SendConfig;
      try {
        next = this.load();
      } catch (err) {
        this.o.log(`reload: ${(err as Error).message}; carrying on with the config loaded before`);
        return;
      }
      if (next.logDir !== this.config.logDir) {
        this.o.log(`reload: logDir cannot change while running (${this.config.logDir}); restart sdr run to move it`);
        next = { ...next, logDir: this.config.logDir };
      }
      const before = this.config;
      this.config = next;
      if (!isDeepStrictEqual(before.metrics, next.metrics)) {
        await this.stopMetrics();
        try {
          await this.startMetrics();
        } catch (err) {
          this.o.log(`reload: ${(err as Error).message}; not serving /metrics`);
        }
      }
      if (!isDeepStrictEqual(before.roots, next.roots)) {
        // Recorders reading another root are other recorders: all of them start again.
        for (const task of this.tasks.values()) await task.stop();
        this.tasks.clear();
      }
      await this.applyRecorders();
      if (!isDeepStrictEqual(before.platforms, next.platforms)) {
        await this.sender?.stop();
        this.sender = undefined;
        this.startSender();
      }
      this.scheduleRetention();
      this.o.log(`reloaded ${this.o.configPath}: ${[...this.tasks.keys()].join(', ')}`);
    });
    return this.reloading;
  }

  /** Starts, stops or restarts recorders so that they match the config; the unchanged keep running. */
  private async applyRecorders(): Promise<void> {
    const wanted = new Map(this.config.recorders.map((s) => [s.name, s]));
    const stopping: Promise<void>[] = [];
    for (const [name, task] of this.tasks) {
      const next = wanted.get(name);
      if (next === undefined || !isDeepStrictEqual(next, task.setting)) {
        this.tasks.delete(name);
        stopping.push(task.stop());
      }
    }
    await Promise.all(stopping);
    for (const [name, setting] of wanted) {
      if (this.tasks.has(name)) continue;
      this.tasks.set(name, new RecorderTask(setting, {
        logDir: this.config.logDir,
        metrics: this.metrics,
        log: this.o.log,
        recorderOf: (n) => (n === SDRREC ? sdrrecRecorder(this.metrics) : RECORDERS.get(n)!),
        configPath: this.o.configPath,
        retryMs: this.o.retryMs,
        roots: this.config.roots,
      }));
    }
  }

  private startSender(): void {
    if (this.config.platforms.length === 0) {
      this.metrics.sender = undefined;
      return;
    }
    this.sender = new SenderTask(this.config, () => (this.hostId ??= readHostId()), this.o.log, this.counters);
    this.metrics.sender = this.sender.figures;
  }

  private scheduleRetention(): void {
    clearInterval(this.retentionTimer);
    const retention = new Retention(this.config.logDir, this.config, this.config.platforms, this.o.log);
    if (!retention.active) return;
    const sweep = () => {
      this.retentionRun = this.retentionRun.then(() => retention.sweep()).then((done) => {
        for (const a of done) this.o.log(`retention: ${a.kind === 'remove' ? 'removed' : 'compressed'} ${a.file.name}`);
      }, (err: Error) => this.o.log(`retention: ${err.message}`));
    };
    sweep();
    this.retentionTimer = setInterval(sweep, RETENTION_EVERY_MS).unref();
  }

  /** Finishes the rows being written, stops the sender (positions saved), releases the lock. */
  async stop(): Promise<void> {
    await this.reloading;
    clearInterval(this.retentionTimer);
    await Promise.all([
      ...[...this.tasks.values()].map((t) => t.stop()),
      this.sender?.stop(),
      this.stopMetrics(),
    ]);
    this.tasks.clear();
    await this.retentionRun;
    this.lock?.release();
    clearInterval(this.alive);
  }
}
