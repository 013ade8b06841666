// The service files under etc/: each is checked by the tool its system checks it with where that
// tool runs on Linux (systemd-analyze, sh -n and shellcheck, xmllint), and for the directives that
// make it run sdr as the README says. The rc.d script and the cron job are also run, against a
// stand-in rc.subr and stand-in commands, to see the command lines they really build.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../helpers.js';
import { SDR, sdr } from '../cli/sdr.js';

const ETC = `${REPO}etc/`;
const read = (path: string) => readFileSync(ETC + path, 'utf8');

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sdr-etc-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Each check needs its tool; without it the check is skipped with a notice, except in CI, where a
// missing tool must not pass unnoticed (.ci/run installs them).
const inCi = Boolean(process.env.CI);
function have(tool: string, args: string[]): boolean {
  return (spawnSync(tool, args).error as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT';
}
function withTool(tool: string, args: string[]) {
  if (have(tool, args) || inCi) return test;
  console.warn(`${tool} is not installed: skipping the checks that need it`);
  return test.skip;
}
function run(cmd: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20_000, ...options });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new Error(`${cmd} is not installed, and CI is set`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const example = JSON.parse(read('sdr.json.example')) as {
  logDir: string;
  recorders: Record<string, { interval: number }>;
  retentionDays: number;
  compressAfterDays: number;
  platforms: Record<string, unknown>[];
};

// ---------------------------------------------------------------- systemd

type Unit = Record<string, Record<string, string[]>>;

/** A unit file as systemd reads it: sections of keys, each key with its values in order. */
function parseUnit(text: string): Unit {
  const unit: Unit = {};
  let section: Record<string, string[]> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      section = unit[header[1]] = {};
      continue;
    }
    const kv = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (!kv || !section) throw new Error(`not a unit file line: ${raw}`);
    (section[kv[1]] ??= []).push(kv[2]);
  }
  return unit;
}

const haveSystemd = withTool('systemd-analyze', ['--version']);

/**
 * `systemd-analyze verify` of a copy whose ExecStart runs this tree's bin/sdr.js: verify insists
 * that the program exist, and /usr/local/bin/sdr does not here. It does not look up User= or
 * Group=, so the copies keep User=sdr. It only warns of an unknown or misspelled key, with status
 * 0, so the test wants its output empty too. --man=no: the man pages are not installed here.
 */
function verifyUnits(files: string[], edit: (text: string) => string = (t) => t) {
  const dir = mkdtempSync(join(tmp, 'units-'));
  for (const file of files) {
    const text = read(`systemd/${file}`).replace(/^ExecStart=\/usr\/local\/bin\/sdr /m, `ExecStart=${SDR} `);
    writeFileSync(join(dir, file), edit(text));
  }
  const r = run('systemd-analyze', ['verify', '--man=no', ...files.map((f) => join(dir, f))]);
  return { status: r.status, output: (r.stdout + r.stderr).trim() };
}

/** The overall exposure of a unit as `systemd-analyze security --offline=true` scores it. */
function exposure(file: string): number {
  const r = run('systemd-analyze', ['security', '--offline=true', '--no-pager', `${ETC}systemd/${file}`]);
  const score = /Overall exposure level for \S+: (\d+\.\d)/.exec(r.stdout + r.stderr)?.[1];
  if (score === undefined) throw new Error(`no score in: ${r.stdout}${r.stderr}`);
  return Number(score);
}

/**
 * Runs an ExecReload line as systemd would (its $$ a $, $MAINPID a process's pid), with
 * /bin/kill standing in as a recorder of what it was asked: against a process that catches
 * SIGHUP (a node listener) and one that does not (sleep).
 */
function reload(line: string, target: 'catches' | 'ignores') {
  const child = spawn(target === 'catches' ? process.execPath : 'sleep', target === 'catches'
    ? ['-e', "process.on('SIGHUP', () => {}); setTimeout(() => {}, 10000)"] : ['10']);
  const dir = mkdtempSync(join(tmp, 'reload-'));
  const sent = join(dir, 'sent');
  try {
    // node installs its listener after some milliseconds: the wait is what lets it.
    const script = line.replace(/^\/bin\/sh -c '/, '').replace(/'$/, '')
      .replaceAll('$MAINPID', String(child.pid)).replaceAll('$$', '$')
      .replaceAll('/bin/kill', `echo >${sent}`);
    const r = run('/bin/sh', ['-c', script]);
    return { status: r.status, sent: existsSync(sent) };
  } finally {
    child.kill('SIGKILL');
  }
}

