// /proc/loadavg: "0.01 0.05 0.00 2/75 1683": three load averages, runnable/existing tasks, last pid.

export interface LoadAvg {
  avg1: number;
  avg5: number;
  avg15: number;
  /** Runnable scheduling entities now (the reader itself among them); undefined where the OS does not say. */
  running?: number;
  /** Scheduling entities (processes and threads) in existence; undefined where the OS does not say. */
  tasks?: number;
}

export function parseLoadavg(text: string): LoadAvg | null {
  const m = /^\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)\/(\d+)/.exec(text);
  if (m === null) return null;
  return { avg1: +m[1], avg5: +m[2], avg15: +m[3], running: +m[4], tasks: +m[5] };
}
