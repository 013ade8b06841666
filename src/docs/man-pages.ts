// The man pages as mdoc(7) text, built from the LMOs so that the field lists are never retyped.
// Pure: the caller loads the LMOs and writes the files (src/docs/write-man-pages.ts), and the
// tests compare the committed pages with what these functions return.
import { LMO_OSES, UNAVAILABLE, type Lmo, type LmoOs } from '../core/lmo.js';
import { MAX_INTERVAL_SECONDS } from '../core/interval.js';
import type { DeviceSelection, RecorderOption } from '../recorders/recorder.js';
import { RECORDERS } from '../recorders/index.js';
import { PLATFORMS } from '../platform/index.js';
import type { DeviceKind } from '../platform/types.js';
import { foldPage, prologue, roffText, mdocArgs, example } from './roff.js';
import { collectManPage } from './man-collect.js';
import { sendManPage } from './man-send.js';
import { doctorManPage } from './man-doctor.js';
import { reportManPage } from './man-report.js';
import { seriesRoff } from './series-table.js';
import { runManPage } from './man-run.js';
import { fieldItems } from './man-fields.js';
import { SDRREC } from '../config/recorder-settings.js';

/**
 * The `.Dd` of every page. A constant, not today's date, so that regenerating gives identical
 * files and the staleness test can compare them byte for byte. Change it when the prose changes.
 */
export const MAN_PAGES_DATE = 'November 27, 2026';

function summary(lmo: Lmo): string {
  const first = lmo.description.split('. ')[0].replace(/\.$/, '');
  return /^[A-Z][a-z]/.test(first) ? first[0].toLowerCase() + first.slice(1) : first;
}



/** The recorder command line, after `.Nm sdr` and the recorder's name. */
const RECORDER_SYNOPSIS = [
  '.Op Fl Hl',
  '.Op Fl -delimiter Ar char',
  '.Op Fl -log-dir Ar dir',
  '.Op Fl -procfs Ar dir',
  '.Op Fl -sysfs Ar dir',
  '.Op Ar interval Op Ar count',
];


/** The options every recorder takes, as one tag list. */
const PSEUDO_FS_OPTIONS = [
  '.It Fl -procfs Ar dir',
  'Read the proc file system from',
  '.Ar dir',
  'instead of',
  '.Pa /proc :',
  "a host's /proc mounted in a container, or files captured from another machine.",
  'A root that holds none of the files the recorder reads there is an error;',
  'one that lacks some of them leaves only their fields empty, with a warning.',
  '.It Fl -sysfs Ar dir',
  'Read the sys file system from',
  '.Ar dir',
  'instead of',
  '.Pa /sys .',
];

function optionList(recorderOwn: string[] = [], readsPseudoFiles = true): string[] {
  return [
    '.Bl -tag -width Ds',
    ...recorderOwn,
    '.It Fl H , Fl -header',
    'Print the header line, the field names, before the first row.',
    'A raw file always begins with it, so with',
    '.Fl l',
    'this option changes nothing.',
    '.It Fl -delimiter Ar char',
    'Separate the fields with',
    '.Ar char ,',
    'exactly one character other than a double quote or a line break;',
    'the default is a comma.',
    'A field holding the delimiter, a double quote or a line break is quoted as RFC 4180 says; blanks are not.',
    'A colon gives the format of the original recorders, which quotes nothing:',
    'a colon inside a field is written %3A and a percent sign %25, as the wire sends them',
    '(a line break %0D or %0A, a double quote that begins a field %22),',
    'and blanks are kept, so that a reader splitting on colons alone, the original sender among them,',
    'gets every field whole.',
    '.It Fl l , Fl -log',
    'Append the rows to the daily raw file of the recorder in the log directory',
    'instead of writing them on standard output; see',
    '.Sx FILES .',
    '.It Fl -log-dir Ar dir',
    'The log directory, instead of the first of',
    '.Ev SDR_LOG_DIR ,',
    '.Pa /var/lib/sdr/log',
    'for root and',
    '.Ev XDG_DATA_HOME Ns Pa /sdr/log',
    'for other users.',
    'It implies',
    '.Fl l :',
    'naming where to keep the rows means keeping them there.',
    ...(readsPseudoFiles ? PSEUDO_FS_OPTIONS : []),
    '.It Fl h , Fl -help',
    'Show the options and the fields, then exit.',
    '.It Fl V , Fl -version',
    'Print the version of',
    '.Nm sdr',
    'and exit.',
    '.El',
  ];
}

