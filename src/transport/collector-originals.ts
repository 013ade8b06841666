// Where sdr collect keeps a row an original Kronometrix agent sent. Its layout is known by the
// OS and recorder of its msgid and by its field count: the original recorder's on that OS
// (output/originals/), else sdr's own when an original sender ships an sdr recorder's colon output.
// The row is stored as it was sent, in <dsid>/<recorder>-<layout>-YYYY-MM-DD.csv by its UTC date,
// deduped on its text as the store does for rows without a place. It never goes to an sdr day
// file, even where the field count is the same (the original's hdwrec has 20 fields as sdr's does,
// but its uptime reads "0d 0h 35m 7s"): the two would give one column two meanings, and the rows
// of sdr's sender are counted by place. A row no layout takes is kept in quarantine.
import { join } from 'node:path';
import { lmoNames, loadLmo } from '../core/lmo.js';
import { splitColonLine } from '../output/colon.js';
import {
  ORIGINAL_LAYOUTS, ORIGINAL_OSES, SDR_LAYOUT, isOriginalOs, layoutFileName, layoutHeader, originalLayout, type LayoutName,
} from '../output/originals/index.js';
import type { QuarantinedRow } from './collector-quarantine.js';
import { splitMsgid, type OriginalMessage } from './original-wire.js';
import { ROW_TIMESTAMP } from './wire.js';

export interface OriginalPlace {
  kind: 'layout';
  path: string;
  header: string;
  line: string;
  recorder: string;
  layout: LayoutName;
  os: string;
  /** The row's timestamp, seconds. */
  timestamp: number;
  /** The host name, when the row tells it (hdwrec). */
  host?: string;
}

export interface OriginalQuarantined {
  kind: 'quarantine';
  row: QuarantinedRow;
  /** The OS of its msgid, when it names one. */
  os?: string;
}

const KNOWN_RECORDERS = new Set([...ORIGINAL_LAYOUTS.map((l) => l.recorder), ...lmoNames()]);

/** Whose layout a row of `count` fields is: the original's on its OS, else sdr's; or why neither. */
function layoutOf(os: string, recorder: string, count: number): LayoutName | { reason: string; kind: string } {
  const original = originalLayout(os, recorder);
  if (original !== undefined && count === original.fields.length) return original.os;
  const sdr = lmoNames().includes(recorder) ? loadLmo(recorder).fields.length : undefined;
  if (sdr === count) return SDR_LAYOUT;
  const theirs = original === undefined ? `the original had no ${recorder} on ${os}` : `the original's has ${original.fields.length}`;
  return { reason: `a ${os} ${recorder} row of ${count} fields: ${theirs}${sdr === undefined ? '' : ` and sdr's ${sdr}`}`, kind: `${count} fields` };
}

/**
 * Where an original agent's row goes: its layout's file, or the quarantine with the reason.
 * `dateFault` says what is wrong with a row's date (UTC ms), or undefined.
 */
export function placeOriginal(
  m: OriginalMessage, agent: string, dataDir: string, dsid: string, dateFault: (ms: number) => string | undefined,
): OriginalPlace | OriginalQuarantined {
  const parts = splitMsgid(m.msgid);
  const quarantine = (reason: string, kind: string): OriginalQuarantined => ({
    kind: 'quarantine', os: parts?.os,
    row: { agent, msgid: m.msgid, devid: m.devid, reason, kind: `${m.msgid}: ${kind}`, row: m.row },
  });
  if (parts === undefined || !isOriginalOs(parts.os)) {
    return quarantine(`the msgid '${m.msgid}' is not [<domain>-]<os>-<recorder> of an OS of the original (${ORIGINAL_OSES.join(' ')})`, 'unknown msgid');
  }
  const { os, recorder } = parts;
  if (!KNOWN_RECORDERS.has(recorder)) return quarantine(`no layout of ${recorder} is known`, 'unknown recorder');
  const fields = m.row.split(':');
  const layout = layoutOf(os, recorder, fields.length);
  if (typeof layout !== 'string') return quarantine(layout.reason, layout.kind);
  // One row, one line: the files are read, and repaired after a crash, line by line.
  if (/[\r\n]/.test(m.row)) return quarantine('a field holds a line break', 'line break');
  if (!ROW_TIMESTAMP.test(fields[0])) {
    return quarantine(`the timestamp '${fields[0].slice(0, 40).replace(/[^\w.+-]/g, '?')}' is not a number of seconds`, 'timestamp');
  }
  const ms = Number(fields[0]) * 1000;
  const fault = dateFault(ms);
  if (fault !== undefined) return quarantine(fault, 'date');
  let host: string | undefined;
  if (recorder === 'hdwrec') {
    host = layout === SDR_LAYOUT
      ? splitColonLine(m.row)[loadLmo('hdwrec').fields.findIndex((f) => f.name === 'hostname')]
      : fields[originalLayout(os, recorder)!.fields.findIndex((f) => f.name === 'hostname')];
  }
  return {
    kind: 'layout', path: join(dataDir, dsid, layoutFileName(recorder, layout, ms)), header: layoutHeader(recorder, layout),
    line: `${m.row}\n`, recorder, layout, os, timestamp: Number(fields[0]), host,
  };
}
