// One self-contained HTML file: uPlot's script and style inlined, the data as JSON, the page's own
// script (page-script.ts) as source. Nothing is fetched: it opens from a file:// URL or a mail.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ChartData } from './chart-data.js';
import type { CpuPictures } from './cpu-player-data.js';
import type { InventoryField } from './inventory-data.js';
import { reportPage } from './page-script.js';

export interface RecorderPictures {
  name: string;
  description: string;
  /** "min and max per 60 s", when rows were reduced; else undefined. */
  reduced?: string;
  charts: ChartData[];
  cpus?: CpuPictures;
  inventory?: InventoryField[];
}

export interface PageData {
  title: string;
  tz: string;
  from: number;
  to: number;
  recorders: RecorderPictures[];
}

const require = createRequire(import.meta.url);
const asset = (name: string) => readFileSync(require.resolve(`uplot/dist/${name}`), 'utf8');

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 16px 24px; color: #222; }
h1 { font-size: 20px; } h2 { font-size: 17px; border-bottom: 1px solid #ccc; margin-top: 28px; } h3 { font-size: 14px; margin: 14px 0 4px; }
.note { color: #666; font-size: 12px; margin: 2px 0; }
table.inventory { border-collapse: collapse; } table.inventory td, table.inventory th { border: 1px solid #ddd; padding: 2px 8px; text-align: left; }
tr.changed td { background: #fff3cd; }
.controls { display: flex; gap: 10px; align-items: center; } .controls input { width: 320px; }
`;

/** JSON safe inside a <script> element: no "</script>" or "<!--" can end it early. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c');
}

export function htmlPage(data: PageData): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)}</title>
<style>${asset('uPlot.min.css')}${STYLE}</style>
</head><body>
<h1>${escapeHtml(data.title)}</h1>
<div id="report"></div>
<script>${asset('uPlot.iife.min.js')}</script>
<script>(${reportPage.toString()})(${scriptJson(data)});</script>
</body></html>
`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
