// The Solaris and illumos tools: one kstat run per sample with every selector the sample needs,
// swap -s for swap, pagesize once. Each failure names the tool.
import { runTool, runAndParse, unparseable } from '../run-tool.js';
import { parseKstat, type Kstats } from './kstat.js';
import { parseSwapS, type VirtualSwap } from './swap-s.js';
import { parsePsrinfo, type Processors } from './psrinfo.js';

/** kstat exits 1 when no statistic matched a selector: the caller finds what it needs missing. */
export async function readKstat(selectors: readonly string[]): Promise<Kstats> {
  return parseKstat((await runTool('kstat', ['-p', ...selectors], { acceptExitCodes: [1] })).stdout);
}

export const readSwapS = (): Promise<VirtualSwap> => runAndParse('swap', ['-s'], parseSwapS, 'no "= …k used, …k available"');

export const readPsrinfo = (): Promise<Processors> =>
  runAndParse('psrinfo', ['-v'], parsePsrinfo, 'no "Status of virtual processor" paragraph');

let pageSize: Promise<number> | undefined;

/** The page size in bytes (8192 on SPARC, 4096 on x86): it does not change while we run. */
export function readPageSize(): Promise<number> {
  pageSize ??= runTool('pagesize', []).then((r) => {
    const n = Number(r.stdout.trim());
    if (!Number.isInteger(n) || n <= 0) throw unparseable('pagesize', `'${r.stdout.trim()}' is not a size in bytes`);
    return n;
  });
  return pageSize;
}
