// `sdr send --status`: per platform and recorder, the rows not yet delivered, the last success
// and the last error, from the raw files and the saved positions.
import type { SendConfig } from '../config/config.js';
import { dayFiles } from './raw-reader.js';
import { positionPath, readPosition } from './position.js';
import { countLinesAfter } from './line-source.js';

export interface FeedStatus {
  platform: string;
  recorder: string;
  pending: number;
  lastSuccess?: number;
  lastError?: string;
  /** Rows refused for good (kept in rejected/), and the last refusal with its reason. */
  refused: number;
  lastRejection?: string;
}

export async function feedStatuses(config: Pick<SendConfig, 'logDir' | 'platforms'>): Promise<FeedStatus[]> {
  const out: FeedStatus[] = [];
  for (const p of config.platforms) {
    for (const recorder of p.recorders) {
      let pending = 0;
      let lastSuccess: number | undefined;
      let lastError: { at: number; text: string } | undefined;
      let refused = 0;
      let lastRejection: { at: number; text: string } | undefined;
      for (const file of dayFiles(config.logDir, recorder)) {
        const pos = readPosition(positionPath(config.logDir, p.name, file));
        // A file never started still has its header line to skip.
        pending += (await countLinesAfter(`${config.logDir}/${file}`, pos.offset)) - (pos.offset === 0 ? 1 : 0);
        if (pos.lastSuccess !== undefined) lastSuccess = Math.max(lastSuccess ?? 0, pos.lastSuccess);
        if (pos.lastErrorAt !== undefined && pos.lastError !== undefined && pos.lastErrorAt > (lastError?.at ?? 0)) {
          lastError = { at: pos.lastErrorAt, text: pos.lastError };
        }
        refused += pos.skipped ?? 0;
        if (pos.lastRejectionAt !== undefined && pos.lastRejection !== undefined && pos.lastRejectionAt > (lastRejection?.at ?? 0)) {
          lastRejection = { at: pos.lastRejectionAt, text: pos.lastRejection };
        }
      }
      // An error that rows were delivered after is over: the status tells what holds now.
      const current = lastError !== undefined && lastError.at > (lastSuccess ?? 0) ? lastError : undefined;
      out.push({ platform: p.name, recorder, pending: Math.max(0, pending), lastSuccess, lastError: current && `${when(current.at)} ${current.text}`,
        refused, lastRejection: lastRejection && `${when(lastRejection.at)} ${lastRejection.text}` });
    }
  }
  return out;
}

const when = (ms?: number) => (ms === undefined ? 'never' : new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z'));

export function formatStatuses(statuses: FeedStatus[]): string {
  return statuses.map((s) => `${s.platform}/${s.recorder}: ${s.pending} rows pending, last delivered ${when(s.lastSuccess)}` +
    (s.refused > 0 ? `, ${s.refused} row${s.refused === 1 ? '' : 's'} refused${s.lastRejection ? `, the last ${s.lastRejection}` : ''}` : '') +
    (s.lastError ? `, last error ${s.lastError}` : '')).join('\n');
}
