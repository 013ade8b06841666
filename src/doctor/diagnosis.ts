// The doctor's words: for each finding one line of facts (count, average, worst, period, as
// Redis's LATENCY DOCTOR gives them) and one of diagnosis (what it means, whether rows were
// lost, what to look at). Pure: the analysis and the context in, text out.
import type { Finding, SdrrecAnalysis } from './findings.js';
import { recorderOfFile } from './findings.js';
import type { SpikeTally, CountTally } from './tallies.js';
import { utcTime, period, count, plural, ms, roughly, percent, seconds } from './formatting.js';

export interface ReportContext {
  logDir: string;
  /** The device holding the log dir, when it could be found: "mmcblk0p2, mounted on /". */
  disk?: string;
  since: number;
}

interface Words {
  facts: string;
  diagnosis: string;
}

function spikeFacts(s: SpikeTally, over: string): string {
  if (s.n === 1) return `1 spike over ${over}: ${ms(s.max)} at ${utcTime(s.maxAt)}`;
  return `${plural(s.n, 'spike')} over ${over} (average ${ms(s.average)}), worst ${ms(s.max)} at ${utcTime(s.maxAt)}, ${period(s.first, s.last)}`;
}

function countFacts(t: CountTally): string {
  return `in ${plural(t.intervals, 'interval')}, ${period(t.first, t.last)}`;
}


