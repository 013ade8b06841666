// The pictures of the recorders over a period: each recorder's rows read once, into its charts,
// cpurec's heat map and cpuplayer, hdwrec's inventory.
import type { Lmo } from '../core/lmo.js';
import { recordedRowBatches, recordedTexts, type ReadProblems } from '../transport/recorded-rows.js';
import { delimiterOf, splitCsvLine } from '../transport/raw-reader.js';
import { chartsOf } from './charts.js';
import { RecorderCharts, bucketSeconds } from './chart-data.js';
import { CpuPlayerBuilder, PLAYER_FIELDS } from './cpu-player-data.js';
import { RowValues } from './row-values.js';
import { deviceField } from './summary.js';
import { InventoryBuilder } from './inventory-data.js';
import type { RecorderPictures } from './html-page.js';
import type { ReportFiles } from './report-files.js';
import { originalRowBatches } from './original-rows.js';
import type { Period } from './period.js';

export async function recorderPictures(lmo: Lmo, { files, originals }: ReportFiles, period: Period, problems: ReadProblems): Promise<RecorderPictures> {
  const bucket = bucketSeconds(period.from, period.to);
  const inventory = lmo.name === 'hdwrec' ? new InventoryBuilder(lmo) : undefined;
  const specs = inventory ? [] : chartsOf(lmo);
  const playing = lmo.name === 'cpurec';
  const rows = new RowValues([...new Set([...specs.flatMap((s) => s.fields), ...(playing ? PLAYER_FIELDS : [])])], deviceField(lmo));
  const charts = new RecorderCharts(specs, period.from, period.to, bucket, rows);
  const player = playing ? new CpuPlayerBuilder(period.from, period.to, bucket, rows) : undefined;
  // The original agents' rows first: the history before the switch to sdr.
  for await (const batch of originalRowBatches(originals, lmo.name, period.from, period.to, problems)) {
    for (const row of batch) {
      if (inventory) {
        inventory.add(row);
        continue;
      }
      rows.load(row.fields, row.columns);
      charts.add(row.timestamp);
      player?.add(row.timestamp);
    }
  }
  if (inventory) {
    for await (const batch of recordedRowBatches(files, period.from, period.to, problems)) for (const row of batch) inventory.add(row);
  } else {
    let file = '';
    let columns = new Map<string, number>();
    let delimiter = ',';
    for await (const chunk of recordedTexts(files, problems)) {
      const { text } = chunk;
      for (let start = 0; start < text.length;) {
        const nl = text.indexOf('\n', start);
        const end = text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        if (chunk.file !== file || text.startsWith('timestamp', start)) {
          // A file's header, or one again after a restart that repaired the file.
          file = chunk.file;
          const header = text.slice(start, end);
          delimiter = delimiterOf(header);
          columns = new Map(splitCsvLine(header, delimiter).map((name, i) => [name, i]));
        } else if (end > start) {
          const t = rows.read(text, start, end, columns, delimiter);
          if (Number.isNaN(t)) problems.skipped++;
          else if (t >= period.from && t < period.to) {
            charts.add(t);
            player?.add(t);
          }
        }
        start = nl + 1;
      }
    }
  }
  const reduced = charts.reduced;
  return {
    name: lmo.name,
    description: lmo.description.split('. ')[0].replace(/\.$/, ''),
    reduced: reduced ? `The rows are more than the page can hold: each line shows the lowest and the highest value of every ${bucket} s (stacked areas their average), so spikes stay visible.` : undefined,
    charts: charts.data(),
    cpus: player?.data(),
    inventory: inventory?.data(),
  };
}
