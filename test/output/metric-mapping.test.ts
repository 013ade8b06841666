// The mapping of the LMO to series names, units and labels: every unit has a rule, names follow
// Prometheus' conventions (one base unit, last), and values convert to that unit.
import { lmoNames, loadLmo, validateLmo } from '../../src/core/lmo.js';
import { METRIC_UNITS, metricUnit, conversionWords } from '../../src/output/metric-units.js';
import { columnsOfHeader, inBaseUnit, mappingOfLmo, recorderMapping, timestampMs, type ValueColumn } from '../../src/output/metric-mapping.js';
import { rowPoint } from '../../src/output/row-point.js';

const valueColumns = (rec: string) => recorderMapping(rec).columns.filter((c): c is ValueColumn => c.kind === 'value');
const nameOf = (rec: string, field: string) => valueColumns(rec).find((c) => c.field.name === field)?.metric;

test('every unit of every LMO file has its rule', () => {
  const units = new Set(lmoNames().flatMap((n) => loadLmo(n).fields.filter((f) => f.type !== 'string').map((f) => f.unit)));
  expect([...units].filter((u) => metricUnit(u) === undefined)).toEqual([]);
  // A count per second the table does not list is per_second as it is; any other unit is refused.
  expect(metricUnit('faults/s')).toEqual({ suffix: 'per_second', multiply: 1, divide: 1, spelled: [] });
  expect(metricUnit('MHz')).toBeUndefined();
  const lmo = validateLmo({ name: 'x', description: 'd', rows: 'r', fields: [{ name: 'timestamp', type: 'time', unit: 's', description: 't' },
    { name: 'f', type: 'float', unit: 'MHz', description: 'f' }] }, 'x.json');
  expect(() => mappingOfLmo(lmo)).toThrow("lmo/x.json: f: the unit 'MHz' has no metric rule");
});

test('names: sdr_, the recorder, the field with its unit spelled once, the base unit last', () => {
  expect(nameOf('sysrec', 'rkbytes')).toBe('sdr_sysrec_r_bytes_per_second');
  expect(nameOf('sysrec', 'memused')).toBe('sdr_sysrec_memused_bytes');
  expect(nameOf('sysrec', 'memusedpct')).toBe('sdr_sysrec_memused_ratio');
  expect(nameOf('sysrec', 'reads')).toBe('sdr_sysrec_reads_per_second');
  expect(nameOf('sysrec', 'avg1')).toBe('sdr_sysrec_avg1_tasks');
  expect(nameOf('cpurec', 'userpct')).toBe('sdr_cpurec_user_ratio');
  expect(nameOf('nicrec', 'rxpkt')).toBe('sdr_nicrec_rx_packets_per_second');
  expect(nameOf('nicrec', 'rxerr')).toBe('sdr_nicrec_rxerr_per_second');
  expect(nameOf('diskrec', 'size')).toBe('sdr_diskrec_size_bytes');
  expect(nameOf('hdwrec', 'memtotal')).toBe('sdr_hdwrec_memtotal_bytes');
  expect(nameOf('hdwrec', 'vcpu')).toBe('sdr_hdwrec_vcpu');
  expect(nameOf('xenrec', 'vbdrsect')).toBe('sdr_xenrec_vbdr_bytes');
  expect(nameOf('sdrrec', 'cpu_sec')).toBe('sdr_sdrrec_cpu_seconds');
  expect(nameOf('sdrrec', 'cpu_pct')).toBe('sdr_sdrrec_cpu_ratio');
  expect(nameOf('sdrrec', 'rss')).toBe('sdr_sdrrec_rss_bytes');
  expect(nameOf('sdrrec', 'sysrec_lat_max')).toBe('sdr_sdrrec_sysrec_lat_max_seconds');
});

test('every name is a valid, unique Prometheus name that says no unit but its last', () => {
  const unitWords = new Set(['bytes', 'seconds', 'ratio', 'kbytes', 'mbytes', 'gbytes', 'pct', 'percent', 'kb', 'mb', 'gb', 'ms', 'sec', 's', 'kib', 'mib', 'gib', 'sect', 'pkt']);
  const all = lmoNames().flatMap((n) => valueColumns(n).map((c) => ({ name: c.metric, suffix: c.unit.suffix })));
  expect(all.length).toBeGreaterThan(150);
  expect(new Set(all.map((a) => a.name)).size).toBe(all.length);
  for (const { name, suffix } of all) {
    expect(name).toMatch(/^sdr_[a-z][a-z0-9_]*$/);
    const stem = suffix === '' ? name : name.slice(0, -suffix.length - 1);
    const said = stem.split('_').flatMap((w) => [...unitWords].filter((u) => w === u || (u.length > 2 && w.endsWith(u) && w !== u)));
    expect({ name, said }).toEqual({ name, said: [] });
  }
});

test('the device field is a label, the other strings the labels of _info, and the table converts to base units', () => {
  expect(recorderMapping('diskrec').device).toBe('diskid');
  expect(recorderMapping('diskrec').info).toMatchObject({ metric: 'sdr_diskrec_info', labels: ['mountpoint'] });
  expect(recorderMapping('sysrec').info).toBeUndefined();
  expect(recorderMapping('xenrec').info!.labels).toEqual(['state']);
  expect(inBaseUnit(12.34, METRIC_UNITS['%'])).toBe(0.1234);
  expect(inBaseUnit(2, METRIC_UNITS.KiB)).toBe(2048);
  expect(inBaseUnit(1.5, METRIC_UNITS.GiB)).toBe(1.5 * 2 ** 30);
  expect(inBaseUnit(1500, METRIC_UNITS.ms)).toBe(1.5);
  expect(inBaseUnit(3, METRIC_UNITS.sectors)).toBe(1536);
  expect(conversionWords(METRIC_UNITS.KiB)).toBe('× 1,024');
  expect(conversionWords(METRIC_UNITS['%'])).toBe('÷ 100');
  expect(conversionWords(METRIC_UNITS.s)).toBe('as is');
});

test('a row read by its header: empty fields left out, the device apart, malformed rows refused', () => {
  const m = recorderMapping('diskrec');
  // An older file: its header lacks mountpoint and holds a column the LMO no longer has.
  const columns = columnsOfHeader(m, ['timestamp', 'diskid', 'reads', 'gone', 'usedpct']);
  const p = rowPoint(columns, ['1700000000.250', 'sda', '', '7', '55.5']);
  expect(p).toMatchObject({ time: '1700000000.250', ms: 1700000000250, device: 'sda', labelNames: [] });
  expect(p.columns.map((c, i) => [c.field.name, p.values[i], p.texts[i]])).toEqual([['usedpct', 55.5, '55.5']]);
  expect(() => rowPoint(columns, ['1700000000', 'sda', '1'])).toThrow('3 fields where the header has 5');
  expect(() => rowPoint(columns, ['1700000000', 'sda', 'x1', '', ''])).toThrow("reads 'x1' is not a number");
  expect(() => rowPoint(columns, ['yesterday', 'sda', '', '', ''])).toThrow("timestamp 'yesterday' is not epoch seconds");
  const ints = columnsOfHeader(recorderMapping('sysrec'), ['timestamp', 'runqsz']);
  expect(() => rowPoint(ints, ['1700000000', '2.5'])).toThrow("runqsz '2.5' is not an integer");
  expect(timestampMs('1700000000')).toBe(1700000000000);
  expect(timestampMs('1700000000.5')).toBe(1700000000500);
  expect(timestampMs('1700000000.123')).toBe(1700000000123);
});
