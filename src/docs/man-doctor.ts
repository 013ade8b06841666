// sdr-doctor(1). The thresholds are read from src/doctor/thresholds.ts, so the page says what the
// doctor does.
import { foldPage, prologue, roffText, example } from './roff.js';
import {
  SAMPLE_LATENCY, TICK_LATENESS, SLOW_WRITE_MS, BACKLOG_GROWTH, RSS_GROWTH_SHARE, CPU_BUSY_PCT,
} from '../doctor/thresholds.js';

const pct = (share: number) => `${Math.round(share * 100)}%`;
const limit = (rule: { share: number; capMs: number }) => `${pct(rule.share)} of its recorder's interval (at most ${rule.capMs} ms)`;

/** sdr-doctor(1): what the doctor reads, each finding with its threshold and meaning, exit status. */
export function doctorManPage(version: string, date: string): string {
  const item = (tag: string, text: string) => [`.It ${tag}`, roffText(text)];
  return foldPage([
    ...prologue('sdr-doctor', version, date),
    '.Sh NAME',
    '.Nm sdr-doctor',
    '.Nd tell where the time of sdr went: latency spikes, missed ticks, a growing backlog',
    '.Sh SYNOPSIS',
    '.Nm sdr',
    '.Cm doctor',
    '.Op Fl -since Ar duration',
    '.Op Fl -config Ar path | Fl -log-dir Ar dir',
    '.Sh DESCRIPTION',
    roffText('The doctor command of'),
    '.Xr sdr 1',
    roffText('reads the raw files of sdrrec, the recorder of sdr itself that sdr run keeps on by default, and explains, ' +
      'in the spirit of the LATENCY DOCTOR of Redis, where the time of sdr went over the last duration: ' +
      'each kind of latency spike with its count, average, worst and period, the ticks missed, the samples failed, a growing backlog, ' +
      'and the memory and CPU of sdr itself. Each finding is one line of facts and one of diagnosis in plain words, ' +
      'which says whether rows were lost; the findings come worst first: rows lost, then what will lose rows, then delays, then costs.'),
    '.Pp',
    roffText('Only the day files that can hold rows of the window are read (sdrrec-YYYY-MM-DD.csv, by UTC day, or the same name ending in .gz for a compressed day), ' +
      'as a stream: memory does not grow with the size of a file. Columns are found by their names in the header line of each file. ' +
      'A last line without its newline is still being written, or was torn by a crash, and is left out. Times are printed in UTC.'),
    '.Sh FINDINGS',
    '.Bl -tag -width Ds',
    ...item('stall', 'Two or more recorders began late in the same row of sdrrec: the whole process did not run (SIGSTOP, a debugger, a paused VM or container, a suspend, heavy swapping), ' +
      'or its own work blocked it when its CPU was high then. One finding for the stall, with the recorders it held up and the ticks that passed meanwhile (their rows are missing); ' +
      'the lateness, latency, missed ticks and slow writes it caused are not repeated as findings of their own.'),
    ...item('write failures', 'Raw files could not be written (a full or failing disk): the failed writes, their period and the fault, and the samples given up once more than 16 MiB of rows waited in memory (their rows are missing); ' +
      'the rows that waited were written once the disk took them again, and no row already written was lost.'),
    ...item('missed ticks', 'A recorder skipped ticks: a sample was still being taken when the next one was due, or the machine was suspended. ' +
      'Those samples were not taken: their rows are missing.'),
    ...item('failed samples', 'A source of a recorder could not be read: those samples wrote no rows.'),
    ...item('rejected rows', 'The platform refused rows; they were moved to rejected/ in the log directory, with the status and reason.'),
    ...item('backlog', `The rows waiting for delivery (send_pending) grew: the least-squares line over the window rises, and the last value is at least ${BACKLOG_GROWTH.minRows} rows ` +
      `and ${pct(BACKLOG_GROWTH.share)} above the first. The rate is the slope of that line, in rows per hour. ` +
      'The platform is not keeping up or is unreachable; nothing is lost while the raw files are kept, but they are kept until delivered.'),
    ...item('tick lateness', `A sample began more than ${limit(TICK_LATENESS)} after its scheduled time. ` +
      'The process was starved of CPU or its event loop was blocked; the CPU of sdr at those times tells which. The samples were taken late, not lost.'),
    ...item('sample latency', `A sample took more than ${limit(SAMPLE_LATENCY)} from its tick to its rows written. ` +
      'When most of these came with slow writes, the time went into the disk; else into reading the sources. The rows were written late, not lost.'),
    ...item('slow writes', `A write to a raw file took more than ${SLOW_WRITE_MS} ms. The files written slowly are named, and the disk that holds the log directory. ` +
      'Writes are queued and never delay sampling: no rows are lost.'),
    ...item('delivery retries', 'Deliveries failed and were sent again; no rows lost.'),
    ...item('memory growth', `The resident set size of sdr at the end of the window is more than ${pct(RSS_GROWTH_SHARE)} above the start.`),
    ...item('busy CPU', `sdr used more than ${CPU_BUSY_PCT}% of one CPU on average.`),
    '.El',
    '.Pp',
    roffText('When there is no finding, one line says so: no latency spikes since the start of the window, with the number of rows and their first and last time. ' +
      'When there is no row yet and an sdr run holds the log directory and started less than ten minutes ago, the doctor says so, with the rows each recorder has written today, ' +
      'and when sdrrec will have its first row: one interval after the start.'),
    '.Sh OPTIONS',
    '.Bl -tag -width Ds',
    ...item('Fl -since Ar duration', 'How far back to look: a number and a unit, s, m, h or d, as 90s, 30m, 6h or 2d; 1h by default.'),
    ...item('Fl -config Ar path', 'The config file whose logDir names the log directory (a config without platforms will do); else $SDR_CONFIG, else /etc/sdr/sdr.json when it exists.'),
    ...item('Fl -log-dir Ar dir', 'The log directory, instead of that of the config. With neither, that of the recorders: $SDR_LOG_DIR, else /var/lib/sdr/log for root, else $XDG_DATA_HOME/sdr/log.'),
    '.El',
    '.Sh EXIT STATUS',
    '.Bl -tag -width Ds',
    ...item('0', 'The report was made, with findings or without; or an sdr run started too recently to have an sdrrec row.'),
    ...item('1', 'No sdrrec rows in the window (and no young sdr run), a log directory that cannot be listed (the message gives the reason, such as permission denied), or a config that cannot be read.'),
    ...item('2', 'A usage error, such as a --since that is not a duration.'),
    '.El',
    '.Sh EXAMPLES',
    'The last six hours of a host whose config is the default:',
    ...example('$ sdr doctor --since 6h'),
    '.Pp',
    'A finding of a slow SD card:',
    ...example('1. Raw-file writes: 12 spikes over 500 ms (average 845 ms), worst 1,312 ms\n' +
      '   at 2026-11-27 10:17:00 UTC, from 2026-11-27 10:02:00 to 10:40:00 UTC, ...\n' +
      '   Diagnosis: raw-file writes took up to 1.3 s (diskrec, sysrec): the disk\n' +
      '   holding /var/lib/sdr/log (mmcblk0p2, mounted on /) is slow; recording\n' +
      '   continued, the writes were queued, no rows lost.'),
    '.Sh SEE ALSO',
    '.Xr sdr 1 ,',
    '.Xr sdr-send 1',
    '',
  ].join('\n'));
}