/** What interval and count mean, and what the timestamp looks like. */
function samplingText(r: RecorderOptions = {}): string[] {
  const oneReading = r.fromOneReading === true;
  return [
    'With no',
    '.Ar interval ,',
    oneReading ? 'the recorder writes one sample and exits.' : 'a recorder writes one sample, measured over 0.1 seconds, and exits.',
    'With an',
    '.Ar interval ,',
    `in seconds, fractional allowed, at least ${r.minIntervalSeconds ?? 0.1} and at most ${MAX_INTERVAL_SECONDS} (366 days),`,
    'it writes a sample every interval until stopped, or',
    '.Ar count',
    'samples when a count is given, a whole number of at least 1;',
    'a sample that cannot be read at all is skipped and not counted.',
    oneReading
      ? 'The first sample is written at once, as each sample stands on one reading;'
      : 'The first sample comes one interval after the start, as its rates cover the interval before it;',
    'samples keep to a fixed grid of the monotonic clock,',
    'and a tick missed while the machine was suspended or overloaded is skipped, not made up.',
    '.Pp',
    'The first field of every row is the time the sample was read, in UTC seconds since the epoch:',
    'whole seconds, rounded down, when the interval is a whole number of seconds or not given;',
    'else with 3 decimals.',
  ];
}

/** A recorder's own options, as tag list items. */
function ownOptions(options: RecorderOption[]): string[] {
  return options.flatMap((o) => {
    const m = /^--([\w-]+) <(\w+)>$/.exec(o.flags);
    if (m === null) throw new Error(`option flags '${o.flags}' are not of the form "--name <arg>"`);
    const text = o.description.replace(/^./, (c) => c.toUpperCase());
    return [`.It Fl -${m[1]} Ar ${m[2]}`, roffText(`${text}${o.defaultValue ? `; ${o.defaultValue} by default` : ''}.`)];
  });
}

/** The tag of the raw file; `recorder` is an mdoc fragment ending in a path or an argument. */
function rawFileItem(recorder: string): string[] {
  return [`.It Ar logdir Ns Pa / Ns ${recorder} Ns Pa -YYYY-MM-DD.csv`];
}

// ---- The pages. ----

