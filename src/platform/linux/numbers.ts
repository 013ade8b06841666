// Whitespace-separated unsigned integers read straight from the text: /proc files with thousands
// of devices make split()/map(Number) garbage the dominant cost of a sample.

/**
 * The unsigned integers of text[start, end), or null if anything other than digits and blanks is
 * there. Values beyond 2^53 lose precision as any JavaScript number does.
 */
export function scanCounters(text: string, start: number, end: number): number[] | null {
  const values: number[] = [];
  let i = start;
  while (i < end) {
    let c = text.charCodeAt(i);
    if (c === 32 || c === 9) {
      i++;
      continue;
    }
    if (c < 48 || c > 57) return null;
    let v = 0;
    while (i < end && (c = text.charCodeAt(i)) >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      i++;
    }
    if (i < end && c !== 32 && c !== 9) return null;
    values.push(v);
  }
  return values;
}
