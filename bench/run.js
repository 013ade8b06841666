#!/usr/bin/env node
// The sdr bench: what `sdr sysrec` costs in CPU and memory, measured beside sysstat's sadc in the
// same run (these machines are noisy: only figures taken side by side compare).
//
//   npm run bench                         build, then run everything (about 2.5 minutes)
//   BENCH_SECONDS=20 node bench/run.js    shorter recordings (default 60 s each)
//
// Environment:
//   BENCH_SECONDS     length of each recording, seconds (default 60)
//   BENCH_WARMUP      seconds left out at the start of each recording before CPU is counted (5)
//   BENCH_ROWS        rows of the back-to-back run (20000; peak RSS also shown after 5000)
//   BENCH_ONESHOT     runs of one-shot `bin/sdr.js sysrec` for the median wall time (11)
//   BENCH_VARIANTS    other node flag sets to run beside the launcher, ';'-separated, e.g.
//                     "none;--max-semi-space-size=1;--lite-mode" ("none" = plain node). Each runs
//                     as `node FLAGS bin/sdr.js ...` in the same recordings, and in its own
//                     back-to-back and one-shot runs, so every figure comes with its ratio.
//                     bin/sdr.js sets the V8 flags of bin/v8-flags.js at run time whatever the
//                     command line, so these come on top of them.
//                     A word "tree=DIR" runs another checkout instead (its bin/sdr.js and
//                     bench/rows.js, dist/ built), e.g. "tree=../sdr-other --max-semi-space-size=1".
//   SADC              path of sadc (default: the first of the usual places that exists)
//   BENCH_SADC_ACTIVITIES  sadc's -S (default ALL: every activity, more than sysrec collects)
//
// Linux only: it reads /proc/<pid>/stat, /proc/<pid>/status and /proc/<pid>/task/*/schedstat.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, accessSync, constants } from 'node:fs';
import { tmpdir, cpus, release } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SDR = join(ROOT, 'bin', 'sdr.js');

const SECONDS = positive('BENCH_SECONDS', 60);
const WARMUP = Math.min(positive('BENCH_WARMUP', 5), SECONDS / 2);
const ROWS = Math.round(positive('BENCH_ROWS', 20000));
const ONESHOT_RUNS = Math.round(positive('BENCH_ONESHOT', 11));
const SADC_ACTIVITIES = process.env.BENCH_SADC_ACTIVITIES || 'ALL';

// Budgets the project has set itself. CPU per sample at 1 s: at most 1.5 times sadc -S ALL's
// (which collects more than sysrec) and, beside the first tree= variant (the sdr of before a
// change), at most 1.25 times its.
const BUDGET = { cpuRatio1s: 1.5, cpuVsTree1s: 1.25, rss1sMiB: 55, rssRowsMiB: 60, oneShotS: 0.4, hdwrecOneShotS: 1.5 };

function positive(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!(v > 0)) {
    process.stderr.write(`bench: ${name}=${raw} is not a positive number\n`);
    process.exit(2);
  }
  return v;
}

const TICK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

// ---------------------------------------------------------------------------------------------
// How bin/sdr.js runs: its shebang decides the node flags, bin/v8-flags.js the V8 flags it sets
// itself once started.

/** The node flags of a `#!/usr/bin/env node ...`, `#!/usr/bin/env -S node ...` or `#!/path/node ...` line. */
function shebangFlags(file) {
  const first = readFileSync(file, 'utf8').split('\n', 1)[0];
  if (!first.startsWith('#!')) return { line: '(no shebang)', flags: [] };
  let words = first.slice(2).trim().split(/\s+/);
  if (/(^|\/)env$/.test(words[0])) {
    words = words.slice(1);
    if (words[0] === '-S') words = words.slice(1);
    while (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0] ?? '')) words = words.slice(1); // VAR=value
  }
  // words[0] is the interpreter (node); the rest are its flags.
  return { line: first, flags: words.slice(1) };
}

const launcher = shebangFlags(SDR);

/** The flags bin/v8-flags.js sets at run time (the launchers import it before sdr loads), if any. */
function runtimeFlags(root) {
  try {
    const m = /RUNTIME_V8_FLAGS\s*=\s*\[([^\]]*)\]/.exec(readFileSync(join(root, 'bin', 'v8-flags.js'), 'utf8'));
    return m ? [...m[1].matchAll(/'([^']*)'|"([^"]*)"/g)].map((x) => x[1] ?? x[2]) : [];
  } catch {
    return [];
  }
}
let launcherExecutable = true;
try {
  accessSync(SDR, constants.X_OK);
} catch {
  launcherExecutable = false;
}

