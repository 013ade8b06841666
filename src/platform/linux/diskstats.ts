// /proc/diskstats: "major minor name" then the I/O counters. Kernels print 11 counters before 4.18,
// 15 from 4.18 (discards), 17 from 5.5 (flushes); 2.6 partitions print 4. Columns are read by
// position, so every layout parses the same and extra columns never shift the ones we use.

export interface DiskCounters {
  major: number;
  minor: number;
  name: string;
  readsCompleted: number;
  readsMerged: number;
  sectorsRead: number;
  msReading: number;
  writesCompleted: number;
  writesMerged: number;
  sectorsWritten: number;
  msWriting: number;
  iosInProgress: number;
  msDoingIo: number;
  weightedMsDoingIo: number;
}

export interface Diskstats {
  disks: Map<string, DiskCounters>;
  /** Lines that fit no known layout, for the caller to report. */
  malformed: string[];
}

/** Counters after the name in each layout the kernel has printed. */
const LAYOUTS = new Set([4, 11, 15, 17]);

export function parseDiskstats(text: string): Diskstats {
  const disks = new Map<string, DiskCounters>();
  const malformed: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const f = line.trim().split(/\s+/);
    const n = f.map(Number);
    const counters = f.length - 3;
    if (!LAYOUTS.has(counters) || n.some((v, i) => i !== 2 && !Number.isInteger(v))) {
      malformed.push(line);
      continue;
    }
    const name = f[2];
    if (counters === 4) {
      disks.set(name, {
        major: n[0], minor: n[1], name,
        readsCompleted: n[3], readsMerged: 0, sectorsRead: n[4], msReading: 0,
        writesCompleted: n[5], writesMerged: 0, sectorsWritten: n[6], msWriting: 0,
        iosInProgress: 0, msDoingIo: 0, weightedMsDoingIo: 0,
      });
      continue;
    }
    disks.set(name, {
      major: n[0], minor: n[1], name,
      readsCompleted: n[3], readsMerged: n[4], sectorsRead: n[5], msReading: n[6],
      writesCompleted: n[7], writesMerged: n[8], sectorsWritten: n[9], msWriting: n[10],
      iosInProgress: n[11], msDoingIo: n[12], weightedMsDoingIo: n[13],
    });
  }
  return { disks, malformed };
}
