// swapinfo -k: "Device 1K-blocks Used Avail Capacity", one line per swap device and a "Total"
// line when there are several. A device path wider than its column pushes the numbers right, so
// the numbers are read from the end of the line.

export interface SwapSpace {
  totalKiB: number;
  usedKiB: number;
}

/** Null when there is no header; no device lines means no swap (0 of 0). */
export function parseSwapinfo(text: string): SwapSpace | null {
  const lines = text.split('\n');
  if (!lines.some((l) => /^Device\s+1K-blocks\s+Used/.test(l))) return null;
  let totalKiB = 0;
  let usedKiB = 0;
  for (const line of lines) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5 || f[0] === 'Device' || f[0] === 'Total') continue;
    const [blocks, used] = [Number(f[f.length - 4]), Number(f[f.length - 3])];
    if (!Number.isInteger(blocks) || !Number.isInteger(used)) return null;
    totalKiB += blocks;
    usedKiB += used;
  }
  return { totalKiB, usedKiB };
}