describe('etc/systemd/sdr.service', () => {
  const unit = parseUnit(read('systemd/sdr.service'));
  const service = unit.Service;

  test('runs sdr run in the foreground as the user sdr, reloads with SIGHUP, restarts on failure', () => {
    expect(service.Type).toEqual(['simple']);
    expect(service.ExecStart).toEqual(['/usr/local/bin/sdr run --config /etc/sdr/sdr.json']);
    // SIGHUP once sdr catches it (SigCgt bit 0), then by /bin/kill.
    expect(service.ExecReload?.[0]).toMatch(/^\/bin\/sh -c '.*SigCgt.*\*\[13579bdf\]\) exec \/bin\/kill -HUP \$MAINPID;;.*exit 1'$/);
    expect(service.Restart).toEqual(['on-failure']);
    expect(Number(service.RestartSec?.[0])).toBeGreaterThanOrEqual(1);
    expect(service.User).toEqual(['sdr']);
    expect(service.Group).toEqual(['sdr']);
    expect(service.KillSignal).toEqual(['SIGTERM']);
    // sdr exits within 5 s of SIGTERM: systemd waits longer than that before SIGKILL.
    expect(service.TimeoutStopSec).toEqual(['10']);
    expect(unit.Install.WantedBy).toEqual(['multi-user.target']);
  });

  test('is hardened, and may write only under /var/lib/sdr, where the log dir of the example is', () => {
    expect(service.ProtectSystem).toEqual(['strict']);
    expect(service.ReadWritePaths).toEqual(['/var/lib/sdr']);
    expect(service.NoNewPrivileges).toEqual(['yes']);
    expect(service.PrivateTmp).toEqual(['yes']);
    expect(service.ProtectKernelTunables).toEqual(['yes']);
    expect(service.CapabilityBoundingSet).toEqual(['']);
    expect(example.logDir.startsWith('/var/lib/sdr/')).toBe(true);
    expect(service.StateDirectory?.[0].split(' ')).toContain('sdr/log');
  });

  test('leaves readable what the recorders read', () => {
    // /proc/stat, meminfo, diskstats and net/dev are not per-process files.
    expect(service.ProcSubset).toBeUndefined();
    // diskrec and hdwrec statfs() every mount point: an emptied /home would report a tmpfs.
    expect(service.ProtectHome).toEqual(['read-only']);
    // hdwrec reads the host name as it is now, not as it was when sdr started.
    expect(service.ProtectHostname).toBeUndefined();
    // V8 writes the machine code it compiles.
    expect(service.MemoryDenyWriteExecute).toBeUndefined();
    // hdwrec's interface addresses come over netlink.
    expect(service.RestrictAddressFamilies?.[0].split(' ')).toEqual(expect.arrayContaining(['AF_INET', 'AF_INET6', 'AF_NETLINK']));
  });

  haveSystemd('passes systemd-analyze verify', () => {
    expect(verifyUnits(['sdr.service'])).toEqual({ status: 0, output: '' });
  });

  haveSystemd('systemd-analyze security scores it 2.0 or less', () => {
    expect(exposure('sdr.service')).toBeLessThanOrEqual(2.0);
  });

  withTool('sh', ['-c', ':'])('its ExecReload sends SIGHUP only once the process catches it, and gives up after 5 s', () => {
    expect(reload(service.ExecReload![0], 'catches')).toEqual({ status: 0, sent: true });
    expect(reload(service.ExecReload![0], 'ignores')).toEqual({ status: 1, sent: false });
  });

  haveSystemd('the verify above would catch a misspelled directive', () => {
    const r = verifyUnits(['sdr.service'], (t) => t.replace('NoNewPrivileges=yes', 'NoNewPrivilege=yes'));
    expect(r.output).toMatch(/Unknown key 'NoNewPrivilege'/);
  });
});

