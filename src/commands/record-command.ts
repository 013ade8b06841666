// `sdr <recorder> [options] [interval [count]]`: checks the options, builds the sink and runs the loop.
import { normalize } from 'node:path';
import { UsageError } from '../core/errors.js';
import { loadLmo } from '../core/lmo.js';
import { parseSamplingPlan } from '../core/interval.js';
import { record } from '../recording/recording.js';
import { recordingReader } from '../recording/reader.js';
import { currentPlatform } from '../platform/index.js';
import type { Recorder } from '../recorders/recorder.js';
import { rowFormatter } from '../output/format.js';
import { csvLines } from '../output/csv.js';
import { StdoutSink } from '../output/stdout-sink.js';
import { RawFileSink, ensureLogDir } from '../output/raw-file.js';
import { lockRecorder } from '../output/recorder-lock.js';
import type { PidLock } from '../output/pid-lock.js';
import { resolveLogDir } from '../output/log-dir.js';
import type { Sink } from '../output/sink.js';

export interface RecordOptions {
  header?: boolean;
  delimiter: string;
  log?: boolean;
  logDir?: string;
  procfs?: string;
  sysfs?: string;
  rootfs?: string;
  /** A per-device recorder's list of names (--devices, --interfaces). */
  devices?: string;
  interfaces?: string;
  domains?: string;
}

export function checkDelimiter(d: string): string {
  if ([...d].length !== 1) throw new UsageError(`delimiter '${d}' must be exactly one character`);
  if (d === '"' || d === '\n' || d === '\r') throw new UsageError(`delimiter '${d === '"' ? d : 'line break'}' would break CSV quoting`);
  return d;
}

/** A root given as "/host/proc/" or "/proc/." reads the same as "/host/proc" or "/proc". */
function root(dir: string): string {
  const n = normalize(dir);
  return n.length > 1 ? n.replace(/\/+$/, '') : n;
}

export async function runRecorder(recorder: Recorder<any>, interval: string | undefined, count: string | undefined, o: RecordOptions): Promise<void> {
  const plan = parseSamplingPlan(interval, count, recorder.minIntervalSeconds);
  const delimiter = checkDelimiter(o.delimiter);
  const lmo = loadLmo(recorder.name);
  const lines = (records: string[][]) => csvLines(records, delimiter);
  const header = lines([lmo.fields.map((f) => f.name)]);
  // No --rootfs is not "/": with another machine's --procfs, diskrec then has no filesystems to ask.
  const roots = { procfs: root(o.procfs ?? '/proc'), sysfs: root(o.sysfs ?? '/sys'), rootfs: o.rootfs === undefined ? undefined : root(o.rootfs) };
  const read = recordingReader(recorder, currentPlatform(), roots, o as unknown as Record<string, string | undefined>, o.devices ?? o.interfaces ?? o.domains);

  let sink: Sink;
  let lock: PidLock | undefined;
  // Naming where to keep the rows means keeping them there, as sadc's outfile does: printing
  // them on the terminal instead would lose what the user asked to keep.
  if (o.log || o.logDir !== undefined) {
    const dir = resolveLogDir(o.logDir, process.env, process.getuid?.());
    ensureLogDir(dir);
    // Before the day file is opened: opening cuts off a torn last line, which another writer's
    // line being written would look like.
    lock = lockRecorder(dir, recorder.name);
    // A file of another delimiter is refused rather than written beside: the delimiter is the
    // user's choice here, and they would rather be told than find a day split in two.
    const raw = new RawFileSink(dir, recorder.name, header, { refuseOtherDelimiter: true });
    try {
      raw.open();
    } catch (err) {
      lock.release();
      throw err;
    }
    sink = raw;
  } else {
    sink = new StdoutSink(() => process.exit(0));
    if (o.header) sink.write(Date.now(), header);
  }
  try {
    await record({ recorder, read, plan, sink, format: rowFormatter(lmo), lines });
  } finally {
    lock?.release();
  }
}
