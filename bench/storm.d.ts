// The types of storm.js, for the jest test that runs it.
import type { Comparison } from './faults.js';

export const RECORDERS: string[];

export interface StormFigures extends Comparison {
  seconds: number;
  seed: number;
  /** Faults left out, and why (no root for the disks, no libfaketime for the clock). */
  skipped: string[];
  faults: { runKills: number; sendKills: number; collectorKills: number; collectorStops: number; logDiskFills: number; dataDiskFills: number; clockSteps: number };
  /** Whether `sdr send --once` delivered everything at the end. */
  drained: boolean;
  stopCodes: { run: number | null; send: number | null };
  starts: { run: number; send: number };
  files: number;
  differing: string[];
  rejected: number;
  perRecorder: Record<string, Comparison>;
  logs: { run: string; send: string; collect: string };
}

export function storm(o?: { seconds?: number; seed?: number; log?: (message: string) => void; keep?: boolean }): Promise<StormFigures>;
export function report(f: StormFigures): string;
