// Old raw files under `sdr run`: gzipped after compressAfterDays, removed after retentionDays,
// but never removed while a platform that receives them has rows of them still to deliver.
// Ages count whole UTC days, as the day files are named: on 2026-11-27 the file of 11-25 is 2 days
// old, and "more than 2 days" means 11-24 and before. Today's file is never touched.
import { createReadStream, createWriteStream, readdirSync, renameSync, rmSync, fsyncSync, openSync, closeSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { describeSystemError } from '../core/errors.js';
import { utcDay, parseDayFileName } from '../output/day-file-name.js';
import type { PlatformConfig } from '../config/config.js';
import { positionPath, readPosition } from '../transport/position.js';
import { countLinesAfter } from '../transport/line-source.js';

export interface RetentionSettings {
  retentionDays?: number;
  compressAfterDays?: number;
}

export interface DayFile {
  name: string;
  recorder: string;
  day: string;
  gzipped: boolean;
}

export type RetentionAction = { kind: 'remove' | 'compress'; file: DayFile };

/** A raw file of any day and part (output/day-file-name.ts); a part ages with its day. */
export function parseDayFile(name: string): DayFile | undefined {
  const f = parseDayFileName(name);
  return f && { name, recorder: f.recorder, day: f.day, gzipped: f.gzipped };
}

/** Whole UTC days from `day` to the day of nowMs. */
export function ageInDays(day: string, nowMs: number): number {
  return Math.round((Date.parse(`${utcDay(nowMs)}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000);
}

/**
 * What to do with each day file: pure, for testing. `undelivered` says whether a file still has
 * rows some platform has not acknowledged.
 */
export function planRetention(files: DayFile[], nowMs: number, s: RetentionSettings, undelivered: (f: DayFile) => boolean): RetentionAction[] {
  const actions: RetentionAction[] = [];
  for (const file of files) {
    const age = ageInDays(file.day, nowMs);
    if (age < 1) continue;
    if (s.retentionDays !== undefined && age > s.retentionDays) {
      if (!undelivered(file)) actions.push({ kind: 'remove', file });
      else if (s.compressAfterDays !== undefined && age > s.compressAfterDays && !file.gzipped) actions.push({ kind: 'compress', file });
    } else if (s.compressAfterDays !== undefined && age > s.compressAfterDays && !file.gzipped) {
      actions.push({ kind: 'compress', file });
    }
  }
  return actions;
}

function syncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** <file>.gz written beside it, synced, renamed into place, then the plain file removed. */
async function compress(logDir: string, name: string): Promise<void> {
  const plain = `${logDir}/${name}`;
  const tmp = `${plain}.gz.tmp`;
  await pipeline(createReadStream(plain), createGzip(), createWriteStream(tmp, { mode: 0o644 }));
  syncPath(tmp);
  renameSync(tmp, `${plain}.gz`);
  syncPath(logDir);
  // From here a reader finds the .gz; one that had the plain file open reads on to its end.
  rmSync(plain);
}

export class Retention {
  constructor(
    private readonly logDir: string,
    private readonly settings: RetentionSettings,
    private readonly platforms: PlatformConfig[],
    private readonly log: (message: string) => void,
  ) {}

  get active(): boolean {
    return this.settings.retentionDays !== undefined || this.settings.compressAfterDays !== undefined;
  }

  private async undelivered(file: DayFile): Promise<boolean> {
    for (const p of this.platforms) {
      if (!p.recorders.includes(file.recorder)) continue;
      const pos = readPosition(positionPath(this.logDir, p.name, file.name));
      if (pos.offset === 0 || (await countLinesAfter(`${this.logDir}/${file.name}`, pos.offset)) > 0) return true;
    }
    return false;
  }

  /** One pass over the log dir; returns what was done. */
  async sweep(nowMs = Date.now()): Promise<RetentionAction[]> {
    if (!this.active) return [];
    const files = readdirSync(this.logDir).flatMap((n) => parseDayFile(n) ?? []);
    const names = new Set(files.map((f) => f.name));
    // A plain file whose .gz is complete (a sweep cut short) is compressed again, then removed.
    const undelivered = new Map<string, boolean>();
    for (const f of files) {
      if (ageInDays(f.day, nowMs) > (this.settings.retentionDays ?? Infinity)) undelivered.set(f.name, await this.undelivered(f));
    }
    const actions = planRetention(files, nowMs, this.settings, (f) => undelivered.get(f.name) ?? true);
    const done: RetentionAction[] = [];
    for (const a of actions) {
      try {
        if (a.kind === 'compress') {
          await compress(this.logDir, a.file.name);
        } else {
          rmSync(`${this.logDir}/${a.file.name}`, { force: true });
          // Its plain twin, if a compress was cut short, goes with it.
          if (a.file.gzipped && names.has(a.file.name.slice(0, -3))) rmSync(`${this.logDir}/${a.file.name.slice(0, -3)}`, { force: true });
          for (const p of this.platforms) rmSync(positionPath(this.logDir, p.name, a.file.name), { force: true });
        }
        done.push(a);
      } catch (err) {
        this.log(`retention: cannot ${a.kind} ${a.file.name}: ${describeSystemError(err)}`);
      }
    }
    return done;
  }
}
