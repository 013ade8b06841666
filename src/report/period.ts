// The period a report covers, and how its times are shown: `--date YYYY-MM-DD` (a day), or
// `--since 6h` / `--since "2026-12-01 10:00"` up to `--until` (now by default), in UTC or in the
// time zone `--tz` names (an IANA name, as Europe/Helsinki). Rows carry epoch seconds, so a day
// in any zone is a plain range of them: no locale, no date parsing of the rows themselves.
import { UsageError } from '../core/errors.js';
import { parseDuration } from '../core/duration.js';

export interface Period {
  /** Epoch seconds, inclusive. */
  from: number;
  /** Epoch seconds, exclusive. */
  to: number;
  tz: string;
}

export interface PeriodOptions {
  date?: string;
  since?: string;
  until?: string;
  tz?: string;
}

/** Checks an IANA zone name; UsageError naming it when the system does not know it. */
export function checkZone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new UsageError(`--tz '${tz}' is not a time zone this system knows (as UTC, Europe/Helsinki, America/New_York)`);
  }
  return tz;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The wall-clock parts of an instant in a zone. */
function partsIn(epochMs: number, tz: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const p = Object.fromEntries(formatter(tz).formatToParts(new Date(epochMs)).map((x) => [x.type, x.value]));
  return { y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour), mi: Number(p.minute), s: Number(p.second) };
}

/** "2026-12-01 14:03:22" of an epoch second in a zone. */
export function wallTime(epochSeconds: number, tz: string): string {
  const p = partsIn(Math.floor(epochSeconds) * 1000, tz);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.y}-${two(p.mo)}-${two(p.d)} ${two(p.h)}:${two(p.mi)}:${two(p.s)}`;
}

/** The epoch second at which a zone's wall clock reads the given time (the first, at a DST overlap). */
export function epochOfWallTime(y: number, mo: number, d: number, h: number, mi: number, s: number, tz: string): number {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  let guess = asUtc;
  // The zone's offset at the guess moves the guess; twice settles it, also across a DST change.
  for (let i = 0; i < 3; i++) {
    const p = partsIn(guess, tz);
    const shown = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
    guess += asUtc - shown;
  }
  return Math.floor(guess / 1000);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** A time on the command line: a duration back from now ("6h"), a day, or a day and time, in the zone. */
function instant(text: string, option: string, tz: string, nowS: number): number {
  const day = DATE.exec(text);
  const dt = DATE_TIME.exec(text);
  const m = day ?? dt;
  if (m !== null) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const check = new Date(Date.UTC(y, mo - 1, d));
    if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) throw new UsageError(`${option} '${text}' is not a date`);
    return epochOfWallTime(y, mo, d, dt ? Number(dt[4]) : 0, dt ? Number(dt[5]) : 0, dt?.[6] ? Number(dt[6]) : 0, tz);
  }
  if (/^\d/.test(text)) return nowS - parseDuration(text, option);
  throw new UsageError(`${option} '${text}' must be a duration back from now (30m, 6h, 2d), a date YYYY-MM-DD or a time 'YYYY-MM-DD HH:MM'`);
}

/** The period of the options: --date's day, or --since to --until, else today so far (in the zone). */
export function periodOf(o: PeriodOptions, nowMs = Date.now()): Period {
  const tz = checkZone(o.tz ?? 'UTC');
  const nowS = Math.floor(nowMs / 1000);
  if (o.date !== undefined && (o.since !== undefined || o.until !== undefined)) {
    throw new UsageError('--date is a whole day: give it alone, or --since and --until instead');
  }
  if (o.date !== undefined) {
    const m = DATE.exec(o.date);
    if (m === null) throw new UsageError(`--date '${o.date}' must be a day YYYY-MM-DD`);
    const from = instant(o.date, '--date', tz, nowS);
    const next = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1));
    const to = epochOfWallTime(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, 0, 0, tz);
    return { from, to, tz };
  }
  if (o.since === undefined && o.until === undefined) {
    const p = partsIn(nowMs, tz);
    return { from: epochOfWallTime(p.y, p.mo, p.d, 0, 0, 0, tz), to: nowS + 1, tz };
  }
  const to = o.until === undefined ? nowS + 1 : instant(o.until, '--until', tz, nowS);
  const from = o.since === undefined ? to - 86400 : instant(o.since, '--since', tz, nowS);
  if (!(from < to)) throw new UsageError(`--since (${wallTime(from, tz)}) must come before --until (${wallTime(to, tz)})`);
  return { from, to, tz };
}
