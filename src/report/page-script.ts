// The script of a report's page, run in the browser: it draws the charts with uPlot (inlined in
// the page), the heat map and the cpuplayer of cpurec, and the inventory of hdwrec, from the data
// the page carries. It is compiled with the rest and put into the page as its source
// (`reportPage.toString()`), so it may use nothing but the browser, uPlot and its argument.
/* eslint-disable @typescript-eslint/no-explicit-any */

declare const uPlot: any;

/** Runs in the page: `data` is the PageData of html-page.ts. */
export function reportPage(data: any): void {
  const doc = document;
  const el = (tag: string, attrs: Record<string, string> = {}, text?: string): HTMLElement => {
    const e = doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const svgEl = (tag: string, attrs: Record<string, string | number>): SVGElement => {
    const e = doc.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    return e;
  };
  const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
    '#393b79', '#ad494a', '#637939', '#e7969c', '#7b4173', '#3182bd'];
  const tz: string = data.tz;
  // ISO order (2026-12-01 14:03:22), whatever the reader's locale: day and month never swap.
  const timeFmt = new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const when = (t: number) => timeFmt.format(new Date(t * 1000)).replace(',', '');
  /** Time ticks: the hour and minute, with the day where it changes or the span is days. */
  const axisTime = (t: number, splits: number[]) => {
    const w = when(t);
    const days = splits.length > 1 && splits[splits.length - 1] - splits[0] > 86400;
    const first = splits.indexOf(t) === 0 || when(splits[Math.max(0, splits.indexOf(t) - 1)]).slice(0, 10) !== w.slice(0, 10);
    return days || first ? `${w.slice(5, 10)} ${w.slice(11, 16)}` : w.slice(11, 16);
  };
  const num = (v: number | null | undefined, unit: string) =>
    v === null || v === undefined ? '–' : `${Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : Number(v.toFixed(2))} ${unit}`.trim();

  const root = doc.getElementById('report')!;
  const charts: any[] = [];
  let syncing = false;
  /** A zoom in one chart moves every chart to the same range. */
  const syncScales = (u: any, key: string) => {
    if (key !== 'x' || syncing) return;
    syncing = true;
    const { min, max } = u.scales.x;
    for (const other of charts) if (other !== u) other.setScale('x', { min, max });
    syncing = false;
  };

  const chartWidth = () => Math.max(480, Math.min(1100, root.clientWidth - 20));

  function drawChart(parent: HTMLElement, c: any): void {
    const box = el('div', { class: 'chart', 'data-chart': c.spec.id });
    box.appendChild(el('h3', {}, `${c.spec.title} (${c.spec.unit || 'count'})`));
    if (c.note) box.appendChild(el('p', { class: 'note' }, c.note));
    parent.appendChild(box);
    const lines = c.lines;
    let values = lines.map((l: any) => l.values);
    const stacked = c.spec.stacked;
    if (stacked) {
      // Areas stacked from the first line up: each drawn as the sum of itself and those below, the
      // highest first so that the lower ones paint over it; the legend shows each one's own value.
      const sums: (number | null)[][] = [];
      values.forEach((v: (number | null)[], i: number) => sums.push(v.map((x, j) => (x === null ? null : x + (i > 0 ? (sums[i - 1][j] ?? 0) : 0)))));
      values = sums.reverse();
    }
    const order = stacked ? lines.map((_: any, i: number) => lines.length - 1 - i) : lines.map((_: any, i: number) => i);
    const series = [{ value: (_u: any, t: number) => (t === null ? '–' : when(t)) }, ...order.map((i: number) => ({
      label: lines[i].label,
      stroke: COLORS[lines[i].color % COLORS.length],
      width: 1.25,
      fill: stacked ? `${COLORS[lines[i].color % COLORS.length]}99` : undefined,
      value: (_u: any, _v: number, _si: number, idx: number | null) => (idx === null ? '–' : num(lines[i].values[idx], c.spec.unit)),
      spanGaps: false,
    }))];
    const u = new uPlot({
      width: chartWidth(),
      height: 220,
      tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), tz),
      cursor: { sync: { key: 'sdr' }, drag: { x: true, y: false } },
      // Values of these recorders are never below 0: the value axis starts there.
      scales: { x: { time: true }, y: { range: (_u: any, _min: number, max: number) => [0, max > 0 ? max * 1.05 : 1] } },
      axes: [{ values: (_u: any, splits: number[]) => splits.map((t) => axisTime(t, splits)) }, { label: c.spec.unit, size: 70 }],
      series,
      hooks: { setScale: [syncScales] },
    }, [c.x, ...values], box);
    charts.push(u);
  }

  function drawHeatMap(parent: HTMLElement, p: any): void {
    const box = el('div', { class: 'chart', 'data-chart': 'cpurec-heatmap' });
    box.appendChild(el('h3', {}, 'Busy % of every CPU (the highest of each time step)'));
    const rowH = Math.max(3, Math.min(14, Math.floor(400 / p.cpus.length)));
    const width = chartWidth();
    const canvas = el('canvas', { width: String(width), height: String(rowH * p.cpus.length), title: 'CPU busy %' }) as HTMLCanvasElement;
    box.appendChild(canvas);
    parent.appendChild(box);
    const ctx = canvas.getContext('2d')!;
    const steps = p.t.length;
    const cell = width / steps;
    p.busy.forEach((row: (number | null)[], c: number) => row.forEach((v, b) => {
      if (v === null) return;
      const x = Math.min(1, Math.max(0, v / 100));
      // From pale yellow (idle) through orange to dark red (busy).
      ctx.fillStyle = `rgb(${255 - Math.round(x * 100)}, ${Math.round(235 - x * 215)}, ${Math.round(160 - x * 140)})`;
      ctx.fillRect(Math.floor(b * cell), c * rowH, Math.ceil(cell), rowH);
    }));
    box.appendChild(el('p', { class: 'note' }, `${p.cpus.length} CPUs, top to bottom ${p.cpus[0]} to ${p.cpus[p.cpus.length - 1]}; pale: idle, dark red: busy`));
  }

  /** The triangle's corners: idle at the top, user bottom left, system bottom right. */
  const CORNER = { idle: [150, 18], user: [18, 246], system: [282, 246] };
  const position = (s: [number, number, number]) => [
    s[0] * CORNER.idle[0] + s[1] * CORNER.user[0] + s[2] * CORNER.system[0],
    s[0] * CORNER.idle[1] + s[1] * CORNER.user[1] + s[2] * CORNER.system[1],
  ];

  function drawPlayer(parent: HTMLElement, p: any): any {
    const box = el('div', { class: 'chart player', 'data-chart': 'cpuplayer' });
    box.appendChild(el('h3', {}, 'cpuplayer: each CPU a point between idle, user and system time'));
    const svg = svgEl('svg', { viewBox: '0 0 300 264', width: 420, height: 370, role: 'img' }) as SVGSVGElement;
    svg.appendChild(svgEl('polygon', { points: `${CORNER.idle} ${CORNER.user} ${CORNER.system}`, fill: '#f7f7f7', stroke: '#555' }));
    for (const [name, [x, y]] of Object.entries(CORNER)) {
      const label = svgEl('text', { x, y: y < 100 ? y - 5 : y + 14, 'text-anchor': 'middle', 'font-size': 11 });
      label.textContent = name;
      svg.appendChild(label);
    }
    const dots = p.cpus.map((cpu: string, i: number) => {
      const d = svgEl('circle', { r: 4, fill: COLORS[i % COLORS.length], 'fill-opacity': 0.75, 'data-cpu': cpu });
      const title = svgEl('title', {});
      title.textContent = cpu;
      d.appendChild(title);
      svg.appendChild(d);
      return d;
    });
    box.appendChild(svg);
    const controls = el('div', { class: 'controls' });
    const play = el('button', { type: 'button', 'data-control': 'play' }, 'play') as HTMLButtonElement;
    const slider = el('input', { type: 'range', min: '0', max: String(p.t.length - 1), value: '0', 'data-control': 'time' }) as HTMLInputElement;
    const shown = el('span', { class: 'time' });
    controls.append(play, slider, shown);
    box.appendChild(controls);
    parent.appendChild(box);
    const show = (step: number) => {
      shown.textContent = `${when(p.t[step])} ${tz}`;
      dots.forEach((d: SVGElement, c: number) => {
        const s = p.shares[c][step];
        d.setAttribute('visibility', s === null ? 'hidden' : 'visible');
        if (s === null) return;
        const [x, y] = position(s);
        d.setAttribute('cx', x.toFixed(2));
        d.setAttribute('cy', y.toFixed(2));
      });
    };
    slider.addEventListener('input', () => show(Number(slider.value)));
    let timer: number | undefined;
    play.addEventListener('click', () => {
      if (timer !== undefined) {
        clearInterval(timer);
        timer = undefined;
        play.textContent = 'play';
        return;
      }
      play.textContent = 'pause';
      timer = window.setInterval(() => {
        const next = (Number(slider.value) + 1) % p.t.length;
        slider.value = String(next);
        show(next);
      }, 80);
    });
    show(0);
    return { show, position, corners: CORNER };
  }

  function drawInventory(parent: HTMLElement, fields: any[]): void {
    const table = el('table', { class: 'inventory', 'data-chart': 'hdwrec-inventory' });
    const head = el('tr');
    for (const h of ['field', 'at the start', 'changes']) head.appendChild(el('th', {}, h));
    table.appendChild(head);
    for (const f of fields) {
      const tr = el('tr', f.changes.length > 0 ? { class: 'changed' } : {});
      tr.appendChild(el('td', { title: f.description }, f.name));
      tr.appendChild(el('td', {}, `${f.first}${f.unit && f.first !== '' ? ` ${f.unit}` : ''}`));
      tr.appendChild(el('td', {}, f.changes.map(([t, v]: [number, string]) => `${when(t)}: ${v}`).join('; ')));
      table.appendChild(tr);
    }
    parent.appendChild(table);
  }

  const report: any = { charts, player: undefined };
  for (const rec of data.recorders) {
    const section = el('section', { id: rec.name });
    section.appendChild(el('h2', {}, `${rec.name}: ${rec.description}`));
    if (rec.reduced) section.appendChild(el('p', { class: 'note' }, rec.reduced));
    root.appendChild(section);
    if (rec.inventory) drawInventory(section, rec.inventory);
    if (rec.cpus) {
      drawHeatMap(section, rec.cpus);
      report.player = drawPlayer(section, rec.cpus);
    }
    for (const c of rec.charts) drawChart(section, c);
  }
  (window as any).sdrReport = report;
  doc.body.setAttribute('data-drawn', 'yes');
}
