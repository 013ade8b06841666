// sdr-run(1): the agent, its config, its signals, sdrrec's fields and how to start it on each OS.
import type { Lmo } from '../core/lmo.js';
import { foldPage, prologue, roffText, example } from './roff.js';
import { fieldItems } from './man-fields.js';
import { configKeysRoff } from './config-keys.js';
import { seriesRoff } from './series-table.js';

/** sdr-run(1); `sdrrec` is the LMO of sdr's record of itself, whose fields the page lists. */
export function runManPage(sdrrec: Lmo, version: string, date: string): string {
  const item = (tag: string, text: string) => [`.It ${tag}`, roffText(text)];
  return foldPage([
    ...prologue('sdr-run', version, date),
    '.Sh NAME',
    '.Nm sdr-run',
    '.Nd run the recorders, the sender and sdrrec in one process',
    '.Sh SYNOPSIS',
    '.Nm sdr',
    '.Cm run',
    '.Op Fl -config Ar path',
    '.Sh DESCRIPTION',
    roffText('The run command of'),
    '.Xr sdr 1',
    roffText('runs the recorders named in its config in one process, each at its own interval, appending to the daily raw files recorder-YYYY-MM-DD.csv in the log directory exactly as sdr recorder -l does. ' +
      'When the config names platforms, the sender of'),
    '.Xr sdr-send 1',
    roffText('runs in the same process and delivers the rows as they are written. ' +
      'sdrrec, a record of sdr itself, is written beside them (see SDRREC), and'),
    '.Xr sdr-doctor 1',
    roffText('reads it. It runs in the foreground, never forks and writes one line per event to standard error, for systemd, rc.d, SMF or a terminal.'),
    '.Pp',
    roffText('Only one sdr run records into a log directory: it holds the lock file .sdr-run.lock there, which names its pid, and a second one exits saying which pid holds it. ' +
      'Each of its recorders also holds .recorder.lock, as sdr recorder -l does, so that two writers never share a day file: ' +
      'sdr recorder -l refuses the files of a recorder that sdr run records, naming its pid, and a recorder of the config whose files an sdr recorder -l holds is reported and tried again every minute. ' +
      'A lock left by a process that is gone (kill -9, a crash, a reboot) is taken over.'),
    '.Pp',
    roffText('One failing recorder does not stop the others. A recorder whose source cannot be read at start (xenrec on a host without Xen, say) is reported once and tried again every minute; ' +
      'a sample that fails in a long run is reported once per distinct message and the next one is taken at its tick. ' +
      'A source that cannot be read leaves only its fields empty: it is reported when it starts failing, again once a minute while it lasts, ' +
      'and when it can be read again, and counted in sdrrec\'s source_errors. ' +
      'A slow disk delays the writing of rows, never the sampling: rows wait in memory, and those that queued behind a slow write go out together. ' +
      'A disk that refuses the rows (full, read-only, failing) does not end a recording: the rows wait in memory, 16 MiB per recorder at most (beyond, the oldest samples are given up and counted in sdrrec), ' +
      'what a failed write left is cut off the file, and the write is tried again every 1 to 30 seconds, reported when it starts, once a minute while it lasts and when it is over. ' +
      'The sender goes on by itself as well, and a feed that fails is started again. ' +
      'A log disk already full at the start is waited out too: said once, then once a minute, tried again every 5 seconds; SIGTERM meanwhile ends sdr run with status 0. ' +
      'Only a signal, or a config it cannot start with, ends sdr run.'),
    '.Sh OPTIONS',
    '.Bl -tag -width Ds',
    ...item('Fl -config Ar path', 'The config file; else $SDR_CONFIG, else /etc/sdr/sdr.json.'),
    ...item('Fl -check', 'Check the config as sdr run reads it, and that the address of metrics.listen can be listened on now; describe it (secrets only by where they come from) and exit.'),
    '.El',
    '.Sh CONFIGURATION',
    roffText('The JSON file sdr send reads, with more keys. An unknown key, a value of the wrong type and a value out of range are errors that name the file, the JSON path and what is wrong, ' +
      'with the closest known key when one is near; sdr run then does not start, and a reload keeps the config loaded before. The keys:'),
    ...configKeysRoff(),
    ...example('{"logDir": "/var/lib/sdr/log",\n "recorders": {"sysrec": {"interval": 60}, "cpurec": {"interval": 60},\n   "diskrec": {"interval": 60}, "nicrec": {"interval": 60},\n   "hdwrec": {"interval": 1800}},\n "retentionDays": 30, "compressAfterDays": 2,\n "platforms": [{"name": "central", "url": "https://collector.example:8443",\n   "subscription": "SID", "tokenFile": "/etc/sdr/token"}]}'),
    '.Sh SIGNALS',
    '.Bl -tag -width Ds',
    ...item('SIGTERM, SIGINT', 'Finish the rows being written, stop the sender (requests in flight get 4 seconds), save its position, release the lock and exit 0, within 5 seconds; ' +
      'if a write or a request is stuck beyond that, exit 1 saying so.'),
    ...item('SIGHUP', 'Read the config again. Recorders added are started, those removed are stopped after their sample in progress, those whose settings changed are restarted; ' +
      'the others go on without losing a row. The sender restarts from its saved positions when the platforms changed. ' +
      'A config that does not load is reported and the one loaded before stays in force. logDir cannot change while running.'),
    '.El',
    roffText('A SIGHUP, SIGTERM or SIGINT that comes while sdr run is still starting is held and acted on once it has started: a reload or stop sent just after a start neither kills it nor is lost.'),
    '.Sh SDRREC',
    roffText('Each interval sdrrec appends one row to sdrrec-YYYY-MM-DD.csv with these fields, from lmo/sdrrec.json. ' +
      'Sample latency is the time from a recorder\'s tick to its rows being in the raw file; lateness is how long after its tick a sample began. ' +
      'A field of a recorder that is not running, or of the sender when no platform is set, is empty.'),
    '.Bl -tag -width Ds',
    ...fieldItems(sdrrec),
    '.El',
    '.Sh METRICS',
    roffText('With "metrics": {"listen": "127.0.0.1:9464"} in the config, sdr run serves GET /metrics there: the latest row of every running recorder, sdrrec\'s included, as gauges named and labelled as remote write sends them ' +
      '(the ENGINES section of each recorder\'s page), with HELP from the LMO and TYPE; the string fields as the labels of a series recorder_info of value 1. ' +
      'The text format 0.0.4, or OpenMetrics 1.0 (ending in # EOF) when the Accept header asks for it; gzip when Accept-Encoding allows it. ' +
      'A scrape reads what is in memory: it never takes a sample and never delays a recorder. A device that vanished, or a recorder that stopped or fails, is no longer exported. ' +
      'The address is loopback by default; another one lets every host that reaches it read what the recorders see. An address that is taken, or not one of this host, stops sdr run at the start with one line naming the config file and $.metrics.listen.'),
    ...seriesRoff(sdrrec, 'SDRREC SERIES'),
    '.Sh FILES',
    '.Bl -tag -width Ds',
    ...item('Pa logdir/.sdr-run.lock', 'The lock: the pid of the sdr run recording into logdir.'),
    ...item('Pa logdir/.recorder.lock', 'The pid of the sdr run or sdr recorder -l appending to the raw files of that recorder.'),
    ...item('Pa logdir/recorder-YYYY-MM-DD.csv Ns Op .gz', 'Raw files, one per recorder and UTC day; recorder-YYYY-MM-DD.1.csv and so on for the rows of a day whose file has another layout ' +
      '(an older sdr\'s header, or a delimiter other than the comma sdr run writes), which is left as it is.'),
    ...item('Pa logdir/.send/', 'The sender\'s positions; logdir/rejected/ holds rows a platform refused.'),
    ...item('Pa etc/', 'In the package: sdr.service and sdr-xenrec.service for systemd, rc.d/sdr for FreeBSD, smf/sdr.xml for Solaris and illumos, cron/sdr-send, sdr.json.example.'),
    '.El',
    '.Sh INSTALLATION',
    roffText('Install with npm install -g sdr (the sdr command goes to /usr/local/bin), create a system user sdr, a log directory it owns, and the config, mode 600 and owned by sdr when it holds a token.'),
    '.Bl -tag -width Ds',
    ...item('Linux (systemd)', 'Copy etc/systemd/sdr.service to /etc/systemd/system, then systemctl daemon-reload and systemctl enable --now sdr; systemctl reload sdr sends SIGHUP once sdr catches it (it waits up to 5 seconds after a start). ' +
      'It runs as sdr, may write only /var/lib/sdr, and logs to the journal.'),
    ...item('FreeBSD (rc.d)', 'Copy etc/rc.d/sdr to /usr/local/etc/rc.d/sdr, set sdr_enable="YES" in /etc/rc.conf (sdr_config, sdr_user to change them), then service sdr start; service sdr reload sends SIGHUP.'),
    ...item('Solaris, illumos (SMF)', 'svccfg import etc/smf/sdr.xml, then svcadm enable application/sdr; svcadm refresh sends SIGHUP.'),
    ...item('cron', 'Where only the sender is wanted, etc/cron/sdr-send runs sdr send --once every five minutes.'),
    '.El',
    '.Pp',
    roffText('xenrec needs root: xentop reads the hypervisor through privileged interfaces, and only on a Xen dom0. ' +
      'Rather than running the whole agent as root, run xenrec beside it with etc/systemd/sdr-xenrec.service (sdr xenrec -l as root into the same log directory, its files readable by the group sdr) ' +
      'and list xenrec in the platform\'s recorders so that the agent sends its rows. Running sdr run as root with xenrec in its recorders works too, with every recorder privileged.'),
    '.Sh EXIT STATUS',
    '.Bl -tag -width Ds',
    ...item('0', 'Stopped by SIGTERM or SIGINT, every row written.'),
    ...item('1', 'The config cannot be used, the log directory cannot be written, another sdr run holds it, or stopping took over 5 seconds.'),
    ...item('2', 'A usage error.'),
    '.El',
    '.Sh SEE ALSO',
    '.Xr sdr 1 ,',
    '.Xr sdr-doctor 1 ,',
    '.Xr sdr-send 1 ,',
    '.Xr systemd.service 5',
    '',
  ].join('\n'));
}
