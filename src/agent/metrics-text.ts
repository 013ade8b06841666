// The text of GET /metrics: the latest row of every running recorder as gauges, named and
// labelled as remote write sends them (output/metric-mapping.ts), with HELP from the LMO and
// TYPE; the string fields as the labels of an _info series. Prometheus' text format 0.0.4, or
// OpenMetrics 1.0 (info families typed as such, `# EOF` last). Made from memory only.
import { inBaseUnit, numberOf, recorderMapping, type ValueColumn } from '../output/metric-mapping.js';
import type { LatestRows } from './run-metrics.js';
import type { Value } from '../recorders/recorder.js';

export type Exposition = 'text' | 'openmetrics';

export const CONTENT_TYPES: Record<Exposition, string> = {
  text: 'text/plain; version=0.0.4; charset=utf-8',
  openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
};

const escapeHelp = (s: string) => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeLabel = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** A number as both formats write it. */
function valueText(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return String(v);
}

interface Family {
  /** "# HELP …\n# TYPE …\n". */
  head: string;
  metric: string;
  unit: ValueColumn['unit'];
  /** The field's place in a row of values (after the timestamp). */
  at: number;
  float: boolean;
}

/** What does not change between samples: each family's name, head and field, once per recorder and format. */
const families = new Map<string, Family[]>();

function familiesOf(recorder: string): Family[] {
  let f = families.get(recorder);
  if (f === undefined) {
    f = recorderMapping(recorder).columns.filter((c): c is ValueColumn => c.kind === 'value').map((c) => ({
      head: `# HELP ${c.metric} ${escapeHelp(c.help)}\n# TYPE ${c.metric} gauge\n`,
      metric: c.metric, unit: c.unit, at: recorderMapping(recorder).columns.indexOf(c) - 1, float: c.field.type !== 'int',
    }));
    families.set(recorder, f);
  }
  return f;
}

/**
 * A field's value as the raw file has it (the recorders print floats with two decimals, ints
 * whole), so that /metrics says what remote write of the same row says; undefined when empty.
 */
function valueOf(v: Value, float: boolean): number | undefined {
  if (v === null) return undefined;
  if (typeof v === 'number') return float ? (Math.abs(v) < 0.005 ? 0 : Number(v.toFixed(2))) : Math.trunc(v);
  return numberOf(v);
}

/** The families of one recorder's latest sample. */
export function recorderText(recorder: string, latest: LatestRows, fixed: string, format: Exposition): string {
  const mapping = recorderMapping(recorder);
  const deviceAt = mapping.columns.findIndex((c) => c.kind === 'device') - 1;
  // Each row's labels, made once for all its series.
  const labels = latest.rows.map((row) => {
    const d = deviceAt >= 0 ? row[deviceAt] : null;
    return d === null || d === '' ? `{${fixed}} ` : `{${fixed},${mapping.device}="${escapeLabel(String(d))}"} `;
  });
  const parts: string[] = [];
  for (const f of familiesOf(recorder)) {
    let first = true;
    for (let r = 0; r < latest.rows.length; r++) {
      const n = valueOf(latest.rows[r][f.at], f.float);
      if (n === undefined) continue;
      if (first) parts.push(f.head);
      first = false;
      parts.push(`${f.metric}${labels[r]}${valueText(inBaseUnit(n, f.unit))}\n`);
    }
  }
  const info = mapping.info;
  if (info !== undefined) {
    const at = info.labels.map((name) => mapping.columns.findIndex((c) => c.kind === 'text' && c.field.name === name) - 1);
    let samples = '';
    latest.rows.forEach((row, r) => {
      const texts = info.labels.map((name, k) => (row[at[k]] === null || row[at[k]] === '' ? '' : `,${name}="${escapeLabel(String(row[at[k]]))}"`)).join('');
      if (texts !== '') samples += `${info.metric}${labels[r].slice(0, -2)}${texts}} 1\n`;
    });
    if (samples !== '') {
      // OpenMetrics types an info family by its name without _info.
      const family = format === 'openmetrics' ? info.metric.replace(/_info$/, '') : info.metric;
      parts.push(`# HELP ${family} ${escapeHelp(info.help)}\n# TYPE ${family} ${format === 'openmetrics' ? 'info' : 'gauge'}\n${samples}`);
    }
  }
  return parts.join('');
}

/** The labels of every series (host), as written inside the braces. */
export function fixedLabels(labels: [string, string][]): string {
  return labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',');
}

/** The whole exposition; `labels` are those of every series (host). */
export function metricsText(latest: ReadonlyMap<string, LatestRows>, labels: [string, string][], format: Exposition): string {
  const fixed = fixedLabels(labels);
  let out = '';
  for (const recorder of [...latest.keys()].sort()) out += recorderText(recorder, latest.get(recorder)!, fixed, format);
  return format === 'openmetrics' ? `${out}# EOF\n` : out;
}

/** Which format an Accept header asks for: OpenMetrics when it weighs at least as much as the text format. */
export function expositionOf(accept: string | undefined): Exposition {
  if (accept === undefined) return 'text';
  let om = 0;
  let text = 0;
  for (const part of accept.split(',')) {
    const [type, ...params] = part.trim().split(';').map((s) => s.trim());
    const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? 1);
    if (type === 'application/openmetrics-text') om = Math.max(om, q);
    if (type === 'text/plain' || type === '*/*') text = Math.max(text, q);
  }
  return om > 0 && om >= text ? 'openmetrics' : 'text';
}