describe('etc/systemd/sdr-xenrec.service', () => {
  const unit = parseUnit(read('systemd/sdr-xenrec.service'));
  const service = unit.Service;

  test('runs xenrec alone as root, into the log dir of sdr.service, its files readable by the group sdr', () => {
    expect(service.ExecStart).toEqual([`/usr/local/bin/sdr xenrec -l --log-dir ${example.logDir} 60`]);
    expect(service.User).toEqual(['root']);
    expect(service.Group).toEqual(['sdr']);
    expect(service.UMask).toEqual(['0027']);
    expect(service.Restart).toEqual(['on-failure']);
    expect(service.KillSignal).toEqual(['SIGTERM']);
    expect(service.NoNewPrivileges).toEqual(['yes']);
    expect(service.ReadWritePaths).toEqual([example.logDir]);
    expect(unit.Unit.After).toEqual(['sdr.service']);
    expect(service.ExecCondition?.[0]).toMatch(/control_d \/proc\/xen\/capabilities$/);
    expect(unit.Install.WantedBy).toEqual(['multi-user.target']);
  });

  haveSystemd('systemd-analyze security scores it 5.0 or less', () => {
    expect(exposure('sdr-xenrec.service')).toBeLessThanOrEqual(5.0);
  });

  haveSystemd('passes systemd-analyze verify, beside sdr.service', () => {
    expect(verifyUnits(['sdr.service', 'sdr-xenrec.service'])).toEqual({ status: 0, output: '' });
  });
});

// ---------------------------------------------------------------- FreeBSD rc.d

