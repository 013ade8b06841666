// swap -s: "total: 87832k bytes allocated + 3952k reserved = 91784k used, 33816648k available".
// This is virtual swap (disk swap plus the memory that can back it), as Solaris accounts it.

export interface VirtualSwap {
  usedKiB: number;
  availableKiB: number;
}

export function parseSwapS(text: string): VirtualSwap | null {
  const m = /=\s*(\d+)k used,\s*(\d+)k available/.exec(text);
  return m === null ? null : { usedKiB: Number(m[1]), availableKiB: Number(m[2]) };
}
