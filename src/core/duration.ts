// `--since 30m`: a duration as sar, journalctl and Prometheus users type it, in seconds.
import { UsageError } from './errors.js';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** "90s", "30m", "1h", "1.5h", "2d" as seconds; anything else is a usage error naming the value. */
export function parseDuration(text: string, option = '--since'): number {
  const m = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  const seconds = m === null ? NaN : Number(m[1]) * UNIT_SECONDS[m[2]];
  if (!(seconds > 0)) throw new UsageError(`${option} '${text}' must be a duration like 30m, 1h or 2d`);
  return seconds;
}