describe('etc/rc.d/sdr', () => {
  const script = read('rc.d/sdr');

  withTool('sh', ['-c', ':'])('passes sh -n', () => {
    expect(run('sh', ['-n', `${ETC}rc.d/sdr`])).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  withTool('shellcheck', ['--version'])('passes shellcheck', () => {
    expect(run('shellcheck', [`${ETC}rc.d/sdr`])).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  test('silences shellcheck only where rc.subr requires it, each time saying why', () => {
    const directives = [...script.matchAll(/^# shellcheck (.*)$/gm)].map((m) => m[1]);
    expect(directives.map((d) => /^disable=(SC\d+)/.exec(d)?.[1]).sort()).toEqual(['SC1091', 'SC2034']);
    for (const d of directives) expect(d).toMatch(/^disable=SC\d+ +# \S.{10,}/);
  });

  test('is an rc.subr script with sdr_enable, a reload command, and its shutdown keyword', () => {
    expect(script).toMatch(/^#!\/bin\/sh\n/);
    expect(script).toMatch(/^# PROVIDE: sdr$/m);
    expect(script).toMatch(/^# REQUIRE: .*\bNETWORKING\b/m);
    expect(script).toMatch(/^# KEYWORD: shutdown$/m);
    expect(script).toMatch(/^\. \/etc\/rc\.subr$/m);
    expect(script).toMatch(/^load_rc_config "\$name"$/m);
    expect(script).toMatch(/^run_rc_command "\$1"$/m);
  });

  /**
   * Runs the script against a stand-in rc.subr that prints what the real one would act on, and
   * then runs the start_precmd with install(1) replaced by a stand-in that prints its arguments.
   */
  function rcRun(rcConf: string) {
    const dir = mkdtempSync(join(tmp, 'rc-'));
    writeFileSync(
      join(dir, 'rc.subr'),
      [
        `load_rc_config() { ${rcConf} :; }`,
        'install() { echo "install $*"; }',
        'run_rc_command() {',
        '  for v in name rcvar sdr_enable sdr_user pidfile procname command_interpreter command command_args \\',
        '      extra_commands sig_reload sig_stop required_files; do eval "echo $v=\\"\\$$v\\""; done',
        '  echo "PATH=$PATH"',
        '  eval "$start_precmd"',
        '}',
      ].join('\n'),
    );
    const copy = join(dir, 'sdr');
    writeFileSync(copy, script.replace(/^\. \/etc\/rc\.subr$/m, `. ${dir}/rc.subr`));
    const r = run('sh', [copy, 'start'], { env: { PATH: '/sbin:/bin:/usr/sbin:/usr/bin' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const vars: Record<string, string> = {};
    const installs: string[] = [];
    for (const line of r.stdout.trim().split('\n')) {
      if (line.startsWith('install ')) installs.push(line);
      else vars[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
    return { vars, installs };
  }

  withTool('sh', ['-c', ':'])('starts sdr run as sdr_user through daemon(8), with its pidfile, HUP to reload', () => {
    const { vars, installs } = rcRun('');
    expect(vars).toMatchObject({
      name: 'sdr',
      rcvar: 'sdr_enable',
      sdr_enable: 'NO',
      sdr_user: 'sdr',
      pidfile: '/var/run/sdr/sdr.pid',
      command: '/usr/sbin/daemon',
      command_args: '-f -S -T sdr -p /var/run/sdr/sdr.pid /usr/local/bin/sdr run --config /usr/local/etc/sdr/sdr.json',
      extra_commands: 'reload',
      sig_reload: 'HUP',
      sig_stop: 'TERM',
      procname: '/usr/local/bin/sdr',
      required_files: '/usr/local/etc/sdr/sdr.json',
    });
    // /etc/rc's PATH has no /usr/local/bin, where node is.
    expect(vars.PATH.split(':')).toContain('/usr/local/bin');
    // The pid and log dirs belong to the user daemon(8) and sdr run as.
    expect(installs).toEqual([
      'install -d -o sdr -g sdr -m 0755 /var/run/sdr',
      'install -d -o sdr -g sdr -m 0750 /var/db/sdr/log',
    ]);
  });

  withTool('sh', ['-c', ':'])('takes the user, config and log dir from rc.conf', () => {
    const { vars, installs } = rcRun('sdr_enable=YES sdr_user=rec sdr_group=wheel sdr_config=/x/sdr.json sdr_logdir=/x/log');
    expect(vars.sdr_enable).toBe('YES');
    expect(vars.sdr_user).toBe('rec');
    expect(vars.command_args).toMatch(/ run --config \/x\/sdr\.json$/);
    expect(installs).toEqual(['install -d -o rec -g wheel -m 0755 /var/run/sdr', 'install -d -o rec -g wheel -m 0750 /x/log']);
  });

  withTool('sh', ['-c', ':'])("names the interpreter of sdr's #! line, which rc.subr compares to find the process", () => {
    // rc.subr reads the #! line of procname, drops a */bin/env, and wants command_interpreter.
    const words = readFileSync(SDR, 'utf8').split('\n')[0].replace(/^#!/, '').trim().split(/\s+/);
    if (/\/bin\/env$/.test(words[0])) words.shift();
    expect(rcRun('').vars.command_interpreter).toBe(words[0]);
  });
});

// ---------------------------------------------------------------- Solaris SMF

describe('etc/smf/sdr.xml', () => {
  const file = `${ETC}smf/sdr.xml`;
  const haveXmllint = withTool('xmllint', ['--version']);
  const xpath = (expr: string) => run('xmllint', ['--xpath', expr, file]).stdout.trim();

  test('declares the SMF service_bundle DTD', () => {
    const text = read('smf/sdr.xml');
    expect(text).toMatch(/^<\?xml version="1\.0"\?>\n<!DOCTYPE service_bundle SYSTEM "\/usr\/share\/lib\/xml\/dtd\/service_bundle\.dtd\.1">\n/);
  });

  haveXmllint('is well-formed XML', () => {
    expect(run('xmllint', ['--noout', file])).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  // The content models of the elements the manifest uses, as service_bundle.dtd.1 declares
  // them: the order of a service's children matters to svccfg.
  const DTD = `
<!ELEMENT service_bundle (service_bundle* | service*)>
<!ATTLIST service_bundle type CDATA #REQUIRED name CDATA #REQUIRED>
<!ELEMENT service (create_default_instance?, single_instance?, restarter?, dependency*, dependent*,
  method_context?, exec_method*, property_group*, instance*, stability?, template?)>
<!ATTLIST service name CDATA #REQUIRED version CDATA #REQUIRED type (service | restarter | milestone) #REQUIRED>
<!ELEMENT create_default_instance EMPTY>
<!ATTLIST create_default_instance enabled (true | false) #REQUIRED>
<!ELEMENT single_instance EMPTY>
<!ELEMENT restarter (service_fmri)>
<!ELEMENT service_fmri EMPTY>
<!ATTLIST service_fmri value CDATA #REQUIRED>
<!ELEMENT dependency (service_fmri*, stability?, propval*)>
<!ATTLIST dependency name CDATA #REQUIRED grouping (require_all | require_any | exclude_all | optional_all) #REQUIRED
  restart_on (error | restart | refresh | none) #REQUIRED type CDATA #REQUIRED delete (true | false) "false">
<!ELEMENT dependent (service_fmri, stability?, propval*)>
<!ATTLIST dependent name CDATA #REQUIRED grouping (require_all | require_any | exclude_all | optional_all) #REQUIRED
  restart_on (error | restart | refresh | none) #REQUIRED delete (true | false) "false" override (true | false) "false">
<!ELEMENT method_context ((method_profile | method_credential)?, method_environment?)>
<!ATTLIST method_context working_directory CDATA #IMPLIED project CDATA #IMPLIED resource_pool CDATA #IMPLIED>
<!ELEMENT method_profile EMPTY>
<!ATTLIST method_profile name CDATA #REQUIRED>
<!ELEMENT method_credential EMPTY>
<!ATTLIST method_credential user CDATA #REQUIRED group CDATA #IMPLIED supp_groups CDATA #IMPLIED
  privileges CDATA #IMPLIED limit_privileges CDATA #IMPLIED>
<!ELEMENT method_environment (envvar+)>
<!ELEMENT envvar EMPTY>
<!ATTLIST envvar name CDATA #REQUIRED value CDATA #REQUIRED>
<!ELEMENT exec_method (method_context?, stability?, propval*)>
<!ATTLIST exec_method type (method | monitor) #REQUIRED name CDATA #REQUIRED exec CDATA #REQUIRED
  timeout_seconds CDATA #REQUIRED delete (true | false) "false">
<!ELEMENT property_group (stability?, propval*)>
<!ATTLIST property_group name CDATA #REQUIRED type CDATA #REQUIRED delete (true | false) "false">
<!ELEMENT propval EMPTY>
<!ATTLIST propval name CDATA #REQUIRED value CDATA #REQUIRED override (true | false) "false"
  type (count | integer | opaque | host | hostname | net_address_v4 | net_address_v6 | time | astring
        | ustring | boolean | fmri | uri) #REQUIRED>
<!ELEMENT instance (restarter?, dependency*, dependent*, method_context?, exec_method*, property_group*, template?)>
<!ATTLIST instance name CDATA #REQUIRED enabled (true | false) #REQUIRED>
<!ELEMENT stability EMPTY>
<!ATTLIST stability value (Standard | Stable | Evolving | Unstable | External | Obsolete) #REQUIRED>
<!ELEMENT template (common_name, description?, documentation?)>
<!ELEMENT common_name (loctext+)>
<!ELEMENT description (loctext+)>
<!ELEMENT loctext (#PCDATA)>
<!ATTLIST loctext xml:lang CDATA #REQUIRED>
<!ELEMENT documentation (doc_link | manpage)*>
<!ELEMENT doc_link EMPTY>
<!ATTLIST doc_link name CDATA #REQUIRED uri CDATA #REQUIRED>
<!ELEMENT manpage EMPTY>
<!ATTLIST manpage title CDATA #REQUIRED section CDATA #REQUIRED manpath CDATA ":default">
`;

  /** xmllint --dtdvalid of the manifest, without its DOCTYPE: the DTD it names is Solaris's. */
  function validate(text: string) {
    const dir = mkdtempSync(join(tmp, 'smf-'));
    writeFileSync(join(dir, 'service_bundle.dtd'), DTD);
    writeFileSync(join(dir, 'sdr.xml'), text.replace(/^<!DOCTYPE [^>]*>\n/m, ''));
    return run('xmllint', ['--noout', '--dtdvalid', join(dir, 'service_bundle.dtd'), join(dir, 'sdr.xml')]);
  }

  haveXmllint('follows the service_bundle structure', () => {
    expect(validate(read('smf/sdr.xml'))).toEqual({ status: 0, stdout: '', stderr: '' });
    // The check has teeth: a method after the instance is out of order.
    const misordered = read('smf/sdr.xml').replace(/(\s*<exec_method[^>]*name="stop"[^>]*\/>)([\s\S]*<instance[^>]*\/>)/, '$2$1');
    expect(misordered).not.toBe(read('smf/sdr.xml'));
    expect(validate(misordered).status).not.toBe(0);
  });

  haveXmllint('runs sdr run in the foreground as sdr, :kill to stop, :kill -HUP to refresh', () => {
    expect(xpath('string(/service_bundle/@type)')).toBe('manifest');
    expect(xpath('string(/service_bundle/service/@name)')).toBe('application/sdr');
    expect(xpath('string(//exec_method[@name="start"]/@exec)')).toBe('/usr/local/bin/sdr run --config /etc/sdr/sdr.json');
    expect(xpath('string(//exec_method[@name="stop"]/@exec)')).toBe(':kill');
    expect(xpath('string(//exec_method[@name="refresh"]/@exec)')).toBe(':kill -HUP');
    // sdr finishes within 5 s of SIGTERM.
    expect(Number(xpath('string(//exec_method[@name="stop"]/@timeout_seconds)'))).toBeGreaterThan(5);
    // The start method does not return: svc.startd must wait on it, not on a contract.
    expect(xpath('string(//property_group[@name="startd"]/propval[@name="duration"]/@value)')).toBe('child');
    expect(xpath('string(//exec_method[@name="start"]/method_context/method_credential/@user)')).toBe('sdr');
    expect(xpath('string(//method_environment/envvar[@name="PATH"]/@value)').split(':')).toContain('/usr/local/bin');
  });

  haveXmllint('waits for the network and local filesystems, has an instance and a template', () => {
    expect(xpath('string(//dependency/service_fmri[contains(@value, "milestone/network")]/@value)')).not.toBe('');
    expect(xpath('string(//dependency/service_fmri[contains(@value, "filesystem/local")]/@value)')).not.toBe('');
    expect(xpath('string(//instance/@name)')).toBe('default');
    expect(xpath('string(/service_bundle/service/stability/@value)')).not.toBe('');
    expect(xpath('string(//template/common_name/loctext)')).toMatch(/sdr/);
    expect(xpath('string(//template/documentation/manpage[@title="sdr-run"]/@section)')).toBe('1');
  });
});

// ---------------------------------------------------------------- cron

describe('etc/cron/sdr-send', () => {
  const text = read('cron/sdr-send');
  const TIME_FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\d+(-\d+)?)(\/\d+)?)*$/;
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const jobs = lines.filter((l) => !l.startsWith('#') && !/^[A-Z_]+=/.test(l));

  test('has one cron.d job: five time fields, the user sdr, then sdr send --once under a lock', () => {
    expect(jobs).toHaveLength(1);
    const fields = jobs[0].split(/\s+/);
    for (const f of fields.slice(0, 5)) expect(f).toMatch(TIME_FIELD);
    expect(fields[5]).toBe('sdr');
    const command = fields.slice(6).join(' ');
    expect(command).toMatch(/^flock -n \S+ sdr send --once --config \/etc\/sdr\/sdr\.json 2>&1 \| logger -t sdr-send$/);
    // cron turns an unescaped % into a newline.
    expect(command).not.toMatch(/%/);
  });

  test('shows crontab(5) lines, without a user column, for FreeBSD and Solaris', () => {
    const examples = lines.filter((l) => /^#\s+[\d*]/.test(l)).map((l) => l.replace(/^#\s+/, '').split(/\s+/));
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const fields of examples) {
      for (const f of fields.slice(0, 5)) expect(f).toMatch(TIME_FIELD);
      expect(fields[5]).toBe('/usr/bin/env');
      expect(fields.join(' ')).toMatch(/ sdr send --once --config \S+ 2>&1 \| logger -t sdr-send$/);
    }
    // Solaris cron takes lists, not steps.
    expect(examples.some((f) => f[0].includes(',') && !f[0].includes('/'))).toBe(true);
  });

  withTool('flock', ['--version'])('the job runs sdr send --once and logs what it prints, and skips a run while one holds the lock', () => {
    const dir = mkdtempSync(join(tmp, 'cron-'));
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const log = join(dir, 'syslog');
    writeFileSync(join(bin, 'sdr'), '#!/bin/sh\necho "sdr $*" >&2\nexit 1\n');
    writeFileSync(join(bin, 'logger'), `#!/bin/sh\nwhile read -r line; do echo "$* $line" >> ${log}; done\n`);
    chmodSync(join(bin, 'sdr'), 0o755);
    chmodSync(join(bin, 'logger'), 0o755);
    const lock = join(dir, 'send.lock');
    const command = jobs[0].split(/\s+/).slice(6).join(' ').replace(/flock -n \S+/, `flock -n ${lock}`);
    const env = { PATH: `${bin}:/usr/bin:/bin` };
    expect(run('/bin/sh', ['-c', command], { env }).status).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe('-t sdr-send sdr send --once --config /etc/sdr/sdr.json\n');
    // A run still going holds the lock: the next one leaves at once and sends nothing.
    const held = run('flock', [lock, '/bin/sh', '-c', command], { env });
    expect(held.status).toBe(0);
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
  });
});

// ---------------------------------------------------------------- sdr.json.example

describe('etc/sdr.json.example', () => {
  test('is the documented example: a token file, never a token', () => {
    expect(example.logDir).toBe('/var/lib/sdr/log');
    expect(example.recorders.hdwrec).toEqual({ interval: 1800 });
    expect(example.platforms).toHaveLength(1);
    expect(example.platforms[0].tokenFile).toBe('/etc/sdr/token');
    expect(read('sdr.json.example')).not.toMatch(/"token"\s*:|"tokenEnv"\s*:/);
  });

  test('every key it uses is documented in the README', () => {
    const readme = readFileSync(`${REPO}README.md`, 'utf8');
    const section = readme.split('\n### Configuration keys\n')[1]?.split('\n## ')[0] ?? '';
    expect(section).not.toBe('');
    const keys = new Set<string>();
    const walk = (v: unknown, parent: string) => {
      if (Array.isArray(v)) v.forEach((x) => walk(x, parent));
      else if (v !== null && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (parent !== 'recorders') keys.add(k); // the names under recorders are recorders, not keys
          walk(x, k);
        }
      }
    };
    walk(example, '');
    // The table names keys by their path: `platforms[].tokenFile`, `recorders.<recorder>.interval`.
    const undocumented = [...keys].filter((k) => !new RegExp(`\`([^\`]*[.\\]])?${k}\``).test(section));
    expect(undocumented).toEqual([]);
  });

  test('sdr send --check accepts it, its token file mode 600', () => {
    const dir = mkdtempSync(join(tmp, 'config-'));
    const token = join(dir, 'token');
    writeFileSync(token, 'not-a-real-token\n', { mode: 0o600 });
    const config = join(dir, 'sdr.json');
    writeFileSync(config, JSON.stringify({ ...example, logDir: join(dir, 'log'), platforms: [{ ...example.platforms[0], tokenFile: token }] }));
    const r = sdr(['send', '--check', '--config', config]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(/central: https:\/\/kronometrix\.example\.net/);
    expect(r.stdout).not.toMatch(/not-a-real-token/);
  });

  test('the service files use its paths', () => {
    const config = '--config /etc/sdr/sdr.json';
    expect(read('systemd/sdr.service')).toContain(config);
    expect(read('smf/sdr.xml')).toContain(config);
    expect(read('cron/sdr-send')).toContain(config);
    expect(read('systemd/sdr-xenrec.service')).toContain(`--log-dir ${example.logDir} `);
  });
});
