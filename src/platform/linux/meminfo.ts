// /proc/meminfo: "Name:   value kB" lines; values kept in KiB as the kernel prints them.

export type Meminfo = Map<string, number>;

export function parseMeminfo(text: string): Meminfo {
  const mem: Meminfo = new Map();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 1) continue;
    const value = parseInt(line.slice(colon + 1), 10);
    if (Number.isFinite(value)) mem.set(line.slice(0, colon), value);
  }
  return mem;
}
