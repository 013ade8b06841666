// The names of the raw files, the one place that knows them: <rec>-YYYY-MM-DD.csv by the UTC date
// of each row, and <rec>-YYYY-MM-DD.N.csv (N = 1, 2, …) for the rows of that day written in
// another layout than the day's earlier file (an sdr of another version, another delimiter): a file
// never mixes two layouts. Any of them may be gzipped (.gz) once old. The sender, retention and
// the doctor list them through here, in the order they were written: by day, then by part.

export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Part 0 is the day's first file and has no number. */
export function rawFileName(recorder: string, epochMs: number, part = 0): string {
  return `${recorder}-${utcDay(epochMs)}${part === 0 ? '' : `.${part}`}.csv`;
}

export interface DayFileName {
  name: string;
  recorder: string;
  /** YYYY-MM-DD, UTC. */
  day: string;
  part: number;
  gzipped: boolean;
}

const DAY_FILE = /^([a-z][a-z0-9]*)-(\d{4}-\d{2}-\d{2})(?:\.([1-9]\d{0,5}))?\.csv(\.gz)?$/;

export function parseDayFileName(name: string): DayFileName | undefined {
  const m = DAY_FILE.exec(name);
  return m ? { name, recorder: m[1], day: m[2], part: m[3] === undefined ? 0 : Number(m[3]), gzipped: m[4] !== undefined } : undefined;
}

/**
 * The day files of a recorder among the names of a directory, oldest first. A file both plain
 * and gzipped: compressing was cut short after the .gz was complete; the plain file is the one to
 * read until the next sweep removes it.
 */
export function dayFilesOf(names: string[], recorder: string): string[] {
  const files = names.flatMap((n) => {
    const f = parseDayFileName(n);
    return f !== undefined && f.recorder === recorder ? [f] : [];
  });
  const plain = new Set(files.filter((f) => !f.gzipped).map((f) => f.name));
  return files
    .filter((f) => !(f.gzipped && plain.has(f.name.slice(0, -3))))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.part - b.part))
    .map((f) => f.name);
}