/**
 * The ways of running sdr that are measured: bin/sdr.js itself (as a user's shell runs it), then
 * each BENCH_VARIANTS flag set through `node FLAGS bin/sdr.js`.
 */
const runners = [{
  name: 'bin/sdr.js',
  label: `bin/sdr.js (${launcher.flags.join(' ') || 'no node flags'})`,
  flags: launcher.flags,
  root: ROOT,
  command: (args) => (launcherExecutable ? [SDR, args] : [process.execPath, [...launcher.flags, SDR, ...args]]),
}];
for (const v of (process.env.BENCH_VARIANTS ?? '').split(';').map((s) => s.trim()).filter(Boolean)) {
  // "tree=DIR" runs another checkout's bin/sdr.js and bench/rows.js (built), to compare code.
  let tree;
  const flags = v.split(/\s+/).filter((w) => {
    if (!w.startsWith('tree=')) return w !== 'none';
    tree = w.slice('tree='.length);
    return false;
  });
  const where = tree === undefined ? ROOT : tree;
  const name = `${tree === undefined ? '' : `[${tree}] `}node ${flags.join(' ') || '(no flags)'}`;
  runners.push({
    name,
    label: name,
    flags,
    root: where,
    command: (args) => [process.execPath, [...flags, join(where, 'bin', 'sdr.js'), ...args]],
  });
}

// ---------------------------------------------------------------------------------------------
// sadc

function findSadc() {
  const candidates = process.env.SADC
    ? [process.env.SADC]
    : ['/usr/lib/sysstat/sadc', '/usr/lib64/sa/sadc', '/usr/lib/sa/sadc', '/usr/libexec/sa/sadc', '/usr/local/lib/sa/sadc'];
  return candidates.find((p) => existsSync(p));
}

const SADC = findSadc();
const sadcVersion = SADC
  ? (spawnSync(SADC, ['-V'], { encoding: 'utf8' }).stdout || '').match(/sysstat version (\S+)/)?.[1] ?? '?'
  : undefined;

/** Bytes one sadc record takes in its file: the size with 2 records less the size with 1. */
async function sadcRecordBytes(dir) {
  const one = join(dir, 'probe-1');
  const two = join(dir, 'probe-2');
  await Promise.all([exited(spawn(SADC, ['-S', SADC_ACTIVITIES, '1', '1', one], { stdio: 'ignore' })),
    exited(spawn(SADC, ['-S', SADC_ACTIVITIES, '1', '2', two], { stdio: 'ignore' }))]);
  const bytes = statSync(two).size - statSync(one).size;
  return bytes > 0 ? bytes : undefined;
}

// ---------------------------------------------------------------------------------------------
// /proc/<pid>

/** utime + stime of the whole process (all threads), in clock ticks; undefined once it is gone. */
function cpuTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name may hold spaces or parentheses: fields count from the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // fields 14 and 15 of proc(5)
  } catch {
    return undefined;
  }
}

/**
 * Time on CPU of each thread, in nanoseconds, from /proc/<pid>/task/<tid>/schedstat: the same time
 * as utime + stime, without the 1/CLK_TCK rounding that leaves a few ticks for sadc in a minute.
 */
function cpuNsByThread(pid) {
  const out = new Map();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        out.set(tid, Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'latin1').split(' ')[0]));
      } catch {
        // the thread ended in between
      }
    }
  } catch {
    return undefined;
  }
  return out.size > 0 ? out : undefined;
}

/** Nanoseconds on CPU between two readings, over the threads alive at the second. */
function nsBetween(a, b) {
  if (a === undefined || b === undefined) return undefined;
  let ns = 0;
  for (const [tid, now] of b) ns += now - (a.get(tid) ?? 0);
  return ns;
}

