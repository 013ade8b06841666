// The mapping of every LMO field to what the engines receive, as a table: the line protocol field
// and its type, the series name of remote write and /metrics, the conversion to its base unit and
// its labels. Walked out of the one mapping (output/metric-mapping.ts), so it cannot drift from it.
import { lmoNames, loadLmo, type Lmo } from '../core/lmo.js';
import { mappingOfLmo, type RecorderMapping } from '../output/metric-mapping.js';
import { conversionWords } from '../output/metric-units.js';
import { roffText } from './roff.js';

export interface SeriesRow {
  recorder: string;
  field: string;
  unit: string;
  /** "userpct (float)", "mountpoint (string)", "cpuid (tag)". */
  lineProtocol: string;
  /** The series of remote write and /metrics; '' for the device (a label). */
  series: string;
  conversion: string;
  labels: string;
}

function labelsOf(m: RecorderMapping, extra: string[] = []): string {
  return ['host', ...(m.device ? [m.device] : []), ...extra].join(', ');
}

export function seriesRows(lmos: Lmo[] = lmoNames().map(loadLmo)): SeriesRow[] {
  return lmos.flatMap((lmo) => {
    const recorder = lmo.name;
    const m = mappingOfLmo(lmo);
    return m.columns.flatMap((c): SeriesRow[] => {
      if (c.kind === 'time' || c.kind === 'unknown') return [];
      const base = { recorder, field: c.field.name, unit: c.field.unit };
      if (c.kind === 'device') return [{ ...base, lineProtocol: `${c.field.name} (tag)`, series: '', conversion: '', labels: `the label ${c.field.name} of every series` }];
      if (c.kind === 'text') return [{ ...base, lineProtocol: `${c.field.name} (string)`, series: m.info!.metric, conversion: 'a label, value 1', labels: labelsOf(m, m.info!.labels) }];
      return [{ ...base, lineProtocol: `${c.field.name} (${c.field.type === 'int' ? 'integer' : 'float'})`, series: c.metric, conversion: conversionWords(c.unit), labels: labelsOf(m) }];
    });
  });
}

export const SERIES_MARKS = ['<!-- engine-series: written by `npm run man` from lmo/ -->', '<!-- end of engine-series -->'] as const;

export function seriesMarkdown(): string {
  return [
    '| recorder | field | LMO unit | line protocol | remote write and /metrics | to base unit | labels |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...seriesRows().map((r) => `| ${r.recorder} | \`${r.field}\` | ${r.unit || '—'} | ${r.lineProtocol} | ${r.series ? `\`${r.series}\`` : '—'} | ${r.conversion || '—'} | ${r.labels} |`),
  ].join('\n');
}

/** The README with its table of series written anew. */
export function withSeriesTable(readme: string): string {
  const [begin, end] = SERIES_MARKS;
  const from = readme.indexOf(begin);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md lacks the marks ${begin} … ${end}`);
  return `${readme.slice(0, from + begin.length)}\n${seriesMarkdown()}\n${readme.slice(to)}`;
}

/** A recorder's page: the ENGINES section, one item per field. */
export function seriesRoff(lmo: Lmo, heading = 'ENGINES'): string[] {
  const recorder = lmo.name;
  let rows: SeriesRow[];
  try {
    rows = seriesRows([lmo]);
  } catch {
    // An LMO whose unit has no metric rule has no mapping to tell (test/output holds every real LMO to one).
    return [];
  }
  return [
    `.Sh ${heading}`,
    roffText(`What sdr send and sdr run send of each field to an engine platform (influx: InfluxDB line protocol, measurement ${recorder}; remote-write: Prometheus remote write), ` +
      'and what the /metrics endpoint of sdr run serves: the line protocol field and its type, the series name, its conversion to the base unit and its labels. ' +
      'Every point carries the label host, and the tags the platform adds. An empty field is sent as nothing, never as 0.'),
    '.Bl -tag -width Ds',
    ...rows.flatMap((r) => [
      `.It Sy ${r.field}`,
      roffText(r.series === '' ? `Line protocol: the tag ${r.field}. Remote write and /metrics: ${r.labels}.`
        : `Line protocol: ${r.lineProtocol}. Remote write and /metrics: ${r.series}, ${r.conversion}; labels ${r.labels}.`),
    ]),
    '.El',
  ];
}
