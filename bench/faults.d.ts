// The types of faults.js, for the jest tests that use it.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';

export const ROOT: string;
export const SDR: string;
export function sleep(ms: number): Promise<void>;
export function sdrEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;

export interface Tmpfs {
  dir: string;
  fill(): Filler;
  free(): void;
  readonly full: boolean;
  unmount(): void;
}
export interface Filler {
  path: string;
  free(): void;
}
export function canMount(): string | undefined;
export function mountTmpfs(kib: number, label?: string): Tmpfs;
export function fillUp(dir: string): Filler;

export function faketimeLibrary(): string | undefined;
export class FakeClock {
  constructor(dir: string, offsetS?: number);
  readonly lib: string;
  readonly file: string;
  offsetS: number;
  set(offsetS: number): void;
  setNow(epochMs: number): void;
  now(): number;
  env(): NodeJS.ProcessEnv;
}

export interface SdrProcess {
  child: ChildProcessWithoutNullStreams;
  stderr(): string;
}
export function startSdr(args: string[], env?: NodeJS.ProcessEnv): SdrProcess;
export function running(child: ChildProcessWithoutNullStreams): boolean;
export function stopChild(child: ChildProcessWithoutNullStreams, patienceMs?: number): Promise<number | null>;
export function killChild(child: ChildProcessWithoutNullStreams): Promise<void>;
export function writePrivate(path: string, text: string): void;

export class CollectorProcess {
  constructor(dir: string, dataDir: string, tokens: Record<string, unknown>, args?: string[]);
  readonly dataDir: string;
  port: number;
  child?: ChildProcessWithoutNullStreams;
  /** What the current run said on stderr. */
  stderr?: () => string;
  /** What every run said on stderr. */
  output(): string;
  start(timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

export interface Comparison {
  recorded: number;
  stored: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  /** Recorded rows that are byte for byte an earlier row of their file. */
  identicalRows: number;
}
export function dataSourceDir(dataDir: string): string | undefined;
export function compareFiles(recordedPath: string, storedPath: string): Comparison & { same: boolean };
export function compareDayFiles(logDir: string, storeDir: string | undefined, recorders: string[]): Comparison & { files: number; differing: string[] };
export function cmp(a: string, b: string): boolean;
export function rejectedRows(logDir: string): number;
export function prng(seed: number): { next(): number; between(lo: number, hi: number): number; pick<T>(list: T[]): T };
