// /proc/diskstats: "major minor name" then the I/O counters. Kernels print 11 counters before 4.18,
// 15 from 4.18 (discards), 17 from 5.5 (flushes); 2.6 partitions print 4. Columns are read by
// position, so every layout parses the same and extra columns never shift the ones we use. The
// discard and flush counters are kept where the line has them (iostat prints them too). The
// 4-counter lines keep no times: those fields are undefined there, never 0.


export interface DiskCounters {
  major: number;
  minor: number;
  name: string;
  readsCompleted: number;
  readsMerged: number;
  sectorsRead: number;
  /** Times and the requests in flight: undefined on a 4-counter line (2.6 partitions). */
  msReading: number | undefined;
  writesCompleted: number;
  writesMerged: number;
  sectorsWritten: number;
  msWriting: number | undefined;
  iosInProgress: number | undefined;
  msDoingIo: number | undefined;
  weightedMsDoingIo: number | undefined;
  /** Discards (4.18+): undefined on a line of fewer counters. */
  discardsCompleted: number | undefined;
  discardsMerged: number | undefined;
  sectorsDiscarded: number | undefined;
  msDiscarding: number | undefined;
  /** Flush requests (5.5+): undefined on a line of fewer counters. */
  flushesCompleted: number | undefined;
  msFlushing: number | undefined;
  /** How many counters the line had: 4, 11, 15 or 17. */
  counters: number;
}

export interface Diskstats {
  disks: Map<string, DiskCounters>;
  /** Lines that fit no known layout, for the caller to report. */
  malformed: string[];
}

/** "major minor name" and unsigned counters after it: the only form of a line. */
const LINE = /^\s*\d+\s+\d+\s+\S+(?:\s+\d+)+\s*$/;

/** Counters after the name in each layout the kernel has printed. */
const LAYOUTS = new Set([4, 11, 15, 17]);

// Each line is checked by one regular expression and split by the native split: with thousands
// of devices, that costs less than scanning it a character at a time in JavaScript, even with the
// short strings split leaves behind.
export function parseDiskstats(text: string): Diskstats {
  const disks = new Map<string, DiskCounters>();
  const malformed: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const f = LINE.test(line) ? line.trim().split(/\s+/) : null;
    if (f === null || !LAYOUTS.has(f.length - 3)) {
      malformed.push(line);
      continue;
    }
    const name = f[2];
    // Positions as in the kernel's documentation: 0-2 major, minor, name; counters from 3.
    const n: number[] = [];
    for (let i = 0; i < f.length; i++) n.push(i === 2 ? 0 : Number(f[i]));
    const counters = f.length - 3;
    if (counters === 4) {
      disks.set(name, {
        major: n[0], minor: n[1], name,
        readsCompleted: n[3], readsMerged: 0, sectorsRead: n[4], msReading: undefined,
        writesCompleted: n[5], writesMerged: 0, sectorsWritten: n[6], msWriting: undefined,
        iosInProgress: undefined, msDoingIo: undefined, weightedMsDoingIo: undefined,
        discardsCompleted: undefined, discardsMerged: undefined, sectorsDiscarded: undefined, msDiscarding: undefined,
        flushesCompleted: undefined, msFlushing: undefined,
        counters,
      });
      continue;
    }
    // Every field set in every layout (undefined where absent): one object shape for all lines.
    disks.set(name, {
      major: n[0], minor: n[1], name,
      readsCompleted: n[3], readsMerged: n[4], sectorsRead: n[5], msReading: n[6],
      writesCompleted: n[7], writesMerged: n[8], sectorsWritten: n[9], msWriting: n[10],
      iosInProgress: n[11], msDoingIo: n[12], weightedMsDoingIo: n[13],
      discardsCompleted: n[14], discardsMerged: n[15], sectorsDiscarded: n[16], msDiscarding: n[17],
      flushesCompleted: n[18], msFlushing: n[19],
      counters,
    });
  }
  return { disks, malformed };
}
