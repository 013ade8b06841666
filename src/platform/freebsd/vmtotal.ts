// vm.vmtotal as sysctl prints it: a block of text whose "Processes:" line counts threads by
// state, e.g. "Processes:		(RUNQ: 1 Disk Wait: 0 Page Wait: 0 Sleep: 21)".

export interface ThreadStates {
  runnable: number;
  diskWait: number;
  pageWait: number;
  sleeping: number;
}

export function parseVmtotal(text: string | undefined): ThreadStates | undefined {
  const m = text === undefined ? null
    : /RUNQ:\s*(\d+)\s+Disk Wait:\s*(\d+)\s+Page Wait:\s*(\d+)\s+Sleep:\s*(\d+)/.exec(text);
  if (m === null) return undefined;
  return { runnable: Number(m[1]), diskWait: Number(m[2]), pageWait: Number(m[3]), sleeping: Number(m[4]) };
}
