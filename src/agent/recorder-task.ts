// One recorder inside `sdr run`: the same engine as `sdr <rec> -l`, stopped by the agent rather
// than by signals, watched for sdrrec, and restarted at a slow pace when it fails (xenrec on a
// host without Xen, a source that vanished), so that one recorder's trouble is its own.
import { loadLmo } from '../core/lmo.js';
import { record } from '../recording/recording.js';
import { recordingReader } from '../recording/reader.js';
import { RuntimeError, UsageError } from '../core/errors.js';
import { rowFormatter } from '../output/format.js';
import { csvLines } from '../output/csv.js';
import { RawFileSink } from '../output/raw-file.js';
import { lockRecorder } from '../output/recorder-lock.js';
import { optionDefaults, type Recorder } from '../recorders/recorder.js';
import { currentPlatform } from '../platform/index.js';
import type { RecorderSetting } from '../config/recorder-settings.js';
import { RecorderFigures, type RunMetrics } from './run-metrics.js';

/** A recorder that failed is tried again after this long. */
export const RETRY_FAILED_MS = 60_000;

export interface TaskContext {
  logDir: string;
  metrics: RunMetrics;
  log: (message: string) => void;
  /** Where a recorder's readings come from; sdrrec supplies its own. */
  recorderOf: (name: string) => Recorder<any>;
  /** The config file, named where a setting in it would cure a failure. */
  configPath?: string;
  /** Where the recorders read the system (the config's procfs, sysfs, rootfs). */
  roots?: { procfs: string; sysfs: string; rootfs: string };
  retryMs?: number;
}

export class RecorderTask {
  private stopRun: (() => void) | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;
  readonly done: Promise<void>;
  private readonly figures: RecorderFigures;
  private settleFirstStart: (started: boolean) => void = () => {};
  /** Settles true once the first run has its baseline reading, false when it failed before: for the start line. */
  readonly firstStart = new Promise<boolean>((resolve) => {
    this.settleFirstStart = resolve;
  });

  constructor(readonly setting: RecorderSetting, private readonly ctx: TaskContext) {
    this.figures = new RecorderFigures(setting.intervalSeconds);
    ctx.metrics.recorders.set(setting.name, this.figures);
    this.done = this.loop();
  }

  /** Ends the run after the sample being written; resolves once its rows are in the file. */
  stop(): Promise<void> {
    this.stopped = true;
    this.stopRun?.();
    this.wake?.();
    return this.done;
  }

  private async loop(): Promise<void> {
    const { name } = this.setting;
    let lastFailure = '';
    while (!this.stopped) {
      try {
        await this.runOnce();
        lastFailure = '';
      } catch (err) {
        // Whatever broke this recorder (a source gone, or a fault of sdr's own) is this
        // recorder's: the others go on, and this one is tried again at a slow pace.
        this.settleFirstStart(false);
        // What it last saw is no longer what the system is: not exported while it fails.
        this.ctx.metrics.setLatest(name, undefined);
        const expected = err instanceof RuntimeError || err instanceof UsageError;
        const message = expected ? err.message + this.cureInConfig(err) : `internal error: ${(err as Error)?.message ?? String(err)}`;
        const retry = this.ctx.retryMs ?? RETRY_FAILED_MS;
        // Reported when it changes, not at every retry: a host without Xen stays without Xen.
        if (message !== lastFailure) {
          this.ctx.log(`${name}: ${message}; trying again every ${retry / 1000} s`);
          if (!expected && process.env.SDR_DEBUG === '1') this.ctx.log(String((err as Error)?.stack));
        }
        lastFailure = message;
        this.figures.failed();
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, retry).unref();
        });
      }
    }
    this.ctx.metrics.recorders.delete(name);
    this.ctx.metrics.writeSources.delete(name);
    // A recorder that stopped is no longer exported.
    this.ctx.metrics.setLatest(name, undefined);
  }

  /** ", or set "xentop" in recorders.xenrec of /etc/sdr/sdr.json": the config's words for a cure. */
  private cureInConfig(err: RuntimeError | UsageError): string {
    const cure = err instanceof RuntimeError ? err.cure : undefined;
    if (cure === undefined) return '';
    return `, or set "${cure.name}" in recorders.${this.setting.name}${this.ctx.configPath ? ` of ${this.ctx.configPath}` : ''}`;
  }

  private readonly warned = new Set<string>();

  /** A bad sample is reported once per distinct message, as in a recorder's own long run. */
  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    if (this.warned.size >= 100) this.warned.clear();
    this.warned.add(message);
    this.ctx.log(`${this.setting.name}: warning: ${message}`);
  }

  private async runOnce(): Promise<void> {
    const { name, intervalSeconds, options } = this.setting;
    const recorder = this.ctx.recorderOf(name);
    const lmo = loadLmo(name);
    const lines = (records: string[][]) => csvLines(records, ',');
    const header = lines([lmo.fields.map((f) => f.name)]);
    // Not opened now: the agent checked the directory, and a recorder that cannot start (xenrec
    // without Xen) should not leave a day file holding only a header. The first row prepares it.
    const sink = new RawFileSink(this.ctx.logDir, name, header, { report: (message) => this.ctx.log(`${name}: ${message}`) });
    this.ctx.metrics.writeSources.set(name, sink);
    const roots = this.ctx.roots ?? { procfs: '/proc', sysfs: '/sys', rootfs: '/' };
    const list = options.devices ?? options.interfaces ?? options.domains;
    // What the config leaves unset takes the recorder's own default, as on its command line.
    const read = recordingReader(recorder, currentPlatform(), roots, { ...optionDefaults(recorder), ...options }, list);
    const plan = { intervalSeconds, timestampDecimals: Number.isInteger(intervalSeconds) ? 0 : 3 } as const;
    // The files of a recorder that `sdr <rec> -l` is writing are its: this task fails, is
    // reported, and tries again at its slow pace, taking over once that run has ended.
    const lock = lockRecorder(this.ctx.logDir, name);
    try {
      await record({ recorder, read, plan, sink, format: rowFormatter(lmo), lines }, {
        onStop: (stop) => {
          this.stopRun = stop;
          if (this.stopped) stop();
          return () => {
            this.stopRun = undefined;
          };
        },
        observer: this.figures,
        warn: (message) => this.warnOnce(message),
        onStarted: () => this.settleFirstStart(true),
        reportSource: (message) => this.ctx.log(`${name}: warning: ${message}`),
        onRows: (timestamp, rows) => this.ctx.metrics.setLatest(name, { timestamp, rows }),
      });
    } finally {
      lock.release();
    }
  }
}
