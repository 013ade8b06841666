// The one mapping of a recorder's rows to engine points, read from its LMO alone: line protocol,
// remote write and the /metrics endpoint all take names, units, types and labels from here.
//
//   timestamp                 the point's time
//   the LMO's "device" field  a tag / label named as the field (cpuid="cpu0")
//   int, float (and time)     a value; series sdr_<recorder>_<field>_<base unit>, converted to the base unit
//   other string fields       line protocol: string fields; Prometheus: labels of sdr_<recorder>_info = 1
import { loadLmo, type Lmo, type LmoField } from '../core/lmo.js';
import { RuntimeError } from '../core/errors.js';
import { metricUnit, type MetricUnit } from './metric-units.js';

export interface ValueColumn {
  kind: 'value';
  /** Its place among the recorder's value columns, from 0. */
  index: number;
  field: LmoField;
  /** The series name (remote write, /metrics). */
  metric: string;
  unit: MetricUnit;
  help: string;
}

export type Column =
  | { kind: 'time'; field: LmoField }
  | { kind: 'device'; field: LmoField }
  | { kind: 'text'; field: LmoField }
  | ValueColumn
  /** A column of a raw file that its recorder's LMO no longer has: not sent. */
  | { kind: 'unknown'; name: string };

export interface RecorderMapping {
  recorder: string;
  /** In the LMO's order. */
  columns: Column[];
  /** The label naming the device, for per-device recorders. */
  device?: string;
  /** sdr_<recorder>_info, when the recorder has string fields besides its device. */
  info?: { metric: string; help: string; labels: string[] };
}

export const METRIC_PREFIX = 'sdr_';

/** "rkbytes" in KiB/s -> "r_bytes_per_second"; "cpu_pct" in % -> "cpu_ratio"; "reads" in req/s -> "reads_per_second". */
export function metricStem(field: string, unit: MetricUnit): string {
  let stem = field;
  for (const spelled of unit.spelled) {
    if (field.endsWith(spelled) && field.length > spelled.length) {
      stem = field.slice(0, -spelled.length).replace(/_+$/, '');
      break;
    }
  }
  return unit.suffix === '' ? stem : `${stem}_${unit.suffix}`;
}

function helpOf(field: LmoField, unit: MetricUnit): string {
  const converted = unit.multiply !== 1 || unit.divide !== 1;
  return `${field.description} (${field.name}${field.unit !== '' ? `, ${field.unit}` : ''}${converted ? `, converted to ${unit.suffix.replace(/_/g, ' ')}` : ''})`;
}

/** The mapping of an LMO; RuntimeError when a unit has no rule or two fields would make one name. */
export function mappingOfLmo(lmo: Lmo): RecorderMapping {
  const names = new Map<string, string>();
  const texts: string[] = [];
  let values = 0;
  const columns = lmo.fields.map((field, i): Column => {
    if (i === 0) return { kind: 'time', field };
    if (field.name === lmo.device) return { kind: 'device', field };
    if (field.type === 'string') {
      texts.push(field.name);
      return { kind: 'text', field };
    }
    const unit = metricUnit(field.unit);
    if (unit === undefined) {
      throw new RuntimeError(`lmo/${lmo.name}.json: ${field.name}: the unit '${field.unit}' has no metric rule (src/output/metric-units.ts)`);
    }
    const metric = `${METRIC_PREFIX}${lmo.name}_${metricStem(field.name, unit)}`;
    const before = names.get(metric);
    if (before !== undefined) throw new RuntimeError(`lmo/${lmo.name}.json: ${before} and ${field.name} would both be sent as ${metric}`);
    names.set(metric, field.name);
    return { kind: 'value', index: values++, field, metric, unit, help: helpOf(field, unit) };
  });
  const info = texts.length === 0 ? undefined : {
    metric: `${METRIC_PREFIX}${lmo.name}_info`,
    help: `The string fields of ${lmo.name} as labels (${texts.join(', ')}); the value is always 1`,
    labels: texts,
  };
  if (info !== undefined && names.has(info.metric)) throw new RuntimeError(`lmo/${lmo.name}.json: ${names.get(info.metric)} would be sent as ${info.metric}`);
  return { recorder: lmo.name, columns, device: lmo.device, info };
}

const cache = new Map<string, RecorderMapping>();

export function recorderMapping(recorder: string): RecorderMapping {
  let m = cache.get(recorder);
  if (m === undefined) {
    m = mappingOfLmo(loadLmo(recorder));
    cache.set(recorder, m);
  }
  return m;
}

/**
 * The columns of a raw file by its header: a file written by an older sdr may lack fields of
 * today's LMO, or hold some it no longer has, and its values are matched by name, never by place.
 */
export function columnsOfHeader(mapping: RecorderMapping, header: string[]): Column[] {
  const byName = new Map(mapping.columns.map((c) => [c.kind === 'unknown' ? c.name : c.field.name, c]));
  return header.map((name) => byName.get(name) ?? { kind: 'unknown', name });
}

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** A field's text as a number, or undefined when it is not one. */
export function numberOf(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text) : undefined;
}

/** The value in the series' base unit. */
export function inBaseUnit(value: number, unit: MetricUnit): number {
  return unit.multiply === 1 && unit.divide === 1 ? value : (value * unit.multiply) / unit.divide;
}

const TIMESTAMP = /^(\d{1,12})(?:\.(\d{1,3}))?$/;

/** A row's timestamp, epoch seconds with 0 to 3 decimals, as whole milliseconds (exactly, no float); undefined when malformed. */
export function timestampMs(text: string): number | undefined {
  const m = TIMESTAMP.exec(text);
  if (m === null) return undefined;
  return Number(m[1]) * 1000 + (m[2] === undefined ? 0 : Number(m[2].padEnd(3, '0')));
}