/** sdr(1): the commands, the options common to every recorder, files, environment, exit status. */
export function sdrManPage(recorders: Lmo[], version: string, date: string): string {
  const first = recorders[0];
  const field = first.fields[1]?.name ?? first.fields[0].name;
  const seeAlso = [...recorders.map((r) => `sdr-${r.name}`), 'sdr-send', 'sdr-run', 'sdr-collect', 'sdr-doctor', 'sdr-report', 'sar']
    .sort()
    .map((page) => `.Xr ${page} 1 ,`)
    .concat('.Xr sadc 8');
  return foldPage([
    ...prologue('sdr', version, date),
    '.Sh NAME',
    '.Nm sdr',
    '.Nd system data recorders: raw CPU, memory, disk, network and load samples as CSV',
    '.Sh SYNOPSIS',
    '.Nm sdr',
    '.Ar recorder',
    ...RECORDER_SYNOPSIS,
    '.Nm sdr',
    '.Cm lmo',
    '.Op Ar recorder',
    '.Op Fl -json',
    '.Nm sdr',
    '.Cm send',
    '.Op Ar options',
    '.Nm sdr',
    '.Cm run',
    '.Op Fl -config Ar path',
    '.Nm sdr',
    '.Cm collect',
    '.Op Ar options',
    '.Nm sdr',
    '.Cm doctor',
    '.Op Ar options',
    '.Nm sdr',
    '.Cm report',
    '.Op Ar recorder ...',
    '.Op Ar options',
    '.Nm sdr',
    '.Fl h | Fl V',
    '.Sh DESCRIPTION',
    '.Nm',
    'samples the activity of the system and writes it as CSV, one line per row,',
    'on standard output or in daily raw files,',
    'for later analysis with awk, R, a spreadsheet or a database.',
    'Each recorder writes a fixed list of fields, described in its entry of the',
    'Library of Monitoring Objects (LMO):',
    '.Pa lmo/ Ns Ar recorder Ns Pa .json .',
    'The recorders are:',
    '.Bl -tag -width Ds',
    ...recorders.flatMap((r) => [
      `.It Cm ${mdocArgs(r.name)}`,
      roffText(`${r.description.split('. ')[0].replace(/\.$/, '')}.`),
      `.Xr sdr-${mdocArgs(r.name)} 1`,
      `lists its ${r.fields.length} fields.`,
    ]),
    '.El',
    '.Pp',
    'The commands are:',
    '.Bl -tag -width Ds',
    '.It Ar recorder Oo Ar options Oc Op Ar interval Op Ar count',
    'Run the recorder; its options are described below.',
    '.It Cm lmo Oo Ar recorder Oc Op Fl -json',
    'Show the LMO: with no',
    '.Ar recorder ,',
    'one line for each recorder with its number of fields and what a row is;',
    'with one, its description and each field with number, name, type, unit and meaning.',
    'With',
    '.Fl -json ,',
    'print the LMO as JSON instead: the list of every recorder, or the one recorder.',
    '.It Cm send Op Ar options',
    'Deliver the raw files to the platforms of the config over HTTP, resuming where it stopped and dropping nothing; see',
    '.Xr sdr-send 1 .',
    '.It Cm run Op Fl -config Ar path',
    'Run the recorders of the config in one process, each at its own interval, with sdrrec recording sdr itself and the sender when platforms are set; see',
    '.Xr sdr-run 1 .',
    '.It Cm collect Op Ar options',
    'Receive rows sent over HTTP and store them in daily raw files, one directory per data source; see',
    '.Xr sdr-collect 1 .',
    '.It Cm doctor Op Ar options',
    'Read the raw files of sdrrec and tell where the time of sdr went: latency spikes, missed ticks, a growing backlog; see',
    '.Xr sdr-doctor 1 .',
    '.It Cm report Oo Ar recorder ... Oc Op Ar options',
    'Summarise a recorder\'s rows over a day or a period, like sar -f, or draw the recorders as one HTML page or SVG files; see',
    '.Xr sdr-report 1 .',
    '.It Fl h , Fl -help',
    'Show the commands, then exit.',
    'With no command at all, the same help goes to standard error, with exit status 2.',
    '.It Fl V , Fl -version',
    'Print the version and exit.',
    '.El',
    '.Pp',
    'An error is one line on standard error, which begins with the command at fault, as in',
    `.Ql sdr: ${mdocArgs(first.name)}: ... .`,
    'A warning, such as a sample skipped because a file could not be read,',
    'is printed once however often it happens.',
    'Sources fail alone: a file that cannot be read leaves empty only the fields it feeds,',
    'and the rest of the row is written;',
    'it is reported when it starts failing, again once a minute while it lasts,',
    'and once when it can be read again.',
    '.Ss Options of the recorders',
    ...optionList(),
    '.Ss Interval and count',
    ...samplingText(),
    '.Sh ENVIRONMENT',
    '.Bl -tag -width Ds',
    '.It Ev SDR_LOG_DIR',
    'The log directory, when',
    '.Fl -log-dir',
    'is not given.',
    '.It Ev XDG_DATA_HOME',
    'The data directory of the user: the log directory of users other than root is its',
    '.Pa sdr/log ,',
    'and',
    '.Pa ~/.local/share/sdr/log',
    'when it is unset or empty.',
    '.It Ev SDR_DEBUG',
    'When',
    '.Ql 1 ,',
    'an error message is followed by its stack trace.',
    '.It Ev SDR_PLATFORM',
    'The operating system whose backend reads the samples, instead of the one running:',
    '.Ql linux ,',
    '.Ql freebsd ,',
    '.Ql sunos',
    '(Solaris, illumos) or',
    '.Ql darwin',
    '(macOS);',
    "for replaying another system's captured files with",
    '.Fl -procfs',
    'and',
    '.Fl -sysfs ,',
    "or another system's tools' output with stand-ins first on",
    '.Ev PATH .',
    'On Linux the recorders read',
    '.Pa /proc',
    'and',
    '.Pa /sys ;',
    'elsewhere they run the system\'s own tools',
    '(sysctl, kstat, iostat, netstat and the like)',
    'and a field the system cannot measure stays empty.',
    'Each recorder\'s page lists the source of every field on each system.',
    '.El',
    '.Sh FILES',
    '.Bl -tag -width Ds',
    ...rawFileItem('Ar recorder'),
    'The raw file of a recorder for one day, written with',
    '.Fl l .',
    'A row goes to the file of the UTC date of its sample, so a new file begins at midnight UTC,',
    'and each new file begins with the header line.',
    'Rows are appended, one whole write per sample.',
    'A torn last line, left by a crash, is cut off when the file is opened at start,',
    'with a warning.',
    'A file keeps one layout, the one its header line gives:',
    'appending with another delimiter than the file has is a usage error, before a row is written;',
    'a file whose header differs from the recorder\'s, one written by an older',
    '.Nm sdr ,',
    'is left as it is, and the rows of that day go to its next part,',
    '.Ar recorder Ns Pa -YYYY-MM-DD.1.csv',
    '(then .2 and so on), with a warning that names it.',
    'Only the newest part of a day is appended to;',
    '.Xr sdr-send 1',
    'delivers the parts in order, after the day\'s first file.',
    '.It Ar logdir Ns Pa /. Ns Ar recorder Ns Pa .lock',
    'The pid of the process appending to the raw files of',
    '.Ar recorder :',
    'two writers never share a day file, so a recorder run with',
    '.Fl l',
    'while another one, or',
    '.Nm sdr Cm run ,',
    'records the same recorder into the same directory exits with status 1, naming that pid.',
    'A lock left by a process that is gone is taken over.',
    '.Pp',
    'The log directory',
    '.Ar logdir',
    'is created when missing and is the first of:',
    '.Bl -enum -compact',
    '.It',
    '.Fl -log-dir Ar dir ;',
    '.It',
    '.Ev SDR_LOG_DIR ;',
    '.It',
    '.Pa /var/lib/sdr/log',
    'for root;',
    '.It',
    '.Ev XDG_DATA_HOME Ns Pa /sdr/log ,',
    'where',
    '.Ev XDG_DATA_HOME',
    'defaults to',
    '.Pa ~/.local/share .',
    '.El',
    '.It Pa lmo/ Ns Ar recorder Ns Pa .json',
    'The LMO of each recorder, in the directory where sdr is installed.',
    '.El',
    '.Sh EXIT STATUS',
    '.Bl -tag -width Ds',
    '.It 0',
    'Success; also when the reader of standard output goes away, as in',
    `.Ql sdr ${mdocArgs(first.name)} 1 \\&| head \\-5`,
    'or',
    '.Ql sdr lmo \\-\\-json \\&| head \\-1 ,',
    'and when SIGINT or SIGTERM stops a recorder, which first finishes the row being written.',
    '.It 1',
    'A runtime error: a root that holds none of the files the recorder reads there,',
    'a file a recorder cannot do without (its device list), a log directory that cannot be written,',
    'a recorder whose raw files another process is writing.',
    '.It 2',
    'A usage error: an unknown command or option, a bad interval, count or delimiter,',
    'or a delimiter other than that of the raw file to append to.',
    '.El',
    '.Sh EXAMPLES',
    `One sample of ${mdocArgs(first.name)} with its header line:`,
    ...example(`$ sdr ${first.name} -H`),
    '.Pp',
    'A sample every minute into the daily raw files, until stopped:',
    ...example(`$ sdr ${first.name} -l 60`),
    '.Pp',
    `The mean of ${mdocArgs(field)} over ten seconds, the column found by its name in the header:`,
    ...example(
      `$ sdr ${first.name} -H 1 10 | awk -F, '\n` +
        `    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }\n` +
        `    { sum += $col["${field}"] }\n` +
        `    END { printf "%.2f\\n", sum / (NR - 1) }'`,
    ),
    '.Pp',
    `Today's raw file of a user other than root in R, with the timestamp as a date and time:`,
    ...example(
      `day <- format(Sys.time(), "%Y-%m-%d", tz = "UTC")\n` +
        `x <- read.csv(sprintf("~/.local/share/sdr/log/${first.name}-%s.csv", day))\n` +
        `x$time <- as.POSIXct(x$${first.fields[0].name}, origin = "1970-01-01", tz = "UTC")\n` +
        `plot(x$time, x$${field}, type = "l")`,
    ),
    '.Sh SEE ALSO',
    ...seeAlso,
    '',
  ].join('\n'));
}

