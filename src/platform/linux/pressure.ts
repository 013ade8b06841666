// /proc/pressure/{cpu,io,memory} (Linux 4.20+, with PSI on): "some avg10=… avg60=… avg300=…
// total=N" and, for io and memory (and cpu since 5.13, where the system's "full" is always 0),
// "full …". total is the stall time since boot in microseconds: its change over an interval is the
// share of it in which tasks were stalled, exact, unlike the kernel's decaying averages.

export interface Pressure {
  some?: number;
  full?: number;
  /** Lines of neither form, for the caller to report. */
  malformed: string[];
}

const LINE = /^(some|full) avg10=\d+\.\d+ avg60=\d+\.\d+ avg300=\d+\.\d+ total=(\d+)$/;

export function parsePressure(text: string): Pressure {
  const out: Pressure = { malformed: [] };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const m = LINE.exec(line);
    if (m === null) out.malformed.push(line);
    else out[m[1] as 'some' | 'full'] = Number(m[2]);
  }
  return out;
}
