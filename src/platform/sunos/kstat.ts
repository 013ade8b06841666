// kstat -p: "module:instance:name:statistic<TAB>value", one statistic a line. Copies of its output
// often have the TAB expanded to spaces, so the value starts after the first run of blanks; the key
// itself never holds a blank. Values are numbers, or strings (class, zonename), kept as text.

export type Kstats = Map<string, string>;

export function parseKstat(text: string): Kstats {
  const stats: Kstats = new Map();
  for (const line of text.split('\n')) {
    const m = /^(\S+:\d+:\S*:\S+)[ \t]+(.*?)\s*$/.exec(line);
    if (m !== null) stats.set(m[1], m[2]);
  }
  return stats;
}

/** One kstat (module:instance:name): its statistics by name. */
export type Kstat = Map<string, string>;

/** The kstats of a module, by "instance:name", in the order printed. */
export function kstatsOf(stats: Kstats, module: string | RegExp): Map<string, Kstat> {
  const out = new Map<string, Kstat>();
  for (const [key, value] of stats) {
    const [m, instance, name, statistic] = key.split(':');
    if (typeof module === 'string' ? m !== module : !module.test(m)) continue;
    const id = `${m}:${instance}:${name}`;
    let kstat = out.get(id);
    if (kstat === undefined) out.set(id, (kstat = new Map()));
    kstat.set(statistic, value);
  }
  return out;
}

/** A statistic as a number; undefined when missing or not a number. */
export function kstatNumber(kstat: Kstat | undefined, statistic: string): number | undefined {
  const text = kstat?.get(statistic);
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}
