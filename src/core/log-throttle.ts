// Log lines that could repeat without end (a misbehaving client, a full disk) are said once, then
// counted: a line of a kind is printed at most once a minute, with the number of its kind that came
// since the last one printed.

export interface Throttle {
  /** `kind` groups the lines that count together (the fault, not its details). */
  (kind: string, line: string): void;
}

export function throttledLog(log: (line: string) => void, everyMs = 60_000, now: () => number = Date.now): Throttle {
  const kinds = new Map<string, { at: number; quiet: number }>();
  return (kind, line) => {
    const t = now();
    const k = kinds.get(kind);
    if (k !== undefined && t - k.at < everyMs) {
      k.quiet++;
      return;
    }
    if (kinds.size >= 1000 && k === undefined) kinds.clear();
    const more = k !== undefined && k.quiet > 0 ? ` (and ${k.quiet} more like it in the last ${Math.round((t - k.at) / 1000)} s)` : '';
    kinds.set(kind, { at: t, quiet: 0 });
    log(line + more);
  };
}
