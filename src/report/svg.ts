// The same charts as the page, as SVG files for reports and wikis: drawn from the same data,
// readable without a browser's scripts. A line per series (broken where rows are missing), time
// and value axes with a few labelled ticks in the report's time zone, a legend.
import type { ChartData } from './chart-data.js';
import type { CpuPictures } from './cpu-player-data.js';
import { escapeHtml } from './html-page.js';
import { wallTime } from './period.js';

const W = 900;
const H = 300;
const M = { left: 70, right: 20, top: 30, bottom: 70 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
  '#393b79', '#ad494a', '#637939', '#e7969c', '#7b4173', '#3182bd'];

const svgText = (x: number, y: number, s: string, anchor = 'start', size = 11) =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" text-anchor="${anchor}" font-size="${size}" font-family="sans-serif">${escapeHtml(s)}</text>`;

/** A round step for about `n` ticks over a span. */
function niceStep(span: number, n: number): number {
  const raw = span / n;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  return [1, 2, 2.5, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? 10 * mag;
}

function frame(title: string, body: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<rect width="${W}" height="${H}" fill="#ffffff"/>
${svgText(M.left, 18, title, 'start', 13)}
${body.join('\n')}
</svg>
`;
}

export function chartSvg(c: ChartData, tz: string): string {
  const x0 = c.x[0];
  const x1 = c.x[c.x.length - 1];
  // Stacked areas: each line drawn at the sum of itself and those below it.
  let values = c.lines.map((l) => l.values);
  if (c.spec.stacked) {
    const sums: (number | null)[][] = [];
    values.forEach((v, i) => sums.push(v.map((x, j) => (x === null ? null : x + (i > 0 ? sums[i - 1][j] ?? 0 : 0)))));
    values = sums;
  }
  let yMax = 0;
  for (const v of values) for (const y of v) if (y !== null && y > yMax) yMax = y;
  const step = niceStep(yMax || 1, 4);
  yMax = Math.ceil((yMax || 1) / step) * step;
  const px = (t: number) => M.left + ((t - x0) / Math.max(1, x1 - x0)) * (W - M.left - M.right);
  const py = (v: number) => H - M.bottom - (v / yMax) * (H - M.top - M.bottom);
  const body: string[] = [];
  for (let v = 0; v <= yMax + 1e-9; v += step) {
    body.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${py(v).toFixed(1)}" y2="${py(v).toFixed(1)}" stroke="#e5e5e5"/>`);
    body.push(svgText(M.left - 6, py(v) + 4, `${Number(v.toFixed(2))}`, 'end'));
  }
  body.push(svgText(14, H / 2, c.spec.unit, 'middle'));
  for (let i = 0; i <= 4; i++) {
    const t = x0 + ((x1 - x0) * i) / 4;
    body.push(svgText(px(t), H - M.bottom + 16, wallTime(t, tz).slice(x1 - x0 > 86400 ? 5 : 11, 16), 'middle'));
  }
  values.forEach((v, i) => {
    const segments: string[][] = [[]];
    v.forEach((y, j) => {
      if (y === null) segments.push([]);
      else segments[segments.length - 1].push(`${px(c.x[j]).toFixed(1)},${py(y).toFixed(1)}`);
    });
    for (const s of segments.filter((s) => s.length > 0)) {
      body.push(`<polyline fill="none" stroke="${COLORS[c.lines[i].color % COLORS.length]}" stroke-width="1.2" points="${s.join(' ')}" data-series="${escapeHtml(c.lines[i].label)}"/>`);
    }
  });
  c.lines.forEach((l, i) => {
    const x = M.left + (i % 6) * 135;
    const y = H - 26 + Math.floor(i / 6) * 14;
    body.push(`<rect x="${x}" y="${y - 9}" width="10" height="10" fill="${COLORS[l.color % COLORS.length]}"/>`, svgText(x + 14, y, l.label));
  });
  return frame(`${c.spec.title} (${c.spec.unit || 'count'})${c.note ? `, ${c.note}` : ''}`, body);
}

/** The heat map of every CPU's busy %, at most 300 columns. */
export function heatMapSvg(p: CpuPictures): string {
  const cols = Math.min(300, p.t.length);
  const per = p.t.length / cols;
  const rowH = Math.max(2, Math.floor((H - M.top - 30) / p.cpus.length));
  const cellW = (W - M.left - M.right) / cols;
  const body: string[] = [];
  p.busy.forEach((row, c) => {
    for (let k = 0; k < cols; k++) {
      let v: number | null = null;
      for (let b = Math.floor(k * per); b < Math.floor((k + 1) * per); b++) if (row[b] !== null && (v === null || row[b]! > v)) v = row[b];
      if (v === null) continue;
      const x = Math.min(1, Math.max(0, v / 100));
      body.push(`<rect x="${(M.left + k * cellW).toFixed(1)}" y="${M.top + c * rowH}" width="${cellW.toFixed(2)}" height="${rowH}" ` +
        `fill="rgb(${255 - Math.round(x * 100)},${Math.round(235 - x * 215)},${Math.round(160 - x * 140)})"/>`);
    }
  });
  body.push(svgText(M.left - 6, M.top + 10, p.cpus[0], 'end'), svgText(M.left - 6, M.top + p.cpus.length * rowH, p.cpus[p.cpus.length - 1], 'end'));
  return frame('Busy % of every CPU (pale: idle, dark red: busy)', body);
}

/** The cpuplayer at its busiest moment: each CPU a point between idle, user and system time. */
export function playerSvg(p: CpuPictures, tz: string): string {
  const corner = { idle: [450, 40], user: [250, 270], system: [650, 270] };
  // The step where the CPUs were busiest together: the most telling still.
  let best = 0;
  let most = -1;
  p.t.forEach((_, b) => {
    const busy = p.busy.reduce((s, row) => s + (row[b] ?? 0), 0);
    if (busy > most) {
      most = busy;
      best = b;
    }
  });
  const body = [`<polygon points="${corner.idle} ${corner.user} ${corner.system}" fill="#f7f7f7" stroke="#555"/>`,
    svgText(corner.idle[0], corner.idle[1] - 6, 'idle', 'middle'), svgText(corner.user[0], corner.user[1] + 14, 'user', 'middle'),
    svgText(corner.system[0], corner.system[1] + 14, 'system', 'middle')];
  p.shares.forEach((row, c) => {
    const s = row[best];
    if (s === null) return;
    const x = s[0] * corner.idle[0] + s[1] * corner.user[0] + s[2] * corner.system[0];
    const y = s[0] * corner.idle[1] + s[1] * corner.user[1] + s[2] * corner.system[1];
    body.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="4" fill="${COLORS[c % COLORS.length]}" fill-opacity="0.75" data-cpu="${escapeHtml(p.cpus[c])}"/>`);
  });
  return frame(`cpuplayer at ${wallTime(p.t[best], tz)} ${tz}, the busiest moment`, body);
}
