// Device names in the order a person expects: cpu2 before cpu10, sda before sdb, nvme0n1p2 before
// nvme0n1p10. Runs of digits compare as numbers, everything else as text.

const PARTS = /(\d+)|(\D+)/g;

export function naturalCompare(a: string, b: string): number {
  const pa = a.match(PARTS) ?? [];
  const pb = b.match(PARTS) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
      return x.length - y.length; // "01" after "1"
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}
