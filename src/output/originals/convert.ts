// The conversions of layout.ts: an original field's text to the text of the LMO field of the same
// meaning, '' (empty, as sdr leaves a field it could not measure) when there is nothing to give.
import type { Conversion } from './layout.js';

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const DHMS_PART = /^(\d+)([dhms])$/;
const SECONDS: Record<string, number> = { d: 86400, h: 3600, m: 60, s: 1 };

/** "3d 4h 5m 6s", "5m 6s" or "6s" to seconds; undefined when it is not that. */
function dhms(text: string): number | undefined {
  const parts = text.trim().split(/\s+/);
  let total = 0;
  let last = Infinity;
  for (const p of parts) {
    const m = DHMS_PART.exec(p);
    // Each unit at most once, larger ones first: "5s 3m" is not an uptime.
    if (m === null || SECONDS[m[2]] >= last) return undefined;
    last = SECONDS[m[2]];
    total += Number(m[1]) * last;
  }
  return total;
}

const CONVERT: Record<Conversion, (text: string) => string> = {
  number: (t) => (NUMBER.test(t) ? t : ''),
  text: (t) => t.replace(/\0/g, ''),
  dhms: (t) => String(dhms(t) ?? ''),
  days: (t) => {
    const m = /^(\d+) days?$/.exec(t.trim());
    return m === null ? '' : String(Number(m[1]) * 86400);
  },
  mb: (t) => {
    const m = /^(\d+(?:\.\d+)?) MB$/.exec(t.trim());
    return m === null ? '' : m[1];
  },
  'cpu-number': (t) => (/^\d+$/.test(t) ? `cpu${t}` : ''),
  'xen-name': (t) => (t === 'dom0' ? 'Domain-0' : t),
};

/** The LMO field's text for an original field's; the original's NA is always ''. */
export function convertField(text: string, conversion: Conversion = 'number'): string {
  if (text === 'NA' || text === '') return '';
  return CONVERT[conversion](text);
}