/** sdr-<recorder>(1): what the recorder measures and every field of its LMO, in order. */
/** "-d, --devices <list>" as mdoc pieces. */
function deviceFlags(d: DeviceSelection): { short: string; long: string; arg: string } {
  const m = /^-(\w), --([\w-]+) <(\w+)>$/.exec(d.flags);
  if (m === null) throw new Error(`device option flags '${d.flags}' are not of the form "-x, --name <arg>"`);
  return { short: m[1], long: m[2], arg: m[3] };
}

/** What each system's backend leaves out by default: "Linux: loop…; FreeBSD: cd…", or undefined. */
function excludedByOs(kind: DeviceKind | undefined): string | undefined {
  if (kind === undefined) return undefined;
  // Systems that leave out the same, together: "FreeBSD, Solaris and illumos, macOS: loopback (lo0)".
  const systems = new Map<string, string[]>();
  for (const os of LMO_OSES) {
    const words = PLATFORMS[os].excluded[kind]?.words;
    if (words !== undefined) systems.set(words, [...(systems.get(words) ?? []), OS_TITLES[os]]);
  }
  return systems.size === 0 ? undefined : [...systems].map(([words, titles]) => `${titles.join(', ')}: ${words}`).join('; ');
}

function deviceOption(d: DeviceSelection): string[] {
  const f = deviceFlags(d);
  const excluded = excludedByOs(d.kind);
  return [
    `.It Fl ${f.short} , Fl -${f.long} Ar ${f.arg}`,
    roffText(`Record only the ${d.what}s named in the comma-separated ${f.arg}` +
      (excluded ? `, even those left out by default (${excluded}).` : '.')),
    roffText(`A list that names no ${d.what} that exists is an error that lists those that do;`),
    roffText(`a name not (yet) present is reported once, and its rows start when it appears.`),
  ];
}

