// `sdr send --status`: per platform and recorder, the rows not yet delivered, the last success
// and the last error, from the raw files and the saved positions.
import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import type { SendConfig } from './config.js';
import { dayFiles } from './raw-reader.js';
import { positionPath, readPosition } from './position.js';

/** Newlines from offset to the end of the file, read in bounded chunks. */
export function linesAfter(path: string, offset: number): number {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.allocUnsafe(256 * 1024);
    let count = 0;
    for (let at = offset; at < size; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, size - at), at);
      if (n === 0) break;
      for (let i = buf.indexOf(0x0a, 0); i >= 0 && i < n; i = buf.indexOf(0x0a, i + 1)) count++;
      at += n;
    }
    return count;
  } finally {
    closeSync(fd);
  }
}

export interface FeedStatus {
  platform: string;
  recorder: string;
  pending: number;
  lastSuccess?: number;
  lastError?: string;
}

export function feedStatuses(config: SendConfig): FeedStatus[] {
  const out: FeedStatus[] = [];
  for (const p of config.platforms) {
    for (const recorder of p.recorders) {
      let pending = 0;
      let lastSuccess: number | undefined;
      let lastError: { at: number; text: string } | undefined;
      for (const file of dayFiles(config.logDir, recorder)) {
        const pos = readPosition(positionPath(config.logDir, p.name, file));
        // A file never started still has its header line to skip.
        pending += linesAfter(`${config.logDir}/${file}`, pos.offset) - (pos.offset === 0 ? 1 : 0);
        if (pos.lastSuccess !== undefined) lastSuccess = Math.max(lastSuccess ?? 0, pos.lastSuccess);
        if (pos.lastErrorAt !== undefined && pos.lastError !== undefined && pos.lastErrorAt > (lastError?.at ?? 0)) {
          lastError = { at: pos.lastErrorAt, text: pos.lastError };
        }
      }
      out.push({ platform: p.name, recorder, pending: Math.max(0, pending), lastSuccess, lastError: lastError && `${when(lastError.at)} ${lastError.text}` });
    }
  }
  return out;
}

const when = (ms?: number) => (ms === undefined ? 'never' : new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z'));

export function formatStatuses(statuses: FeedStatus[]): string {
  return statuses.map((s) => `${s.platform}/${s.recorder}: ${s.pending} rows pending, last delivered ${when(s.lastSuccess)}` +
    (s.lastError ? `, last error ${s.lastError}` : '')).join('\n');
}
