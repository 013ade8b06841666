// /proc/loadavg: "0.01 0.05 0.00 2/75 1683": three load averages, runnable/existing tasks, last pid.
import type { LoadAvg } from '../types.js';

export function parseLoadavg(text: string): LoadAvg | null {
  const m = /^\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)\/(\d+)/.exec(text);
  if (m === null) return null;
  return { avg1: +m[1], avg5: +m[2], avg15: +m[3], running: +m[4], tasks: +m[5] };
}
