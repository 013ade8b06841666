// sdr-collect(1).
import { foldPage, prologue, roffText, mdocArgs, example } from './roff.js';

/** sdr-collect(1): the receiving end of the wire format, its checks and answers, and its files. */
export function collectManPage(version: string, date: string): string {
  const item = (tag: string, text: string) => [`.It ${tag}`, roffText(text)];
  return foldPage([
    ...prologue('sdr-collect', version, date),
    '.Sh NAME',
    '.Nm sdr-collect',
    '.Nd receive rows over HTTP and store them in daily raw files',
    '.Sh SYNOPSIS',
    '.Nm sdr',
    '.Cm collect',
    '.Op Fl -listen Ar host : Ns Ar port',
    '.Fl -data-dir Ar dir',
    '.Fl -tokens Ar file',
    '.Op Fl -fsync Cm always | interval',
    '.Op Fl -oldest Ar YYYY-MM-DD',
    '.Op Fl -mode Ar octal',
    '.Op Fl -max-new-sources Ar n',
    '.Op Fl -max-new-files Ar n',
    '.Sh DESCRIPTION',
    roffText('The collect command of'),
    '.Xr sdr 1',
    roffText('is the receiving end of the Kronometrix wire format, so that rows recorded on many hosts can be kept on one with nothing else installed. ' +
      'Each request is an HTTP POST to'),
    '.Pa /api/private/send_data',
    'carrying one row, with the token of the sender in the header',
    '.Ql Token',
    'and the body',
    '.Ql msgid:sid:dsid[:devid]:row:sha256 .',
    roffText('The row is appended to the raw file it came from, in the directory of its data source id (dsid), ' +
      'exactly as the recorder wrote it: the same CSV line, the header line first in each new file. ' +
      'Rows for one file that arrive while it is busy wait and go out together in one write of whole lines ' +
      '(with --fsync always, one fsync), and each is answered once that write is done.'),
    '.Pp',
    roffText('A row from sdr send names its place: its day file in the header X-Sdr-File and its number among the rows of that file in X-Sdr-Row. ' +
      'Row n is appended when the file holds n - 1 rows and answered as already stored when it holds n or more, also after a restart of the collector, ' +
      'as the file\'s own line count is the record; a row that comes ahead of a row still on its way waits for it, 5 seconds and 1024 rows a file at most, ' +
      'and is then answered 503. So the collected file is the recorder\'s, row for row: once each and in order, rows that happen to be the same bytes kept apart. ' +
      'A row of an earlier sdr, with fewer fields (the first of today\'s, as the LMO\'s earlierFieldCounts lists them), is stored at its place under the header of those fields; ' +
      'a file never takes rows of two layouts (409).'),
    '.Pp',
    roffText('A request that names no place, with another User-Agent than sdr\'s, comes from an original Kronometrix agent (its sender says kdr/1.8.x sender linux), ' +
      'which never sends a row again: nothing it sends is refused for its layout. The layout is known by the OS and the recorder of the msgid ' +
      '(linux-sysrec, dpd-linux-sysrec, cpd-solaris-sysrec; the devid system there or not, as the original\'s msgid pattern has it; the SDR-era body without a hash) ' +
      'and by the field count: the original recorder\'s on that OS, linux, freebsd, darwin or solaris, or sdr, sdr\'s own layout in the colon format, ' +
      'when the original sender ships the colon output of an sdr recorder. The row is stored as it was sent, its fields joined by colons, ' +
      'in the file of its layout and UTC date, once by its text: the lines of a file are read when it is opened, and a line already in it is not appended again. ' +
      'It never goes to an sdr day file, even where the field count is the same: the original hdwrec\'s uptime reads 0d 0h 35m 7s where sdr\'s is a number of seconds, ' +
      'and sdr\'s rows are counted by their places. A row of no known layout (another field count, a recorder without one, a timestamp that is no date, ' +
      'a date out of range) is kept in quarantine with the reason, answered 200, counted in sources.csv, and said on standard error at once, then once a minute while more come.'),
    '.Pp',
    roffText('A data source belongs to the tokens the tokens file names for it, else to the first token that writes it, whose sha256 is kept in dir/.owners/dsid. ' +
      'Another token is refused with 403 before anything is said of the rows. A token may create a bounded number of data sources and day files a minute.'),
    '.Pp',
    'The answers are:',
    '.Bl -tag -width Ds',
    ...item('200', 'The row is in the file (the body says stored or already stored), or an original agent\'s row is kept in quarantine (kept in quarantine: and the reason). ' +
      'Only this answer means the sender may forget the row.'),
    ...item('400', 'The body is not of the wire format, its sha256 does not match, or its dsid is not a UUID; for a row of sdr\'s sender also: its recorder is unknown, ' +
      'its row does not have the number of fields of the recorder, its timestamp is not a number, a field holds a line break, ' +
      'the row or its day file is dated before --oldest or more than a day ahead of the collector\'s clock, or X-Sdr-File or X-Sdr-Row is not what it must be. The body of the answer says which.'),
    ...item('401', 'The token is missing or unknown.'),
    ...item('403', 'The token may not write the subscription id of the body, or the data source is another token\'s.'),
    ...item('404 , 405', 'Another path, or another method than POST.'),
    ...item('408', 'The request was not whole within 10 seconds, or its headers within 5: the connection is closed.'),
    ...item('409', 'Another row is stored at the place the request names: two senders share one data source (hosts cloned with one machine id).'),
    ...item('413', 'The body is larger than 64 KiB.'),
    ...item('429', 'The token created more data sources or day files in the last minute than it may; Retry-After says when to come again.'),
    ...item('500', 'A fault of the collector; the reason is logged.'),
    ...item('503', 'The row cannot be stored now: its file cannot be written (a full disk), it came ahead of a row that did not follow, or the collector is stopping. Retry-After: 1.'),
    '.El',
    '.Pp',
    roffText('It speaks plain HTTP, and listens on the loopback address unless told otherwise: across a network, put it behind a proxy that speaks TLS, ' +
      'as the tokens would otherwise cross the network in the clear.'),
    '.Pp',
    roffText('A line on standard error says where it listens and where the data go; each error, and each refused request, is one more line, ' +
      'a line of a kind repeated within a minute only once, with the count of those left unsaid. No token is ever printed. SIGINT or SIGTERM stops it: it accepts no more connections, ' +
      'lets the requests in flight finish and their rows be written, syncs the files and exits 0.'),
    '.Sh OPTIONS',
    '.Bl -tag -width Ds',
    '.It Fl -listen Ar host : Ns Ar port',
    'The address and port to listen on;',
    '.Ql 127.0.0.1:8080',
    'by default.',
    roffText('An IPv6 address goes in brackets, as in [::1]:8080. Port 0 takes any free port, which the start line names.'),
    '.It Fl -data-dir Ar dir',
    'Where the rows go; created when missing.',
    '.It Fl -tokens Ar file',
    roffText('The tokens file: a JSON object whose keys are the tokens and whose values are the lists of subscription ids each may write, as in'),
    `.Ql ${mdocArgs('{"TOKEN": ["SID", ...]}')} ,`,
    roffText('or objects that also name the data sources that are the token\'s own, as in'),
    `.Ql ${mdocArgs('{"TOKEN": {"subscriptions": ["SID"], "sources": ["DSID"]}}')} .`,
    roffText('It must be accessible by its owner only (chmod 600): a file that group or others may read is refused. It is read once, at start.'),
    '.It Fl -fsync Cm always | interval',
    'With',
    '.Cm always ,',
    roffText('each row is synced to the disk before the answer, and so is each new file and directory. With'),
    '.Cm interval ,',
    roffText('the default, each file written is synced at most once a second: a crash of the system, not of the collector, may lose the rows of the last second.'),
    ...item('Fl -oldest Ar YYYY-MM-DD', 'Rows and day files dated before this day are refused (400); 2000-01-01 by default.'),
    ...item('Fl -mode Ar octal', 'The mode of the day files (640 by default); the directories get the x bit wherever the files have r (750). Others than the owner may never write.'),
    ...item('Fl -max-new-sources Ar n', 'The data sources one token may create a minute; 1000 by default.'),
    ...item('Fl -max-new-files Ar n', 'The day files one token may create a minute; 10000 by default.'),
    '.It Fl h , Fl -help',
    'Show the options, then exit.',
    '.El',
    '.Sh FILES',
    '.Bl -tag -width Ds',
    '.It Ar dir Ns Pa / Ns Ar dsid Ns Pa / Ns Ar recorder Ns Pa -YYYY-MM-DD.csv',
    roffText('The raw file of one recorder of one data source for one UTC day, as the recorder writes it with'),
    '.Fl l .',
    roffText('A torn last line, left by a crash or a write that failed, is cut off when the file is opened. The dsid is written in lower case. ' +
      'No request can name another path: the dsid must be a UUID, the recorder one of the LMO and the file one of its day files.'),
    '.It Ar dir Ns Pa / Ns Ar dsid Ns Pa / Ns Ar recorder Ns Pa - Ns Ar layout Ns Pa -YYYY-MM-DD.csv',
    roffText('The rows of an original agent in one layout for one UTC day, as they were sent: fields joined by colons, nothing quoted, ' +
      'after a header line of the layout\'s field names joined by colons. The layout is linux, freebsd, darwin or solaris, the original recorder\'s on that OS ' +
      '(sysrec 46, 54, 54 and 19 fields; cpurec 11, 8, 8 and 13; diskrec 11, 14 and 14; nicrec 20, 13, 13 and 10; hdwrec 20, 20, 20 and 12; xenrec 20 on linux), ' +
      'or sdr, sdr\'s own layout in the colon format (a colon inside a field written %3A).'),
    '.It Ar dir Ns Pa / Ns Ar dsid Ns Pa /quarantine-YYYY-MM-DD.csv',
    roffText('The rows of an original agent that no layout took, by the collector\'s UTC day: received (UTC), agent, msgid, devid, reason, and the row as sent ' +
      '(a line break in it written %0D or %0A). No column but the row holds a comma.'),
    '.It Ar dir Ns Pa /.owners/ Ns Ar dsid',
    roffText('The sha256 of the token that owns the data source, in hex.'),
    '.It Ar dir Ns Pa /sources.csv',
    roffText('Each data source: dsid, host (from its hdwrec rows), os, subscription, recorders, first and last row (UTC), ' +
      'the agents that sent its rows (their User-Agent, separated by semicolons), its layouts (recorder:layout, sdr or the original\'s OS) ' +
      'and its rows kept in quarantine. Written every few seconds when it changed, and at the stop.'),
    '.El',
    '.Sh EXIT STATUS',
    '.Bl -tag -width Ds',
    ...item('0', 'Stopped by SIGINT or SIGTERM.'),
    ...item('1', 'It could not start: a tokens file unreadable, ill-formed or open to others, a data directory that cannot be written, an address in use.'),
    ...item('2', 'A usage error: an unknown option, a --listen that is not host:port.'),
    '.El',
    '.Sh EXAMPLES',
    'A tokens file for one sender, which may write two subscriptions:',
    ...example(`$ (umask 077; echo '{"'$(openssl rand -hex 16)'": ["sid1", "sid2"]}' > /etc/sdr/tokens.json)`),
    '.Pp',
    'Collect on every address of the host, port 8080:',
    ...example('$ sdr collect --listen 0.0.0.0:8080 --data-dir /var/lib/sdr/collect \\\n    --tokens /etc/sdr/tokens.json'),
    '.Pp',
    "The row of the highest CPU use in a day of one host's sysrec:",
    ...example('$ sort -t, -k2 -rn /var/lib/sdr/collect/<dsid>/sysrec-2026-11-27.csv | head -1'),
    '.Sh SEE ALSO',
    '.Xr sdr 1',
    '',
  ].join('\n'));
}