/** "sysrec, cpurec and nicrec". */
function listed(names: string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function describe(f: Finding, ctx: ReportContext): Words {
  switch (f.kind) {
    case 'stall': {
      const s = f.stalls;
      const recorders = listed([...s.recorders]);
      const lost = s.missed > 0
        ? `${plural(s.missed, 'tick')} passed meanwhile: those samples were not taken, so their rows are missing; the others were taken late.`
        : 'no tick was skipped: the samples were taken late, not lost.';
      return {
        facts: `Stall of sdr as a whole: ${s.spikes.n === 1 ? `1 stall of ${roughly(s.spikes.max)} at ${utcTime(s.spikes.maxAt)}`
          : `${plural(s.spikes.n, 'stall')}, the worst ${roughly(s.spikes.max)} at ${utcTime(s.spikes.maxAt)}, ${period(s.spikes.first, s.spikes.last)}`}: ` +
          `${recorders} began late together${s.missed > 0 ? `, ${plural(s.missed, 'tick')} skipped` : ''}.`,
        diagnosis: `sdr did not run for up to ${roughly(s.spikes.max)}: its recorders' samples were late all at once, so it was not one source or one disk. ` +
          (s.cpuPctMax >= 90
            ? `sdr itself was busy then (up to ${percent(s.cpuPctMax)} of a CPU): its own work blocked its event loop. `
            : 'The process was stopped (SIGSTOP, a debugger), its VM or container paused, or the machine suspended or short of memory and swapping. ') +
          lost,
      };
    }
    case 'write-failures': {
      const where = ctx.disk ? `${ctx.logDir} (${ctx.disk})` : ctx.logDir;
      return {
        facts: `Raw files could not be written ${period(f.errors.first, f.errors.last)}: ${plural(f.errors.total, 'failed write')} ` +
          `in ${plural(f.errors.intervals, 'interval')}${f.fault ? ` (${f.fault.replace(/^cannot write raw file \S+: /, '')})` : ''}` +
          `${f.dropped > 0 ? `, ${plural(f.dropped, 'sample')} given up` : ''}.`,
        diagnosis: `the disk holding ${where} refused writes${f.fault ? `: ${f.fault}` : ''}. ` +
          (f.dropped > 0
            ? `${plural(f.dropped, 'sample was', 'samples were')} given up while the rows waiting in memory passed 16 MiB: their rows are missing. `
            : 'The rows waited in memory and were written once the disk took them again: none lost. ') +
          'No row already written was lost or changed.',
      };
    }
    case 'missed-ticks':
      return {
        facts: `${f.recorder} missed ticks: ${plural(f.tally.total, 'tick')} skipped ${countFacts(f.tally)}.`,
        diagnosis: `a sample of ${f.recorder} was still being taken when its next tick came, or the machine was suspended: ` +
          `${plural(f.tally.total, 'sample was', 'samples were')} not taken, so their rows are missing from ${f.recorder}'s raw files.`,
      };
    case 'failed-samples':
      return {
        facts: `${f.recorder} failed samples: ${count(f.tally.total)} ${countFacts(f.tally)}.`,
        diagnosis: `a source of ${f.recorder} could not be read: those samples wrote no rows, so their rows are missing. ` +
          '`sdr run` reported each failure on its standard error (the journal, under systemd).',
      };
    case 'rejected-rows':
      return {
        facts: `Rejected rows: ${count(f.tally.total)} ${countFacts(f.tally)}.`,
        diagnosis: 'the platform refused these rows: they were moved to rejected/ in the log dir, with the status and reason, ' +
          'and will not be sent again.',
      };
    case 'backlog':
      return {
        facts: `Backlog: send_pending grew from ${plural(f.trend.first, 'row')} to ${count(f.trend.last)} ` +
          `${period(f.trend.firstAt, f.trend.lastAt)} (+${count(f.rowsPerHour)} rows/h).`,
        diagnosis: `the backlog grew from ${count(f.trend.first)} to ${count(f.trend.last)} rows (+${count(f.rowsPerHour)} rows/h): ` +
          'the platform is not keeping up or is unreachable; see `sdr send --status`. No rows are lost while they wait, ' +
          'but undelivered raw files are kept, so the log dir keeps growing.',
      };
    case 'tick-lateness':
      return {
        facts: `${f.recorder} tick lateness: ${spikeFacts(f.spikes, ms(f.thresholdMs))}.`,
        diagnosis: `${f.recorder} samples began up to ${roughly(f.spikes.max)} late: ` +
          (f.cpuPctMax >= 90
            ? `sdr itself was busy (up to ${percent(f.cpuPctMax)} of a CPU then), its event loop blocked by its own work.`
            : 'the process was starved of CPU or the event loop was blocked' +
              (f.cpuPctMax > 0 ? ` (sdr itself used at most ${percent(f.cpuPctMax)} of a CPU then: look at the load of the machine).` : '.')) +
          ' The samples were taken late, not lost.',
      };
    case 'sample-latency':
      return {
        facts: `${f.recorder} sample latency: ${spikeFacts(f.spikes, ms(f.thresholdMs))}.`,
        diagnosis: `${f.recorder} samples took up to ${roughly(f.spikes.max)} from tick to rows written: ` +
          (f.duringSlowWrites * 2 >= f.spikes.n
            ? `the time went into writing the raw file (${count(f.duringSlowWrites)} of them came with slow writes, below).`
            : 'reading its sources was slow (/proc, /sys or an external command).') +
          ' The rows were written late, not lost.',
      };
    case 'slow-writes': {
      const recorders = [...new Set(f.files.map(recorderOfFile))];
      const where = ctx.disk ? `${ctx.logDir} (${ctx.disk})` : ctx.logDir;
      return {
        facts: `Raw-file writes: ${spikeFacts(f.spikes, ms(f.thresholdMs))}, worst to ${f.worstFile || 'an unnamed file'}; ` +
          `files: ${f.files.join(', ') || 'not named'}.`,
        diagnosis: `raw-file writes took up to ${roughly(f.spikes.max)} (${recorders.join(', ') || 'unnamed recorders'}): ` +
          `the disk holding ${where} is slow; recording continued, the writes were queued, no rows lost.`,
      };
    }
    case 'retries':
      return {
        facts: `Delivery retries: ${count(f.tally.total)} ${countFacts(f.tally)}.`,
        diagnosis: 'deliveries failed and were sent again (connection errors, timeouts, 5xx, 429 or a refused token); ' +
          'no rows lost; `sdr send --status` shows the last error.',
      };
    case 'memory-growth': {
      const t = f.trend;
      const share = ((t.last - t.first) / t.first) * 100;
      return {
        facts: `Memory: RSS grew from ${count(t.first)} KB to ${count(t.last)} KB (+${percent(share)}) ${period(t.firstAt, t.lastAt)}.`,
        diagnosis: 'the memory of sdr grew: a rise after a start or a reload settles within minutes; ' +
          'a steady rise over hours is a leak worth reporting, with this output.',
      };
    }
    case 'busy-cpu':
      return {
        facts: `CPU: sdr used ${percent(f.cpu.average)} of a CPU on average, ${percent(f.cpu.max)} at most at ${utcTime(f.cpu.maxAt)}.`,
        diagnosis: 'sdr itself is busy: fewer recorders, longer intervals or fewer devices lower its cost.',
      };
  }
}

/** How sdr itself fared and which recorders ran: the line under the headline. */
function processLine(a: SdrrecAnalysis): string {
  const parts: string[] = [];
  if (a.cpu.n > 0) parts.push(`CPU ${percent(a.cpu.average)} on average, ${percent(a.cpu.max)} at most`);
  if (a.rss.n > 0) parts.push(`RSS ${count(a.rss.last)} KB at the end, ${count(Math.max(a.rssMax, a.rss.last))} KB at most`);
  const seen = a.recordersSeen().map((r) => `${r.recorder} every ${r.intervals.map(seconds).join(' or ')}`);
  parts.push(seen.length > 0 ? `recorders: ${seen.join(', ')}` : 'no recorder running');
  return `sdr itself: ${parts.join('; ')}.`;
}

/** The whole report. */
export function report(a: SdrrecAnalysis, ctx: ReportContext): string {
  const findings = a.findings();
  const span = `${plural(a.rows, 'row')} of sdrrec from ${utcTime(a.first)} to ${utcTime(a.last)}`;
  if (findings.length === 0) {
    return `No latency spikes since ${utcTime(ctx.since)}: ${span}, every recorder on time.\n${processLine(a)}\n`;
  }
  const lines = [
    `Since ${utcTime(ctx.since)}: ${span}, in ${ctx.logDir}.`,
    processLine(a),
    '',
    `${plural(findings.length, 'finding')}, worst first:`,
  ];
  findings.forEach((f, i) => {
    const w = describe(f, ctx);
    lines.push('', `${i + 1}. ${w.facts}`, `   Diagnosis: ${w.diagnosis}`);
  });
  return lines.join('\n') + '\n';
}
