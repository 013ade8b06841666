// sdr report's pictures in a real browser (Debian's Chromium driven by playwright-core, nothing
// downloaded): the page loads from file:// with no console error and no request; every chart is
// drawn; the cpuplayer's points are where the rows put them; a zoom in one chart moves the others.
// The SVGs are well-formed and hold their series. Screenshots go to test/out/report for a person.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { REPO } from '../helpers.js';
import { sdr } from '../cli/sdr.js';
// @ts-expect-error a plain JS module of the bench, shared with these tests
import { writeDay, cpuShares } from '../../bench/make-day.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-headless-shell'].find((p) => existsSync(p));
const OUT = `${REPO}test/out/report`;
const START = Date.UTC(2026, 10, 30, 10, 0, 0) / 1000;
const SECONDS = 1200; // under 1,500 buckets of 1 s: the page holds every row as it is
const CPUS = 8;
const dir = mkdtempSync(`${tmpdir()}/sdr-pictures-`);
const page = `${dir}/report.html`;
const svgs = `${dir}/svg`;

beforeAll(async () => {
  await writeDay(`${dir}/log`, { start: START, seconds: SECONDS, cpus: CPUS });
  const r = sdr(['report', '--log-dir', `${dir}/log`, '--since', '2026-11-30 10:00', '--until', '2026-11-30 10:20', '--html', page, '--svg', svgs]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 60_000);

test('one self-contained file: uPlot and the data inlined, nothing fetched', () => {
  const html = readFileSync(page, 'utf8');
  expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|url\(http/);
  expect(html).toContain('uPlot');
  expect(statSync(page).size).toBeLessThan(5 * 1024 * 1024);
});

test('the SVGs are well-formed and hold their series', () => {
  const files = readdirSync(svgs).sort();
  expect(files).toEqual(expect.arrayContaining(['sysrec-0.svg', 'cpurec-heatmap.svg', 'cpurec-player.svg', 'diskrec-reads.svg', 'nicrec-rxkbytes.svg']));
  const lint = spawnSync('xmllint', ['--noout', ...files.map((f) => `${svgs}/${f}`)], { encoding: 'utf8' });
  if (lint.error && !process.env.CI) {
    console.log('xmllint is not installed: the SVGs are not checked for well-formedness (apt-get install libxml2-utils)');
  } else {
    expect(lint.stderr).toBe('');
    expect(lint.status).toBe(0);
  }
  const disks = readFileSync(`${svgs}/diskrec-reads.svg`, 'utf8');
  // The busiest first: sda (3x), dm-0 (2x), sdb (1x).
  expect([...disks.matchAll(/data-series="([^"]+)"/g)].map((m) => m[1])).toEqual(['sda', 'dm-0', 'sdb']);
  expect(readFileSync(`${svgs}/cpurec-player.svg`, 'utf8').match(/<circle /g)).toHaveLength(CPUS);
});

const run = CHROMIUM || process.env.CI ? describe : describe.skip;
if (!CHROMIUM && !process.env.CI) console.log('no Chromium: the report page is not tested in a browser (apt-get install chromium)');

run('the page in Chromium', () => {
  let browser: any;
  let tab: any;
  const errors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    tab = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    tab.on('console', (m: any) => m.type() === 'error' && errors.push(m.text()));
    tab.on('pageerror', (e: Error) => errors.push(String(e)));
    tab.on('request', (r: any) => requests.push(r.url()));
    const t0 = Date.now();
    await tab.goto(`file://${page}`);
    await tab.waitForSelector('body[data-drawn=yes]', { timeout: 15_000 });
    console.log(`report page drawn in ${Date.now() - t0} ms`);
    mkdirSync(OUT, { recursive: true });
    await tab.screenshot({ path: `${OUT}/top.png` });
    await (await tab.$('#cpurec')).screenshot({ path: `${OUT}/cpurec.png` });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  test('no console error, no request but the page itself', () => {
    expect(errors).toEqual([]);
    expect(requests.filter((u) => u !== `file://${page}`)).toEqual([]);
  });

  test('every chart is drawn: its canvas holds more than the background', async () => {
    const drawn = await tab.evaluate(() => {
      const r = (window as any).sdrReport;
      const inked = (canvas: HTMLCanvasElement) => {
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        let n = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) n++;
        return n;
      };
      return {
        charts: r.charts.map((u: any) => ({ id: u.root.parentElement.getAttribute('data-chart'), inked: inked(u.ctx.canvas) })),
        heatmap: inked(document.querySelector('[data-chart=cpurec-heatmap] canvas') as HTMLCanvasElement),
      };
    });
    expect(drawn.charts.length).toBeGreaterThan(20);
    expect(drawn.charts.filter((c: any) => c.inked < 50)).toEqual([]);
    expect(drawn.heatmap).toBeGreaterThan(1000);
    expect(drawn.charts.map((c: any) => c.id)).toEqual(expect.arrayContaining(['sysrec-0', 'diskrec-reads', 'nicrec-rxkbytes']));
    expect(await tab.$$eval('table.inventory tr.changed td:first-child', (cells: Element[]) => cells.map((c) => c.textContent))).toEqual(['memtotal']);
  });

  test('the cpuplayer: at a chosen time each CPU is where its shares of idle, user and system put it', async () => {
    const step = 437;
    const got = await tab.evaluate((s: number) => {
      const slider = document.querySelector('[data-control=time]') as HTMLInputElement;
      slider.value = String(s);
      slider.dispatchEvent(new Event('input'));
      return {
        corners: (window as any).sdrReport.player.corners,
        dots: [...document.querySelectorAll('[data-chart=cpuplayer] circle')].map((d) => [d.getAttribute('data-cpu'), Number(d.getAttribute('cx')), Number(d.getAttribute('cy'))]),
      };
    }, step);
    expect(got.dots).toHaveLength(CPUS);
    const [A, B, C] = [got.corners.idle, got.corners.user, got.corners.system];
    for (const [cpu, x, y] of got.dots) {
      const v = cpuShares(Number(String(cpu).slice(3)), START + step);
      const parts = [v.idlepct + v.iowaitpct, v.userpct + v.nicepct, v.syspct + v.irqpct + v.softirqpct + v.stealpct];
      const sum = parts[0] + parts[1] + parts[2];
      const w = parts.map((p) => p / sum);
      expect(x).toBeCloseTo(w[0] * A[0] + w[1] * B[0] + w[2] * C[0], 0);
      expect(y).toBeCloseTo(w[0] * A[1] + w[1] * B[1] + w[2] * C[1], 0);
    }
  });

  test('a zoom in one chart moves every chart to the same time range', async () => {
    const ranges = await tab.evaluate(async (t0: number) => {
      const charts = (window as any).sdrReport.charts;
      charts[3].setScale('x', { min: t0 + 300, max: t0 + 600 });
      // uPlot applies a new scale at its next commit.
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
      return charts.map((u: any) => [u.scales.x.min, u.scales.x.max]);
    }, START);
    expect(new Set(ranges.map((r: number[]) => r.join(',')))).toEqual(new Set([`${START + 300},${START + 600}`]));
    await tab.screenshot({ path: `${OUT}/zoomed.png` });
  });
});
