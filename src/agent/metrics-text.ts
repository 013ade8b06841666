// The text of GET /metrics: the latest row of every running recorder as gauges, named and
// labelled as remote write sends them (output/metric-mapping.ts), with HELP from the LMO and
// TYPE; the string fields as the labels of an _info series. Prometheus' text format 0.0.4, or
// OpenMetrics 1.0 (info families typed as such, `# EOF` last). Made from memory only.
import { loadLmo } from '../core/lmo.js';
import { rowFormatter } from '../output/format.js';
import { inBaseUnit, numberOf, recorderMapping, type ValueColumn } from '../output/metric-mapping.js';
import type { LatestRows } from './run-metrics.js';

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

/** The families of one recorder's latest sample. */
function recorderText(recorder: string, latest: LatestRows, fixed: string, format: Exposition): string {
  const mapping = recorderMapping(recorder);
  const formatted = latest.rows.map(rowFormatter(loadLmo(recorder)));
  const deviceAt = mapping.columns.findIndex((c) => c.kind === 'device') - 1;
  const labelsOf = (fields: string[]) => {
    const device = deviceAt >= 0 && fields[deviceAt] !== '' ? `,${mapping.device}="${escapeLabel(fields[deviceAt])}"` : '';
    return `${fixed}${device}`;
  };
  let out = '';
  mapping.columns.forEach((c, i) => {
    if (c.kind !== 'value') return;
    const column = c as ValueColumn;
    let samples = '';
    for (const fields of formatted) {
      const n = numberOf(fields[i - 1]);
      if (n !== undefined) samples += `${column.metric}{${labelsOf(fields)}} ${valueText(inBaseUnit(n, column.unit))}\n`;
    }
    if (samples !== '') out += `# HELP ${column.metric} ${escapeHelp(column.help)}\n# TYPE ${column.metric} gauge\n${samples}`;
  });
  const info = mapping.info;
  if (info !== undefined) {
    const at = info.labels.map((name) => mapping.columns.findIndex((c) => c.kind === 'text' && c.field.name === name) - 1);
    let samples = '';
    for (const fields of formatted) {
      const texts = info.labels.map((name, k) => (fields[at[k]] === '' ? '' : `,${name}="${escapeLabel(fields[at[k]])}"`)).join('');
      if (texts !== '') samples += `${info.metric}{${labelsOf(fields)}${texts}} 1\n`;
    }
    if (samples !== '') {
      // OpenMetrics types an info family by its name without _info.
      const family = format === 'openmetrics' ? info.metric.replace(/_info$/, '') : info.metric;
      out += `# HELP ${family} ${escapeHelp(info.help)}\n# TYPE ${family} ${format === 'openmetrics' ? 'info' : 'gauge'}\n${samples}`;
    }
  }
  return out;
}

/** The whole exposition; `labels` are those of every series (host). */
export function metricsText(latest: ReadonlyMap<string, LatestRows>, labels: [string, string][], format: Exposition): string {
  const fixed = labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',');
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
