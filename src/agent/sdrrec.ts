// sdrrec: sdr's record of itself under `sdr run`, one row per interval, in lmo/sdrrec.json's
// order. Values are looked up by field name from the LMO, so the schema is stated there only.
import { readFileSync } from 'node:fs';
import { loadLmo } from '../core/lmo.js';
import type { Recorder, Value } from '../recorders/recorder.js';
import type { Snapshot } from '../platform/types.js';
import { RECORDERS } from '../recorders/index.js';
import type { RunMetrics, SampleFigures, SlowestWrite } from './run-metrics.js';
import type { WriteFaults } from '../output/raw-file.js';
import { SDRREC } from '../config/recorder-settings.js';

export interface SdrSnapshot extends Snapshot {
  /** CPU time used by the process since it started, microseconds (user + system). */
  cpuMicros: number;
  rssKB: number;
  maxRssKB: number;
  recorders: Map<string, SampleFigures>;
  slowestWrite?: SlowestWrite;
  writeFaults?: WriteFaults;
  sender?: { sent: number; retries: number; rejected: number; pending: number };
}

/** Current and peak RSS, KB: /proc/self/status where there is one (the peak there is exact). */
function memoryKB(): { rss: number; peak: number } {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    const peak = /VmHWM:\s+(\d+) kB/.exec(status);
    if (rss && peak) return { rss: Number(rss[1]), peak: Number(peak[1]) };
  } catch {
    // not Linux
  }
  const rss = Math.round(process.memoryUsage.rss() / 1024);
  return { rss, peak: Math.max(rss, process.resourceUsage().maxRSS) };
}

export function sdrSnapshotReader(metrics: RunMetrics): () => Promise<SdrSnapshot> {
  return async () => {
    const sender = metrics.sender;
    const pending = sender ? await sender.pendingRows() : undefined;
    const cpu = process.cpuUsage();
    const memory = memoryKB();
    return {
      monoNs: process.hrtime.bigint(),
      epochMs: Date.now(),
      cpuMicros: cpu.user + cpu.system,
      rssKB: memory.rss,
      maxRssKB: memory.peak,
      recorders: new Map([...metrics.recorders].map(([name, figures]) => [name, figures.take()])),
      slowestWrite: metrics.slowestWrite(),
      writeFaults: metrics.writeFaults(),
      sender: sender && { ...sender.counters, pending: pending! },
    };
  };
}

const round = (v: number | undefined, digits = 3) => (v === undefined ? null : Number(v.toFixed(digits)));

function recorderValues(name: string, f: SampleFigures | undefined): Record<string, Value> {
  return {
    [`${name}_interval`]: f ? f.intervalSeconds : null,
    [`${name}_samples`]: f ? f.samples : null,
    [`${name}_lat_avg`]: round(f?.latencyAvgMs),
    [`${name}_lat_max`]: round(f?.latencyMaxMs),
    [`${name}_late_max`]: round(f?.lateMaxMs),
    [`${name}_missed`]: f ? f.missed : null,
    [`${name}_errors`]: f ? f.errors : null,
  };
}

/** The fields of one row by name. */
export function sdrrecValues(prev: SdrSnapshot, cur: SdrSnapshot, seconds: number): Record<string, Value> {
  const cpuSeconds = (cur.cpuMicros - prev.cpuMicros) / 1e6;
  const values: Record<string, Value> = {
    cpu_sec: round(cpuSeconds),
    cpu_pct: seconds > 0 ? round((cpuSeconds / seconds) * 100) : null,
    rss: cur.rssKB,
    rss_max: cur.maxRssKB,
    write_max: round(cur.slowestWrite?.ms),
    write_max_file: cur.slowestWrite?.file ?? null,
    send_pending: cur.sender?.pending ?? null,
    send_rows: cur.sender && prev.sender ? cur.sender.sent - prev.sender.sent : null,
    send_retries: cur.sender && prev.sender ? cur.sender.retries - prev.sender.retries : null,
    send_rejected: cur.sender && prev.sender ? cur.sender.rejected - prev.sender.rejected : null,
  };
  for (const name of RECORDERS.keys()) Object.assign(values, recorderValues(name, cur.recorders.get(name)));
  let sourceErrors = 0;
  for (const f of cur.recorders.values()) sourceErrors += f.sourceErrors;
  values.source_errors = sourceErrors;
  values.write_errors = cur.writeFaults?.errors ?? 0;
  values.write_dropped = cur.writeFaults?.dropped ?? 0;
  values.write_fault = cur.writeFaults?.fault ?? null;
  return values;
}

/** sdrrec as a recorder the engine can run; it has no CLI of its own (it records `sdr run`). */
export function sdrrecRecorder(metrics: RunMetrics): Recorder<SdrSnapshot> {
  const names = loadLmo(SDRREC).fields.slice(1).map((f) => f.name);
  return {
    name: SDRREC,
    readsPseudoFiles: false,
    reader: () => sdrSnapshotReader(metrics),
    rows: (prev, cur, seconds) => {
      const values = sdrrecValues(prev, cur, seconds);
      return [names.map((n) => (n in values ? values[n] : null))];
    },
  };
}
