// sdr-report(1): the summaries and the pictures of recorded days.
import { foldPage, prologue, roffText, example } from './roff.js';
import { MAX_BUCKETS, MAX_DEVICES } from '../report/chart-data.js';

export function reportManPage(version: string, date: string): string {
  const item = (tag: string, text: string) => [`.It ${tag}`, roffText(text)];
  return foldPage([
    ...prologue('sdr-report', version, date),
    '.Sh NAME',
    '.Nm sdr-report',
    '.Nd summarise and draw the rows the recorders wrote',
    '.Sh SYNOPSIS',
    '.Nm sdr',
    '.Cm report',
    '.Ar recorder',
    '.Op Fl -date Ar YYYY-MM-DD | Fl -since Ar when Op Fl -until Ar when',
    '.Op Fl -tz Ar zone',
    '.Op Fl -every Ar duration',
    '.Op Fl -fields Ar list',
    '.Op Fl -csv',
    '.Op Fl -log-dir Ar dir | Fl -config Ar path | Fl -file Ar path | Fl -data-dir Ar dir Fl -host Ar name',
    '.Nm sdr',
    '.Cm report',
    '.Fl -html Ar file | Fl -svg Ar dir',
    '.Op Ar recorder ...',
    '.Op Ar period and files as above',
    '.Sh DESCRIPTION',
    roffText('The report command of'),
    '.Xr sdr 1',
    roffText('reads the raw files of a recorder back, from the raw files alone, and needs nothing else installed. ' +
      'With a recorder and no --html or --svg it prints, like sar -f, for each numeric field of the recorder (for each device of a per-device recorder) ' +
      'the count of rows, the average, the minimum, the maximum and the time of its first row, and the 95th percentile (nearest rank: the value at rank ceil(0.95 n) of the sorted values); ' +
      'the unit comes from the LMO. Empty fields (a counter that went back, a field this system does not measure) are left out of the figures and counted; ' +
      'lines that are not rows are skipped and counted, and a torn last line is left out. Files may be plain or gzipped, and a period may cross midnight. ' +
      'At a collector (--data-dir and --host), the rows an original Kronometrix agent sent, kept in files of their layouts, are read too, as rows of the LMO: the fields of the same meaning filled, the others empty.'),
    '.Pp',
    roffText(`With --html it writes one self-contained HTML page: uPlot and the data inlined, nothing fetched, so it opens from a file or an e-mail attachment. ` +
      'sysrec: CPU stacked by user, system, iowait and steal time, memory, swap, disk throughput and operations, network throughput and packets, load averages. ' +
      'cpurec: a heat map of every CPU\'s busy time and the cpuplayer, each CPU a point in a triangle of idle, user and system time (its barycentric coordinates), ' +
      'played over the period with play, pause and a time slider. ' +
      `diskrec, nicrec, xenrec: a chart per measure with a line per device, the busiest first (at most ${MAX_DEVICES}), a legend that shows and hides them. ` +
      'hdwrec: the inventory as a table, each change over the period marked. A zoom (drag) in one chart moves every chart; hovering shows the values with their units. ' +
      `A period is drawn in at most ${MAX_BUCKETS} steps of time: where a step holds several rows, each line keeps their lowest and highest value, so spikes stay visible, ` +
      'stacked areas their average, and the page says so. With --svg it writes an SVG of each chart into a directory, drawn from the same data, readable without scripts.'),
    '.Sh OPTIONS',
    '.Bl -tag -width Ds',
    ...item('Fl -date Ar YYYY-MM-DD', 'A whole day, in the time zone of --tz. Without --date, --since or --until: today so far.'),
    ...item('Fl -since Ar when , Fl -until Ar when', 'From and to: a duration back from now (30m, 6h, 2d), a day, or a day and time \'YYYY-MM-DD HH:MM\' in the time zone of --tz. --until is now by default.'),
    ...item('Fl -tz Ar zone', 'The time zone of dates given and times shown, an IANA name (Europe/Helsinki); UTC by default. Rows carry UTC epoch seconds, so any zone shows the same rows.'),
    ...item('Fl -every Ar duration', 'A summary per bucket of this length from the start of the period, like sar\'s periodic averages.'),
    ...item('Fl -fields Ar list', 'Only these numeric fields, comma-separated.'),
    ...item('Fl -csv', 'The summary as CSV: recorder, from, to, device, field, unit, count, empty, avg, min, max, max_at, p95; times in epoch seconds, as in the raw files.'),
    ...item('Fl -log-dir Ar dir', 'The raw files\' directory; else the logDir of the config (--config, $SDR_CONFIG, /etc/sdr/sdr.json), else where -l writes.'),
    ...item('Fl -file Ar path', 'One raw file instead; it must begin with the recorder\'s header.'),
    ...item('Fl -data-dir Ar dir Fl -host Ar name', 'A host on a collector: its directory under dir, found by its name in dir/sources.csv, or by its data source id.'),
    ...item('Fl -html Ar file', 'Write the page of the recorders named (default: those of sysrec, cpurec, diskrec, nicrec, xenrec and hdwrec that have files in the period).'),
    ...item('Fl -svg Ar dir', 'Write an SVG of each chart into dir.'),
    '.El',
    '.Sh EXIT STATUS',
    '.Bl -tag -width Ds',
    ...item('0', 'The summary or the pictures were made.'),
    ...item('1', 'No files of the recorder for the period, a file that is not a raw file of the recorder, or a file that cannot be read or written.'),
    ...item('2', 'A usage error: a date, duration or time zone that does not parse, an unknown recorder or field.'),
    '.El',
    '.Sh EXAMPLES',
    'Yesterday\'s sysrec, and its busiest hour by hour:',
    ...example('$ sdr report sysrec --date 2026-11-30\n$ sdr report sysrec --date 2026-11-30 --every 1h --fields cpupct,iowaitpct'),
    '.Pp',
    'The last six hours of a host as pictures, in local time:',
    ...example('$ sdr report --html ~/host.html --since 6h --tz Europe/Helsinki'),
    '.Pp',
    'A host kept by a collector, into R:',
    ...example('$ sdr report diskrec --data-dir /var/lib/sdr/collect --host db-7 --date 2026-11-30 --csv > d.csv'),
    '.Sh SEE ALSO',
    '.Xr sar 1 ,',
    '.Xr sdr 1 ,',
    '.Xr sdr-doctor 1',
    '',
  ].join('\n'));
}
