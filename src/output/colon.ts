// The colon format (--delimiter :), the original recorders' own: fields joined by ':', never
// quoted, blanks kept as they are. What the original could not carry is percent-encoded, as the
// wire encodes it: ':' as %3A and '%' as %25, so an IPv6 address or an interface named team0:1
// stays one field, and a line break as %0D and %0A, so a row stays one line. A reader that knows
// nothing but ':' and %3A (the original sender, awk -F:) gets every row whole; nothing else
// changes a field that holds none of these.
//
// sdr before this format quoted a colon field as RFC 4180 does ("eth0_2001:db8::7"): such a field
// is still read back whole, so colon files written by an older sdr are sent as they were meant. A
// double quote that begins a field is written %22, so that a field of this format never begins
// with one and the two cannot be mistaken for each other.

const ENCODED: Record<string, string> = { '%': '%25', ':': '%3A', '\r': '%0D', '\n': '%0A' };
const DECODED: Record<string, string> = { '25': '%', '3A': ':', '0D': '\r', '0A': '\n', '22': '"' };

/** A field as the colon format writes it. */
export function encodeColonField(f: string): string {
  // Most fields are plain numbers: the checks spare them a regular-expression pass each, which
  // was a tenth of a busy sender's time.
  const special = f.includes('%') || f.includes(':') || f.includes('\n') || f.includes('\r');
  const encoded = special ? f.replace(/[%:\r\n]/g, (c) => ENCODED[c]) : f;
  return encoded.startsWith('"') ? `%22${encoded.slice(1)}` : encoded;
}

/** A field of the colon format as it was before encoding; a '%' not of the five is kept. */
export function decodeColonField(f: string): string {
  return f.includes('%') ? f.replace(/%(25|3A|0D|0A|22)/gi, (s, hex: string) => DECODED[hex.toUpperCase()] ?? s) : f;
}

/** One row of the colon format, its newline included. */
export function colonLine(fields: string[]): string {
  return `${fields.map(encodeColonField).join(':')}\n`;
}

/**
 * A quoted field of an older sdr's colon file at `i` (a '"'): its value and the index just past
 * its closing quote; undefined when no closing quote ends a field there, and the '"' is text.
 */
function quotedAt(line: string, i: number): { value: string; end: number } | undefined {
  let value = '';
  for (let j = i + 1; ;) {
    const q = line.indexOf('"', j);
    if (q < 0) return undefined;
    value += line.slice(j, q);
    if (line[q + 1] === '"') {
      value += '"';
      j = q + 2;
    } else if (q + 1 === line.length || line[q + 1] === ':') {
      return { value, end: q + 1 };
    } else {
      return undefined;
    }
  }
}

/** Splits one line of the colon format (without its newline) into its fields, decoded. */
export function splitColonLine(line: string): string[] {
  if (!line.includes('"')) return line.split(':').map(decodeColonField);
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    const quoted = line[i] === '"' ? quotedAt(line, i) : undefined;
    let end: number;
    if (quoted !== undefined) {
      fields.push(quoted.value);
      end = quoted.end;
    } else {
      const d = line.indexOf(':', i);
      end = d < 0 ? line.length : d;
      fields.push(decodeColonField(line.slice(i, end)));
    }
    if (end >= line.length) return fields;
    i = end + 1;
    if (i === line.length) {
      fields.push('');
      return fields;
    }
  }
}
