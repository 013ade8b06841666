// vm_stat: "Mach Virtual Memory Statistics: (page size of 4096 bytes)", then "Label:   1234."
// lines, counts of pages. Some labels are quoted ("Translation faults"); lines before the banner
// (another command's output) are not vm_stat's.

export interface VmStat {
  pageSize: number;
  /** Page counts by label, quotes removed: "Pages free", "File-backed pages". */
  pages: Map<string, number>;
}

export function parseVmStat(text: string): VmStat | null {
  const banner = /page size of (\d+) bytes/.exec(text);
  if (banner === null) return null;
  const pages = new Map<string, number>();
  for (const line of text.slice(banner.index).split('\n').slice(1)) {
    const m = /^"?([^":]+)"?:\s+(\d+)\.?\s*$/.exec(line);
    if (m !== null) pages.set(m[1], Number(m[2]));
  }
  return { pageSize: Number(banner[1]), pages };
}
