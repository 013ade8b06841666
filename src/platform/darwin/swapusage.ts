// vm.swapusage: "total = 3072.00M  used = 2513.50M  free = 558.50M  (encrypted)", in MiB
// (the kernel divides bytes by 1024 twice), or K and G for small and large values.

export interface SwapUsage {
  totalKiB: number;
  usedKiB: number;
  freeKiB: number;
}

const KIB_PER: Record<string, number> = { K: 1, M: 1024, G: 1024 * 1024 };

export function parseSwapusage(text: string | undefined): SwapUsage | undefined {
  if (text === undefined) return undefined;
  const kib = (label: string) => {
    const m = new RegExp(`${label} = ([\\d.]+)([KMG])`).exec(text);
    return m === null ? undefined : Number(m[1]) * KIB_PER[m[2]];
  };
  const [totalKiB, usedKiB, freeKiB] = [kib('total'), kib('used'), kib('free')];
  if (totalKiB === undefined || usedKiB === undefined || freeKiB === undefined) return undefined;
  return { totalKiB, usedKiB, freeKiB };
}
