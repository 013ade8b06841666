// The command line: commander parses it; every failure becomes one line on stderr and an exit
// status (2 usage, 1 runtime). Stack traces only with SDR_DEBUG=1.
import { Command, CommanderError, Option } from 'commander';
import { UsageError, RuntimeError } from './core/errors.js';
import { loadLmo, lmoNames, lmoOs, LMO_OSES } from './core/lmo.js';
import { sdrVersion } from './core/version.js';
import { setMessagePrefix, messagePrefix } from './core/warn.js';
import { RECORDERS } from './recorders/index.js';
import { currentPlatform } from './platform/index.js';
import { endWhenStdoutCloses } from './output/stdout-closed.js';
import type { DeviceKind } from './platform/types.js';
import { fieldTable, lmoDescription, lmoIndex, sourceTable } from './commands/lmo-table.js';
import { refuseGluedValues } from './commands/glued-flag.js';
import { releaseHeldSignals } from './core/held-signals.js';

/** What this system's backend leaves out by default, in words; none where sdr has no backend. */
function excludedOnThisSystem(kind: DeviceKind): string | undefined {
  try {
    return currentPlatform().excluded[kind]?.words;
  } catch {
    return undefined;
  }
}

/** `args` are the user's, for the errors that must quote what was typed. */
function buildProgram(args: string[]): Command {
  const version = sdrVersion();
  const program = new Command('sdr')
    .description('System data recorders: raw samples of CPU, memory, disk, network and load as CSV.')
    .version(version, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .showSuggestionAfterError(true)
    // Messages name the command at fault, even those commander raises while parsing its options.
    .hook('preSubcommand', (_program, sub) => setMessagePrefix(`sdr: ${sub.name()}`));

  for (const recorder of RECORDERS.values()) {
    const lmo = loadLmo(recorder.name);
    const command = program
      .command(recorder.name)
      .summary(lmo.description.split('. ')[0].replace(/\.$/, ''))
      .description(
        `${lmo.description}\n\nWith no interval: one row, measured over 0.1 s. With an interval (seconds, at ` +
        `least 0.1, fractional allowed): a row every interval, forever or count times.`,
      )
      .argument('[interval]', 'seconds between samples (fractional allowed, at least 0.1)')
      .argument('[count]', 'number of samples (default: until stopped)')
      .version(version, '-V, --version', 'print the version and exit')
      .option('-H, --header', 'print the header line (field names) first')
      .option('--delimiter <char>', 'field delimiter, one character (":" gives the original format)', ',')
      .option('-l, --log', 'append to the daily raw file <log-dir>/' + recorder.name + '-YYYY-MM-DD.csv instead of stdout')
      .addOption(new Option('--log-dir <dir>', 'raw file directory; implies -l (default: $SDR_LOG_DIR, else /var/lib/sdr/log for root, else $XDG_DATA_HOME/sdr/log)'))
      .addHelpText('after', `\nFields (lmo/${recorder.name}.json):\n${fieldTable(lmo)}\n`);
    if (recorder.readsPseudoFiles !== false) {
      command.option('--procfs <dir>', 'read procfs from this root', '/proc');
      command.option('--sysfs <dir>', 'read sysfs from this root', '/sys');
    }
    for (const o of recorder.options ?? []) command.option(o.flags, o.description, o.defaultValue);
    if (recorder.rootfs !== undefined) command.option('--rootfs <dir>', recorder.rootfs);
    if (recorder.devices) {
      const d = recorder.devices;
      const excluded = d.kind === undefined ? undefined : excludedOnThisSystem(d.kind);
      command.option(d.flags, `record only these ${d.what}s (comma-separated names)` +
        (excluded ? `; without it all but ${excluded}` : ''));
    }
    command.action(async (interval, count, options) => {
        refuseGluedValues(args, [{ what: 'an interval', value: interval }, { what: 'a count', value: count }]);
        const { runRecorder } = await import('./commands/record-command.js');
        await runRecorder(recorder, interval, count, options);
      });
  }

  program
    .command('send')
    .summary('deliver the raw files to the platforms of the config, losing nothing')
    .description('Deliver the raw files of the recorders to the platforms named in the config (Kronometrix ' +
      'wire format over HTTP), resuming where it stopped; rows are never dropped.')
    .option('--config <path>', 'the config file (default: $SDR_CONFIG, else /etc/sdr/sdr.json)')
    .option('--once', 'deliver what is there and exit: 0 if all of it went, 1 if not')
    .option('--status', 'print the rows pending, per platform and recorder, and exit')
    .option('--check', 'check the config and exit')
    .action(async (options) => {
      const { runSend } = await import('./commands/send-command.js');
      process.exitCode = await runSend(options);
    });

  program
    .command('run')
    .summary('run the recorders of the config in one process, and the sender when platforms are set')
    .description('Run the recorders named in the config, each at its own interval, writing daily raw files, ' +
      'with sdrrec recording sdr itself and the sender delivering to the platforms of the config.\n\n' +
      'One sdr run per log dir. SIGHUP reloads the config; SIGTERM and SIGINT finish the rows being written, ' +
      'save the sender\'s position and exit 0.')
    .option('--config <path>', 'the config file (default: $SDR_CONFIG, else /etc/sdr/sdr.json)')
    .option('--check', 'check the config (and that the /metrics address is free) and exit')
    .action(async (options) => {
      const { runAgent } = await import('./commands/run-command.js');
      process.exitCode = await runAgent(options);
    });

  program
    .command('collect')
    .summary('receive rows sent over HTTP and store them in daily raw files')
    .description(
      'Receive rows sent over HTTP (POST /api/private/send_data, one row per request) and append each, ' +
      'once, to <data-dir>/<dsid>/<recorder>-YYYY-MM-DD.csv, answering 200 only when it is in the file.\n\n' +
      'Runs until SIGINT or SIGTERM, which let the requests in flight finish.',
    )
    .option('--listen <host:port>', 'address and port to listen on (port 0: any free port)', '127.0.0.1:8080')
    .requiredOption('--data-dir <dir>', 'where the rows go, one directory per data source')
    .requiredOption('--tokens <file>', 'JSON file {"TOKEN": ["SID", ...]}: the subscriptions each token may write; mode 600')
    .addOption(new Option('--fsync <when>', 'fsync each file before answering, or at most once a second')
      .choices(['always', 'interval']).default('interval'))
    .option('--oldest <date>', 'refuse rows dated before this day, YYYY-MM-DD (default 2000-01-01)')
    .option('--mode <octal>', 'mode of the day files, directories with x where r (default 640)')
    .option('--max-new-sources <n>', 'data sources one token may create a minute (default 1000)')
    .option('--max-new-files <n>', 'day files one token may create a minute (default 10000)')
    .action(async (options) => {
      const { runCollect } = await import('./commands/collect-command.js');
      await runCollect(options);
    });

  program
    .command('lmo')
    .summary('show the Library of Monitoring Objects: the fields of each recorder')
    .description('Show the Library of Monitoring Objects: every recorder, or one recorder\'s fields with type, unit and meaning.\n\n' +
      'With --os, where each field comes from on that system, or "unavailable" where it stays empty.')
    .argument('[recorder]', 'a recorder name')
    .option('--json', 'print the LMO as JSON')
    .option('--os <os>', `the sources of the fields on one OS: ${LMO_OSES.join(', ')} (solaris, illumos and macos also do)`)
    .action((name: string | undefined, options: { json?: boolean; os?: string }) => {
      const names = lmoNames();
      if (name !== undefined && !names.includes(name)) {
        throw new UsageError(`no recorder '${name}': known: ${names.join(', ')}`);
      }
      const os = options.os === undefined ? undefined : lmoOs(options.os);
      if (options.os !== undefined && os === undefined) {
        throw new UsageError(`no OS '${options.os}': known: ${LMO_OSES.join(', ')}`);
      }
      const lmos = (name === undefined ? names : [name]).map(loadLmo);
      if (options.json) {
        process.stdout.write(JSON.stringify(name === undefined ? lmos : lmos[0], null, 2) + '\n');
      } else if (os !== undefined) {
        process.stdout.write(lmos.map((l) => `${l.name} on ${os}:\n${sourceTable(l, os)}\n`).join('\n'));
      } else if (name === undefined) {
        process.stdout.write(lmoIndex(lmos) + '\n');
      } else {
        process.stdout.write(`${lmoDescription(lmos[0])}\n\n${fieldTable(lmos[0])}\n`);
      }
    });

  program
    .command('report')
    .summary('summarise a recorder\'s rows over a day or a period, like sar -f; --html draws them')
    .description('Read the raw files of a recorder back and print, per numeric field (per device for a per-device recorder), ' +
      'the count, average, minimum, maximum and its time, and the 95th percentile, like sar -f. Empty fields are left out and counted.\n\n' +
      'Exit status: 0 when rows were summarised, 1 when the period has none or a file cannot be read, 2 on a usage error.')
    .argument('[recorders...]', 'the recorder to summarise (with --html or --svg: the recorders to draw, default all)')
    .option('--date <YYYY-MM-DD>', 'a day (in --tz); default: today so far')
    .option('--since <when>', 'from a time back from now (30m, 6h, 2d), a day or \'YYYY-MM-DD HH:MM\'')
    .option('--until <when>', 'to this time (as --since), else now')
    .option('--tz <zone>', 'the time zone of dates and of the times shown (an IANA name)', 'UTC')
    .option('--every <duration>', 'one summary per bucket of this length (1h, 10m), like sar\'s periodic averages')
    .option('--fields <list>', 'only these fields (comma-separated)')
    .option('--csv', 'print the summary as CSV, times in epoch seconds')
    .option('--html <file>', 'write the recorders\' charts into one self-contained HTML page')
    .option('--svg <dir>', 'write an SVG of each chart into this directory')
    .addOption(new Option('--log-dir <dir>', 'the raw files\' directory (default: the config\'s logDir, else where -l writes)'))
    .option('--config <path>', 'the config file whose logDir to read (default: $SDR_CONFIG, else /etc/sdr/sdr.json)')
    .option('--file <path>', 'one raw file instead (.csv or .csv.gz)')
    .option('--data-dir <dir>', 'a collector\'s data dir, with --host')
    .option('--host <name>', 'the host (as sources.csv names it, or its data source id) of --data-dir')
    .action(async (recorders: string[], options) => {
      const { runReport } = await import('./commands/report-command.js');
      process.exitCode = await runReport(recorders, options);
    });

  program
    .command('doctor')
    .summary('tell where sdr\'s time went: latency spikes, missed ticks, a growing backlog')
    .description('Read the raw files of sdrrec (written by `sdr run`) and report, like a latency doctor, each kind of ' +
      'latency spike with its count, average, worst and period, missed ticks, failed samples, a growing ' +
      'backlog and the memory and CPU of sdr itself, each with a diagnosis in plain words, worst first.\n\n' +
      'Exit status: 0 when the report was made (findings or not), 1 when there are no rows to read, 2 on a usage error.')
    .option('--since <duration>', 'how far back to look: 90s, 30m, 1h, 6h, 2d', '1h')
    .option('--config <path>', 'the config file naming logDir (default: $SDR_CONFIG, else /etc/sdr/sdr.json)')
    .addOption(new Option('--log-dir <dir>', 'raw file directory, instead of the config\'s logDir (default: $SDR_LOG_DIR, else /var/lib/sdr/log for root, else $XDG_DATA_HOME/sdr/log)'))
    .action(async (options) => {
      const { runDoctor } = await import('./commands/doctor-command.js');
      process.exitCode = await runDoctor(options);
    });
  return program;
}

/** Runs sdr with the user's arguments; resolves to the exit status. */
export async function main(args: string[]): Promise<number> {
  endWhenStdoutCloses();
  try {
    await buildProgram(args).parseAsync(args, { from: 'user' });
    // A command may have set its own status (sdr send --once: 1 when rows are left).
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0; // --help, --version
      if (err.code === 'commander.help') return 2; // no command given: the help is already on stderr
      process.stderr.write(`${messagePrefix()}: ${err.message.replace(/^error: /, '')}\n`);
      return 2;
    }
    if (err instanceof UsageError || err instanceof RuntimeError) {
      const cure = err instanceof RuntimeError && err.cure ? `, or give --${err.cure.name} ${err.cure.takes}` : '';
      process.stderr.write(`${messagePrefix()}: ${err.message}${cure}\n`);
      if (process.env.SDR_DEBUG === '1') process.stderr.write(`${err.stack}\n`);
      return err.exitCode;
    }
    const e = err as Error;
    process.stderr.write(`${messagePrefix()}: internal error: ${e?.message ?? String(err)}\n`);
    if (process.env.SDR_DEBUG === '1') process.stderr.write(`${e?.stack}\n`);
    return 1;
  } finally {
    // A signal held while sdr loaded, that no command took, has its effect now.
    releaseHeldSignals();
  }
}