/** What a recorder adds to the common options. */
export interface RecorderOptions {
  devices?: DeviceSelection;
  /** What the recorder reads under --rootfs, in its --help words; undefined: no --rootfs. */
  rootfs?: string;
  options?: RecorderOption[];
  minIntervalSeconds?: number;
  fromOneReading?: boolean;
  readsPseudoFiles?: boolean;
}

/** --rootfs in the recorder's own words (its --help text), as a sentence. */
function rootfsOption(text: string): string[] {
  return ['.It Fl -rootfs Ar dir', roffText(`${text.replace(/^./, (c) => c.toUpperCase())}.`)];
}

const OS_TITLES: Record<LmoOs, string> = { linux: 'Linux', freebsd: 'FreeBSD', sunos: 'Solaris and illumos', darwin: 'macOS' };

/** Where each field comes from on each OS, as the LMO says; nothing when its fields name no sources. */
function operatingSystems(lmo: Lmo): string[] {
  if (!lmo.fields.every((f) => f.sources !== undefined)) return [];
  const longestName = lmo.fields.map((f) => f.name).reduce((a, b) => (b.length > a.length ? b : a));
  return [
    '.Sh OPERATING SYSTEMS',
    'Where each field comes from on each system;',
    `.Ql ${UNAVAILABLE}`,
    'means the system does not measure it and the field is always empty there.',
    'The same table is printed by',
    `.Ql sdr lmo --os Ar os Ar ${mdocArgs(lmo.name)} .`,
    ...LMO_OSES.flatMap((os) => [
      `.Ss ${OS_TITLES[os]}`,
      `.Bl -tag -width ${longestName} -compact`,
      ...lmo.fields.flatMap((f) => [`.It Sy ${mdocArgs(f.name)}`, roffText(f.sources![os])]),
      '.El',
    ]),
  ];
}

