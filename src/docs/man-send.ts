// sdr-send(1).
import { configKeysRoff } from './config-keys.js';
import { foldPage, prologue, roffText, example } from './roff.js';

/** sdr-send(1): the sender, its config, how it delivers and how it fails. */
export function sendManPage(version: string, date: string): string {
  const item = (tag: string, text: string) => [`.It ${tag}`, roffText(text)];
  return foldPage([
    ...prologue('sdr-send', version, date),
    '.Sh NAME',
    '.Nm sdr-send',
    '.Nd deliver the raw files to platforms over HTTP, losing nothing',
    '.Sh SYNOPSIS',
    '.Nm sdr',
    '.Cm send',
    '.Op Fl -config Ar path',
    '.Op Fl -once | Fl -status | Fl -check',
    '.Sh DESCRIPTION',
    roffText('The send command of'),
    '.Xr sdr 1',
    roffText('delivers every complete row of the daily raw files that the recorders write with -l, in order, to each platform of its config, ' +
      'in the Kronometrix wire format: an HTTP POST of one row to /api/private/send_data with the token in the Token header and the body ' +
      'msgid:sid:dsid[:devid]:row:sha256. The msgid is os-recorder; the dsid is a UUID (version 5) of the machine id and the subscription id; ' +
      'whole-system recorders carry the devid system, and the User-Agent is sdr/version. Fields are joined with colons; a colon or a percent sign inside a field is sent as %3A or %25, as the colon format writes them.'),
    '.Pp',
    roffText('The position past the last row acknowledged is saved for each platform and day file under .send in the log directory, ' +
      'atomically (a temporary file, fsync, rename), so a restart, a kill -9 or a reboot resumes exactly there. ' +
      'The header line is skipped, and a last line still being written is left for later. A day file hands over to the next file once that exists: the next part of the day (recorder-YYYY-MM-DD.1.csv, written when the day\'s file had another layout, see sdr(1)), else the next day. ' +
      'Up to 64 rows are in flight at once on keep-alive connections, and the position moves past a row only once it and every row before it were acknowledged. ' +
      'It is saved at most once a second while rows flow, and always before waiting or stopping: ' +
      'after a crash at most the last second of rows and those in flight are sent again. ' +
      'Each request names the place of its row, its day file in the header X-Sdr-File and its number among the rows of that file in X-Sdr-Row, ' +
      'so that sdr collect stores each row once and in order however often and in whatever order it arrives. ' +
      'Every day file is looked at on every pass, by its size alone when it did not grow: rows a clock stepped back writes into an earlier day are sent too. ' +
      'A position that cannot be saved (a full disk) is reported, tried again at the next save, and delivery goes on; a feed that fails is started again on its own.'),
    '.Pp',
    'Failures:',
    '.Bl -tag -width Ds',
    ...item('connection errors, timeouts, 5xx, 408, 429', 'The row is sent again after an exponential backoff with jitter, at most 60 seconds, or after the Retry-After the platform asked for. Nothing is dropped.'),
    ...item('401, 403', 'The token is refused: reported at most once a minute and tried again every 30 seconds.'),
    ...item('other 4xx', 'The platform refused that row: it is appended, with the status and the reason, to rejected/recorder-YYYY-MM-DD.csv in the log directory, and delivery goes on.'),
    '.El',
    '.Pp',
    roffText('Memory does not grow with a backlog: files are read in chunks of 256 KiB. Reports go to standard error, one line each and at most once a minute per platform and recorder. No token is ever printed.'),
    '.Sh ENGINE PLATFORMS',
    roffText('A platform of type influx or remote-write receives the rows as points of a time series database instead: every non-empty field of a row becomes a value stamped with the row\'s own timestamp, ' +
      'the device of per-device recorders a tag (cpuid, diskid, nicid, xenrec\'s name), and every point carries the tag host (the host name, or the platform\'s host) and the platform\'s tags. ' +
      'An empty field is sent as nothing, never as 0. The ENGINES section of each recorder\'s page lists every field\'s name, type, series and conversion.'),
    '.Bl -tag -width Ds',
    ...item('influx', 'InfluxDB line protocol, gzipped: measurement the recorder, fields under their LMO names, integers with the suffix i, strings quoted; seconds, or milliseconds for rows with decimals. ' +
      'api v1 posts to url/write?db=database&rp=retentionPolicy (InfluxDB 1.x with username and password; VictoriaMetrics, which keeps the database as the label db, at /write of a single node or /insert/tenant/influx/write of a vminsert); ' +
      'api v2 posts to url/api/v2/write?org=org&bucket=bucket with Authorization: Token (InfluxDB 2.x and 3.x).'),
    ...item('remote-write', 'Prometheus remote write 1.0, snappy-compressed protobuf, to the url as given: Prometheus started with --web.enable-remote-write-receiver (url/api/v1/write), VictoriaMetrics (/api/v1/write), Mimir, Thanos receive, Cortex. ' +
      'Series are named sdr_recorder_field_unit in base units (bytes, seconds, ratios 0 to 1); string fields are the labels of sdr_recorder_info, value 1. A token goes as Authorization: Bearer; headers such as X-Scope-OrgID are the platform\'s headers.'),
    '.El',
    '.Pp',
    roffText('Rows go in batches of up to 5,000 rows or about 1 MiB, one request in flight per recorder while the next batch is read. The position is saved past each acknowledged batch before the next one is sent, so a crash sends again at most the batch in flight. ' +
      'That is no duplicate when the engine is set as a site must set it: InfluxDB overwrites the point of the same series and timestamp; VictoriaMetrics keeps one sample per series and interval with -dedup.minScrapeInterval=1ms; ' +
      'Prometheus takes an identical sample again as a no-op, but refuses samples older than its head unless storage.tsdb.out_of_order_time_window covers the backlog. ' +
      'VictoriaMetrics also drops samples older than -retentionPeriod. Failures as above, and: 413 halves the batch until it fits; 404 (a wrong path or database) is reported and tried again every 30 seconds; ' +
      'any other refusal moves the batch\'s rows, with the engine\'s reason, to rejected/recorder-YYYY-MM-DD.csv, and --status tells the last reason.'),
    '.Sh OPTIONS',
    '.Bl -tag -width Ds',
    ...item('Fl -config Ar path', 'The config file; else $SDR_CONFIG, else /etc/sdr/sdr.json.'),
    ...item('Fl -once', 'Deliver what is there and exit: 0 if all of it went, 1 if not (a row failing 4 times, or a refused token). For cron.'),
    ...item('Fl -status', 'Print, per platform and recorder, the rows pending, the time of the last delivery, the rows refused with the last reason, and exit.'),
    ...item('Fl -check', 'Check the config, describe it (tokens only by where they come from) and exit.'),
    '.El',
    '.Sh CONFIGURATION',
    roffText('A JSON object; sdr send reads its logDir and platforms (the other keys are those of sdr-run(1)). ' +
      'An unknown key, a value of the wrong type or one the wire cannot carry is an error that names the file, the JSON path and what is wrong, with the closest known key when one is near. ' +
      'A config file or token file that holds a token must be readable by its owner only (chmod 600), or it is refused; no message shows a token. ' +
      'The original kronometrix.json is read too: log.current_path and transport.platform[] with its per-domain lists of sid and tid. ' +
      'The data source id is made as the original sender made it, from the host id (the machine id; on FreeBSD kern.hostuuid, or /etc/hostid) and the subscription id; --check names it for each platform, ' +
      'and says whether it is the dsid the original sender wrote beside the subscription in kronometrix.json.'),
    ...configKeysRoff(['logDir', 'platforms']),
    ...example('{"logDir": "/var/lib/sdr/log",\n "platforms": [{"name": "central", "url": "https://collector.example:8443",\n   "subscription": "SID", "tokenFile": "/etc/sdr/central.token",\n   "recorders": ["sysrec", "diskrec"]}]}'),
    '.Sh EXIT STATUS',
    '.Bl -tag -width Ds',
    ...item('0', 'Stopped by SIGINT or SIGTERM (the requests in flight get 4 seconds, the position is saved), or with --once everything delivered.'),
    ...item('1', 'With --once, rows left undelivered; or the config cannot be used.'),
    ...item('2', 'A usage error.'),
    '.El',
    '.Sh EXAMPLES',
    'Deliver every five minutes from cron:',
    ...example('*/5 * * * * sdr send --once --config /etc/sdr/sdr.json'),
    '.Sh SEE ALSO',
    '.Xr sdr 1 ,',
    '.Xr sdr-collect 1',
    '',
  ].join('\n'));
}