function peakRssKiB(pid) {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

function exited(child) {
  return new Promise((resolve) => {
    child.on('error', (err) => resolve({ code: null, error: err }));
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// One recording: every sdr runner and sadc side by side.

/**
 * A process under watch: its peak RSS read every 250 ms while it lives (the last reading stands),
 * and CPU readings taken on request.
 */
class Watched {
  constructor(name, child) {
    this.name = name;
    this.child = child;
    this.pid = child.pid;
    this.peakKiB = undefined;
    this.readings = {};
    this.stderr = '';
    child.stderr?.on('data', (d) => { this.stderr += d; });
    this.done = exited(child);
    this.poll = setInterval(() => this.readPeak(), 250);
    this.done.then(() => clearInterval(this.poll));
    this.readPeak();
  }

  readPeak() {
    const kib = peakRssKiB(this.pid);
    if (kib !== undefined) this.peakKiB = kib;
  }

  /** CPU now, under a name; `samples` is how many samples the process had taken by then. */
  take(name, samples) {
    this.readPeak();
    this.readings[name] = { samples, ticks: cpuTicks(this.pid), ns: cpuNsByThread(this.pid), at: performance.now() };
  }

  /** CPU per sample between readings a and b: by ticks (utime+stime) and by schedstat. */
  perSample() {
    const { a, b } = this.readings;
    if (!a || !b || a.ticks === undefined || b.ticks === undefined) return undefined;
    const samples = b.samples - a.samples;
    if (!(samples > 0)) return undefined;
    const ticks = b.ticks - a.ticks;
    const ns = nsBetween(a.ns, b.ns);
    return {
      samples,
      ticks,
      tickMs: (ticks * 1000) / TICK / samples,
      nsMs: ns === undefined ? undefined : ns / 1e6 / samples,
      seconds: (b.at - a.at) / 1000,
    };
  }
}

async function record(interval, sadcInterval, dir, recordBytes) {
  const count = Math.max(2, Math.round(SECONDS / interval));
  const firstRow = Math.max(1, Math.ceil(WARMUP / interval)); // reading a: after this row
  const lastRow = count - 1; // reading b: one row before the end, while the process surely lives
  const watched = [];
  const args = ['sysrec', String(interval), String(count)];

  let sadc;
  let sadcFile;
  if (SADC) {
    sadcFile = join(dir, `sa-${interval}`);
    // sadc takes its first record at once, sdr its first row one interval after start (and node
    // takes a moment to start): three records more keep sadc running until every sdr is done.
    const sadcCount = Math.round(SECONDS / sadcInterval) + 3;
    sadc = new Watched(`sadc -S ${SADC_ACTIVITIES} ${sadcInterval}`, spawn(SADC, ['-S', SADC_ACTIVITIES, String(sadcInterval), String(sadcCount), sadcFile], { stdio: ['ignore', 'ignore', 'pipe'] }));
    watched.push(sadc);
  }
  const sadcSize = () => {
    try {
      return statSync(sadcFile).size;
    } catch {
      return 0;
    }
  };
  /** sadc readings go with the first sdr's: its records are counted by the growth of its file. */
  const takeSadc = (name, at) => {
    if (!sadc) return;
    const size = sadcSize();
    sadc.take(name, 0);
    sadc.readings[name].size = size;
    sadc.readings[name].when = at;
  };

  for (const [i, r] of runners.entries()) {
    // Starts spread over the interval, so the processes do not all wake at the same instant.
    if (i > 0) await sleep((Math.min(interval, 1) * 1000) / runners.length);
    const [cmd, argv] = r.command(args);
    const w = new Watched(r.name, spawn(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }));
    w.rows = 0;
    w.child.stdout.on('data', (chunk) => {
      for (let j = chunk.indexOf(10); j !== -1; j = chunk.indexOf(10, j + 1)) w.rows++;
      if (w.readings.a === undefined && w.rows >= firstRow) {
        w.take('a', w.rows);
        if (i === 0) takeSadc('a', performance.now());
      } else if (w.readings.b === undefined && w.rows >= lastRow) {
        w.take('b', w.rows);
        if (i === 0) takeSadc('b', performance.now());
      }
    });
    watched.push(w);
  }

  const results = await Promise.all(watched.map((w) => w.done));
  const failures = watched
    .map((w, k) => (results[k].code === 0 ? undefined : `${w.name}: exit ${results[k].code ?? results[k].signal ?? results[k].error?.message}: ${w.stderr.trim()}`))
    .filter(Boolean);

  const rows = [];
  for (const w of watched) {
    if (w === sadc) continue;
    rows.push({ name: w.name, rows: w.rows, cpu: w.perSample(), peakKiB: w.peakKiB });
  }
  let sadcRow;
  if (sadc) {
    const { a, b } = sadc.readings;
    if (a && b) {
      // Records written between the readings, by the file's growth; by elapsed time if the
      // growth is not a whole number of records (a record caught half written, say).
      const byTime = Math.round((b.when - a.when) / 1000 / sadcInterval);
      const byBytes = recordBytes ? (b.size - a.size) / recordBytes : NaN;
      b.samples = Number.isFinite(byBytes) && Math.abs(byBytes - Math.round(byBytes)) < 0.05 ? Math.round(byBytes) : byTime;
    }
    sadcRow = { name: sadc.name, rows: undefined, cpu: sadc.perSample(), peakKiB: sadc.peakKiB };
  }
  return { interval, sadcInterval, count, firstRow, lastRow, rows, sadc: sadcRow, failures };
}

// ---------------------------------------------------------------------------------------------
// Back to back and one-shot

function rowsRun(r) {
  const res = spawnSync(process.execPath, [...r.flags, join(r.root, 'bench', 'rows.js'), String(ROWS), '--json'], {
    cwd: r.root, encoding: 'utf8', env: { ...process.env, ROWS_CHECKPOINT: String(Math.min(5000, ROWS)) },
  });
  const line = res.stdout.trim().split('\n').pop();
  try {
    return JSON.parse(line);
  } catch {
    return { error: (res.stderr || res.stdout || `exit ${res.status}`).trim().split('\n').slice(-3).join(' | ') };
  }
}

/** Wall seconds of one-shot `sdr <recorder>` for each runner, runs interleaved; medians and ranges. */
function oneShot(recorder = 'sysrec') {
  const times = runners.map(() => []);
  let error;
  for (let n = 0; n < ONESHOT_RUNS; n++) {
    for (const [i, r] of runners.entries()) {
      const [cmd, argv] = r.command([recorder]);
      const t0 = performance.now();
      const res = spawnSync(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      times[i].push((performance.now() - t0) / 1000);
      if (res.status !== 0) error ??= `${r.name}: exit ${res.status}: ${String(res.stderr).trim()}`;
    }
  }
  const stats = times.map((t) => {
    const s = [...t].sort((x, y) => x - y);
    return { median: s[Math.floor((s.length - 1) / 2)] / 2 + s[Math.ceil((s.length - 1) / 2)] / 2, min: s[0], max: s[s.length - 1] };
  });
  return { stats, error };
}

// ---------------------------------------------------------------------------------------------
// Printing

const mib = (kib) => (kib === undefined ? 'n/a' : (kib / 1024).toFixed(1));
const ms = (v, d = 2) => (v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(d));
const ratio = (a, b) => (a === undefined || b === undefined || !(b > 0) || !Number.isFinite(a) ? 'n/a' : `${(a / b).toFixed(2)}x`);
const verdict = (ok) => (ok === undefined ? '  n/a ' : ok ? ' PASS ' : ' FAIL ');

function table(headers, body, align) {
  const cells = [headers, ...body].map((r) => r.map((c) => String(c)));
  const widths = headers.map((_, j) => Math.max(...cells.map((r) => r[j].length)));
  const line = (r) => '  ' + r.map((c, j) => (align[j] === 'l' ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  return [line(cells[0]), '  ' + widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

function printRecording(rec) {
  const sadcNote = !SADC
    ? 'sadc not found: sdr alone'
    : rec.sadcInterval === rec.interval
      ? `beside sadc at ${rec.sadcInterval} s`
      : `beside sadc at ${rec.sadcInterval} s (sadc takes whole seconds only: the ratio compares a ${rec.interval} s sample with a ${rec.sadcInterval} s one)`;
  console.log(`\n${rec.interval} s interval, ${SECONDS} s (${rec.count} samples), ${sadcNote}`);
  console.log(`  CPU counted from row ${rec.firstRow} (after ${WARMUP} s warm-up) to row ${rec.lastRow}, per sample.`);
  const body = [];
  const s = rec.sadc;
  for (const r of [...rec.rows, ...(s ? [s] : [])]) {
    const c = r.cpu;
    body.push([
      r.name,
      c ? String(c.samples) : 'n/a',
      c ? String(c.ticks) : 'n/a',
      c ? ms(c.tickMs) : 'n/a',
      c ? ms(c.nsMs) : 'n/a',
      mib(r.peakKiB),
      r === s ? '' : ratio(c?.tickMs, s?.cpu?.tickMs),
      r === s ? '' : ratio(c?.nsMs, s?.cpu?.nsMs),
      r === s ? '' : ratio(r.peakKiB, s?.peakKiB),
    ]);
  }
  // Without sadc there is nothing to divide by: the ratio columns go.
  const columns = SADC ? 9 : 6;
  console.log(table(
    ['process', 'samples', 'ticks', 'CPU ms/sample', 'exact ms/sample', 'peak RSS MiB', 'CPU/sadc (ticks)', 'CPU/sadc (exact)', 'RSS/sadc'].slice(0, columns),
    body.map((r) => r.slice(0, columns)), ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  ));
  for (const f of rec.failures) console.log(`  ! ${f}`);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (process.platform !== 'linux') {
    console.error('bench: Linux only (reads /proc/<pid>)');
    process.exit(2);
  }
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) {
    console.error('bench: dist/ is missing: run `npm run build` (or `npm run bench`, which builds)');
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), 'sdr-bench-'));
  try {
    console.log(`sdr bench: node ${process.version}, Linux ${release()}, ${cpus().length} CPUs, CLK_TCK ${TICK}, BENCH_SECONDS=${SECONDS}`);
    console.log(`launcher: ${relative(ROOT, SDR)}: ${launcher.line}${launcherExecutable ? '' : ' (not executable: run as `node FLAGS bin/sdr.js`)'}`);
    console.log(`  node flags: ${launcher.flags.join(' ') || '(none)'}; V8 flags set at run time by bin/v8-flags.js: ${runtimeFlags(ROOT).join(' ') || '(none)'}` +
      `${process.env.NODE_OPTIONS ? `; NODE_OPTIONS=${process.env.NODE_OPTIONS} applies to every node run` : ''}`);
    if (runners.length > 1) console.log(`  also measured (BENCH_VARIANTS): ${runners.slice(1).map((r) => r.name).join('; ')}`);
    let recordBytes;
    if (SADC) {
      console.log(`sadc: ${SADC} -S ${SADC_ACTIVITIES} (sysstat ${sadcVersion}) into a temp file: CPU, memory, swap, per-disk I/O, per-interface`);
      console.log('  network, load, paging, context switches, interrupts (per CPU with ALL), TCP (SNMP), PSI, and more: NFS,');
      console.log('  sockets, softnet, IPv6, power, filesystems');
      recordBytes = await sadcRecordBytes(dir);
    } else {
      console.log('sadc: NOT FOUND (install sysstat, or set SADC=/path/to/sadc): sdr figures only, no ratios');
    }
    console.log(`CPU: utime+stime of /proc/<pid>/stat, in whole ticks of ${1000 / TICK} ms ("ticks", "CPU ms/sample"), and the time on CPU of`);
    console.log('  each thread from /proc/<pid>/task/*/schedstat, in ns ("exact"): sadc spends only a few ticks a minute, so its tick');
    console.log('  figure is good to +-1 tick; budgets use the exact one.');
    console.log('  peak RSS: VmHWM of /proc/<pid>/status, last read while the process lives.');

    const rec1 = await record(1, 1, dir, recordBytes);
    printRecording(rec1);
    const rec01 = await record(0.1, 1, dir, recordBytes);
    printRecording(rec01);

    console.log(`\nBack to back: ${ROWS} rows in one process (bench/rows.js: read /proc -> rows -> format -> CSV -> raw file, no timer),`);
    console.log('  with the node flags of the launcher or variant and the run-time V8 flags of its bin/v8-flags.js');
    const rows = runners.map((r) => ({ r, res: rowsRun(r) }));
    const base = rows[0].res;
    const checkpoint = base.checkpoint?.rows < ROWS; // a peak after fewer rows too
    console.log(table(
      ['run as', 'run-time V8 flags', 'RSS at start MiB', ...(checkpoint ? [`peak RSS @${base.checkpoint.rows} MiB`] : []), `peak RSS @${ROWS} MiB`, 'CPU ms/row', 'wall s', 'CPU vs bin/sdr.js'],
      rows.map(({ r, res }) => (res.error
        ? [r.label, '', 'error', ...(checkpoint ? [''] : []), res.error, '', '', '']
        : [r.label, res.runtimeFlags?.join(' ') || '(none)', mib(res.startHwmKiB), ...(checkpoint ? [mib(res.checkpoint.hwmKiB)] : []),
          mib(res.end.hwmKiB), ms(res.cpuMsPerRow, 3), ms(res.end.wallMs / 1000, 1), ratio(res.cpuMsPerRow, base.cpuMsPerRow)])),
      ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
    ));

    console.log(`\nOne-shot \`sdr sysrec\` (one row over a 0.1 s window), wall time of ${ONESHOT_RUNS} runs, interleaved`);
    const one = oneShot();
    console.log(table(
      ['command', 'median s', 'min s', 'max s', 'vs bin/sdr.js'],
      runners.map((r, i) => [r.name, ms(one.stats[i].median, 3), ms(one.stats[i].min, 3), ms(one.stats[i].max, 3), ratio(one.stats[i].median, one.stats[0].median)]),
      ['l', 'r', 'r', 'r', 'r'],
    ));
    if (one.error) console.log(`  ! ${one.error}`);

    console.log(`\nOne-shot \`sdr hdwrec\` (the inventory, one reading), wall time of ${ONESHOT_RUNS} runs, interleaved`);
    const hdw = oneShot('hdwrec');
    console.log(table(
      ['command', 'median s', 'min s', 'max s'],
      runners.map((r, i) => [r.name, ms(hdw.stats[i].median, 3), ms(hdw.stats[i].min, 3), ms(hdw.stats[i].max, 3)]),
      ['l', 'r', 'r', 'r'],
    ));
    if (hdw.error) console.log(`  ! ${hdw.error}`);

    // Budgets, for bin/sdr.js as shipped.
    const sdr1 = rec1.rows[0];
    const cpuRatio = (() => {
      const a = sdr1.cpu?.nsMs ?? sdr1.cpu?.tickMs;
      const b = rec1.sadc?.cpu?.nsMs ?? rec1.sadc?.cpu?.tickMs;
      return a !== undefined && b > 0 ? a / b : undefined;
    })();
    const exact = sdr1.cpu?.nsMs !== undefined && rec1.sadc?.cpu?.nsMs !== undefined;
    console.log('\nBudgets (bin/sdr.js as shipped):');
    console.log(`  ${verdict(cpuRatio === undefined ? undefined : cpuRatio <= BUDGET.cpuRatio1s)} CPU per sample at 1 s <= ${BUDGET.cpuRatio1s}x sadc -S ${SADC_ACTIVITIES} beside it: ${cpuRatio === undefined ? 'n/a (no sadc)' : `${cpuRatio.toFixed(2)}x`}${exact ? ' (exact times; by ticks ' + ratio(sdr1.cpu.tickMs, rec1.sadc.cpu.tickMs) + ')' : ''}`);
    // Beside the sdr of another tree (the one before a change), in the same recording.
    const tree = rec1.rows.find((r, i) => i > 0 && r.name.startsWith('['));
    if (tree !== undefined) {
      const [a, b] = [sdr1.cpu?.nsMs ?? sdr1.cpu?.tickMs, tree.cpu?.nsMs ?? tree.cpu?.tickMs];
      const vsTree = a !== undefined && b > 0 ? a / b : undefined;
      console.log(`  ${verdict(vsTree === undefined ? undefined : vsTree <= BUDGET.cpuVsTree1s)} CPU per sample at 1 s <= ${BUDGET.cpuVsTree1s}x ${tree.name}: ${vsTree === undefined ? 'n/a' : `${vsTree.toFixed(2)}x`}`);
    }
    console.log(`  ${verdict(sdr1.peakKiB === undefined ? undefined : sdr1.peakKiB / 1024 < BUDGET.rss1sMiB)} peak RSS over ${SECONDS} s at 1 s < ${BUDGET.rss1sMiB} MiB: ${mib(sdr1.peakKiB)} MiB`);
    console.log(`  ${verdict(base.end ? base.end.hwmKiB / 1024 < BUDGET.rssRowsMiB : undefined)} peak RSS after ${ROWS} rows < ${BUDGET.rssRowsMiB} MiB: ${mib(base.end?.hwmKiB)} MiB`);
    console.log(`  ${verdict(one.stats[0].median <= BUDGET.oneShotS)} one-shot wall <= ${BUDGET.oneShotS} s: median ${ms(one.stats[0].median, 3)} s`);
    console.log(`  ${verdict(hdw.stats[0].median <= BUDGET.hdwrecOneShotS)} one-shot hdwrec wall <= ${BUDGET.hdwrecOneShotS} s: median ${ms(hdw.stats[0].median, 3)} s`);
    if (SECONDS < 60) console.log(`  (recordings of ${SECONDS} s: the RSS budget is for a minute)`);
    console.log('MiB = 1024 KiB as the kernel counts them; ratios are of figures taken in this same run.');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