export function recorderManPage(lmo: Lmo, version: string, date: string, options: RecorderOptions = {}): string {
  const devices = options.devices;
  const name = mdocArgs(lmo.name);
  const field = lmo.fields[1]?.name ?? lmo.fields[0].name;
  return foldPage([
    ...prologue(`sdr-${lmo.name}`, version, date),
    '.Sh NAME',
    `.Nm sdr-${name}`,
    `.Nd ${mdocArgs(summary(lmo))}`,
    '.Sh SYNOPSIS',
    '.Nm sdr',
    `.Cm ${name}`,
    ...(devices ? [`.Op Fl ${deviceFlags(devices).short} Ar ${deviceFlags(devices).arg}`] : []),
    ...RECORDER_SYNOPSIS.slice(0, -1).filter((l) => options.readsPseudoFiles !== false || !/procfs|sysfs/.test(l)),
    ...(options.rootfs !== undefined ? ['.Op Fl -rootfs Ar dir'] : []),
    ...(options.options ?? []).map((o) => `.Op Fl ${o.flags.replace(/ <(\w+)>$/, ' Ar $1').replace(/^-/, '')}`),
    ...RECORDER_SYNOPSIS.slice(-1),
    '.Sh DESCRIPTION',
    roffText(lmo.description),
    '.Pp',
    'This recorder of',
    '.Xr sdr 1',
    roffText(`writes ${lmo.rows}, each with the ${lmo.fields.length} fields listed in`),
    '.Sx FIELDS ,',
    'as CSV on standard output or, with',
    '.Fl l ,',
    'in daily raw files.',
    '.Pp',
    ...samplingText(options),
    '.Pp',
    'The environment and the exit status are those of',
    '.Xr sdr 1 .',
    '.Sh OPTIONS',
    ...optionList([
      ...(devices ? deviceOption(devices) : []),
      ...ownOptions(options.options ?? []),
      ...(options.rootfs !== undefined ? rootfsOption(options.rootfs) : []),
    ], options.readsPseudoFiles !== false),
    '.Sh FIELDS',
    'Each row has these fields, in this order, as the header line names them;',
    'each with its number, name, type and unit.',
    'They come from',
    `.Pa lmo/${name}.json ,`,
    'which',
    `.Ql sdr lmo ${name}`,
    'shows too.',
    ...(lmo.earlierFieldCounts === undefined ? [] : [roffText(`Fields are only ever appended: a file of an earlier sdr has the first ${lmo.earlierFieldCounts.join(' or ')} of them, as its header line says.`)]),
    '.Bl -tag -width Ds',
    ...fieldItems(lmo),
    '.El',
    ...seriesRoff(lmo),
    ...operatingSystems(lmo),
    '.Sh FILES',
    '.Bl -tag -width Ds',
    ...rawFileItem(`Pa ${name}`),
    'The raw file for one day, by UTC date, written with',
    '.Fl l ;',
    'each new file begins with the header line.',
    '.Xr sdr 1',
    'tells how the log directory',
    '.Ar logdir',
    'is chosen.',
    `.It Pa lmo/${name}.json`,
    'The LMO of the recorder, in the directory where sdr is installed.',
    '.El',
    '.Sh EXAMPLES',
    'One sample with its header line:',
    ...example(`$ sdr ${lmo.name} -H`),
    '.Pp',
    'A sample every 5 seconds for a minute, after the header line:',
    ...example(`$ sdr ${lmo.name} -H 5 12`),
    '.Pp',
    'A sample every half second, until stopped, the timestamps with milliseconds:',
    ...example(`$ sdr ${lmo.name} 0.5`),
    '.Pp',
    'A sample every minute into the daily raw files, until stopped:',
    ...example(`$ sdr ${lmo.name} -l 60`),
    '.Pp',
    `Only the timestamp and ${mdocArgs(field)}, the columns found by their names:`,
    ...example(
      `$ sdr ${lmo.name} -H 1 5 | awk -F, -v OFS=, '\n` +
        `    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }\n` +
        `    { print $col["${lmo.fields[0].name}"], $col["${field}"] }'`,
    ),
    '.Sh SEE ALSO',
    '.Xr sdr 1',
    '',
  ].join('\n'));
}

/** Every page as file name (under man/man1) and text: sdr.1, the commands', then sdr-<recorder>.1 for each recorder. */
export function manPageFiles(
  recorders: Lmo[],
  version: string,
  date: string,
  options: (recorder: string) => RecorderOptions | undefined = (r) => RECORDERS.get(r),
): { file: string; text: string }[] {
  // sdrrec has no command of its own: sdr run writes it, and sdr-run(1) lists its fields.
  const commands = recorders.filter((lmo) => lmo.name !== SDRREC);
  const sdrrec = recorders.find((lmo) => lmo.name === SDRREC);
  return [
    { file: 'sdr.1', text: sdrManPage(commands, version, date) },
    { file: 'sdr-collect.1', text: collectManPage(version, date) },
    { file: 'sdr-send.1', text: sendManPage(version, date) },
    ...(sdrrec ? [{ file: 'sdr-run.1', text: runManPage(sdrrec, version, date) }] : []),
    { file: 'sdr-doctor.1', text: doctorManPage(version, date) },
    { file: 'sdr-report.1', text: reportManPage(version, date) },
    ...commands.map((lmo) => ({ file: `sdr-${lmo.name}.1`, text: recorderManPage(lmo, version, date, options(lmo.name)) })),
  ];
}
