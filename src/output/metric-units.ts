// Each unit of the LMO once, as metric names want it: Prometheus' base units (bytes, not KiB;
// seconds, not ms; ratios 0-1, not percent) as the name's last word, the factor from the LMO's
// value to the base unit, and the endings by which field names already spell the unit ("rkbytes",
// "userpct"), which the base unit replaces so that a name never says two units.

export interface MetricUnit {
  /** The last words of a series name: 'bytes', 'seconds', 'ratio', 'bytes_per_second'; '' for a bare count. */
  suffix: string;
  /**
   * The value in the base unit is value × multiply / divide: two integers rather than one factor,
   * so that 12.34 % becomes the double nearest 0.1234 (12.34 × 0.01 does not).
   */
  multiply: number;
  divide: number;
  /** Endings of field names that say this unit already; the suffix takes their place. */
  spelled: readonly string[];
}

const as = (suffix: string, spelled: string[] = [], multiply = 1, divide = 1): MetricUnit => ({ suffix, multiply, divide, spelled });

/** Every unit the LMO files use; a test fails when one uses a unit not here. */
export const METRIC_UNITS: Readonly<Record<string, MetricUnit>> = {
  '': as(''),
  '%': as('ratio', ['pct'], 1, 100),
  KiB: as('bytes', ['kbytes'], 1024),
  MiB: as('bytes', ['mbytes'], 1024 ** 2),
  GiB: as('bytes', ['gbytes'], 1024 ** 3),
  // As /proc/self/status and ps write it ("kB"), which count 1024 bytes: sdrrec's rss is VmRSS.
  KB: as('bytes', ['kb'], 1024),
  'KiB/s': as('bytes_per_second', ['kbytes'], 1024),
  'MiB/s': as('bytes_per_second', ['mbytes'], 1024 ** 2),
  // A link's speed, in megabits as ethtool and sysfs give it: bytes per second, as node_exporter's.
  'Mb/s': as('bytes_per_second', [], 125_000),
  'req/s': as('per_second'),
  'pkt/s': as('packets_per_second', ['pkt']),
  '1/s': as('per_second'),
  s: as('seconds', ['sec']),
  ms: as('seconds', ['ms'], 1, 1000),
  sectors: as('bytes', ['sect'], 512),
  rows: as('rows'),
  tasks: as('tasks'),
  requests: as('requests'),
  connections: as('connections'),
};

/**
 * The unit's rule; a count per second not in the table ("faults/s") is `per_second` as is.
 * Undefined for any other unit: it needs its line in METRIC_UNITS.
 */
export function metricUnit(unit: string): MetricUnit | undefined {
  const known = METRIC_UNITS[unit];
  if (known !== undefined) return known;
  return /^[a-z]+\/s$/.test(unit) ? as('per_second') : undefined;
}

/** The conversion in words, for the docs: "× 1024", "÷ 100", "as is". */
export function conversionWords(u: MetricUnit): string {
  if (u.multiply === 1 && u.divide === 1) return 'as is';
  return u.multiply !== 1 ? `× ${u.multiply.toLocaleString('en-US')}` : `÷ ${u.divide.toLocaleString('en-US')}`;
}
