import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { sdr, rows, userEnv, SDR } from './sdr.js';
import { loadLmo } from '../../src/core/lmo.js';
import { FIXTURES, CAPTURES } from '../helpers.js';
import { splitCsvLine } from '../../src/transport/raw-reader.js';

const STAND_IN = `${FIXTURES}/xen/bin`;
const capture = (f: string) => `${CAPTURES}/xen/xentop/${f}`;
const NINE = capture('xcpng83-xen417-b-i2-d1-9domains.txt');
const NAMES = loadLmo('xenrec').fields.map((f) => f.name);
const asRoot = process.getuid?.() === 0;
const rootOnly = asRoot ? test : test.skip;
const tmp = () => mkdtempSync(`${tmpdir()}/sdr-xen-`);

/** sdr xenrec with the stand-in xentop first on PATH. */
function xenrec(args: string[], env: NodeJS.ProcessEnv = {}) {
  return sdr(['xenrec', ...args], { PATH: `${STAND_IN}:${process.env.PATH}`, ...env });
}

/** One CSV line's fields (names with blanks are kept whole). */
const fields = (line: string) => splitCsvLine(line, ',');

describe('xenrec against a stand-in xentop replaying real captures', () => {
  rootOnly('XCP-ng, 9 domains: the second iteration, exact rows, names with blanks whole', () => {
    const argsFile = `${tmp()}/args`;
    const r = xenrec(['-H'], { XENTOP_CAPTURES: NINE, XENTOP_ARGS_FILE: argsFile });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(argsFile, 'utf8').trim()).toBe('-b -f -d1 -i2');
    const [header, ...lines] = r.stdout.trimEnd().split('\n');
    expect(header).toBe(NAMES.join(','));
    const data = lines.map(fields);
    expect(data.map((d) => d[1])).toEqual(['Domain-0', 'b-vm-01', 'f-vm-02', 'h-vm-03-sa', 'i-vm04', 'n-vm-05-x', 'r-vm-06 pr', 's-vm 007', 'xvm']);
    expect(new Set(data.map((d) => d[0])).size).toBe(1);
    expect(data[0].slice(1)).toEqual(['Domain-0', 'r', '330256', '10.60', '6078464', '6.10', '6078464', '6.10', '12', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0']);
    expect(data[7].slice(1)).toEqual(['s-vm 007', 'b', '40174', '1.60', '8388596', '8.40', '8389620', '8.40', '4', '0', '0', '0', '2', '0', '1206680', '3036140', '64463369', '220737293', '0']);
    expect(lines[7]).toContain(',s-vm 007,');
  });

  rootOnly('Xen 3.x: 17 columns, the last iteration kept, sector fields empty', () => {
    const r = xenrec([], { XENTOP_CAPTURES: capture('xen3x-17col-no-rsect-b-8iterations-dom0only.txt') });
    expect(r.status).toBe(0);
    expect(rows(r.stdout).map((d) => d.slice(1))).toEqual([
      ['Domain-0', 'r', '22158', '0.50', '768768', '2.30', '768768', '2.30', '8', '0', '0', '0', '0', '0', '0', '0', '', '', '0'],
    ]);
  });

  rootOnly('"no limit" and "n/a" leave maxmem and maxmempct empty', () => {
    const r = xenrec([], { XENTOP_CAPTURES: capture('xen492-xl-top-with-summary-nolimit.txt'), XENTOP_REPEAT: '2' });
    expect(r.stderr).toBe('');
    const data = rows(r.stdout);
    expect(data.map((d) => d[1])).toEqual(['Domain-0', 'guest-01']);
    expect(data[0].slice(7, 9)).toEqual(['', '']);
    expect(data[1].slice(7, 14)).toEqual(['1049600', '6.30', '2', '1', '113', '34', '2']);
  });

  rootOnly('-d keeps the named domains, full names with blanks included', () => {
    const r = xenrec(['-d', 's-vm 007,xvm'], { XENTOP_CAPTURES: NINE });
    expect(fields(r.stdout.split('\n')[0])[1]).toBe('s-vm 007');
    expect(r.stdout.trimEnd().split('\n').map((l) => fields(l)[1])).toEqual(['s-vm 007', 'xvm']);
    const none = xenrec(['-d', 'web1'], { XENTOP_CAPTURES: NINE });
    expect(none.status).toBe(2);
    expect(none.stderr).toBe('sdr: xenrec: no domain named web1: there are Domain-0, b-vm-01, f-vm-02, h-vm-03-sa, i-vm04, n-vm-05-x, r-vm-06 pr, s-vm 007, xvm\n');
  });

  rootOnly('in a long run, a sample that cannot be parsed is reported, the next one is tried, and count counts those written', () => {
    const dir = tmp();
    writeFileSync(`${dir}/bad`, readFileSync(NINE, 'utf8').replace('  Domain-0 -----r     330256   10.6', 'Domain-0 garbled'));
    const r = xenrec(['2', '3'], { XENTOP_CAPTURES: `${NINE} ${dir}/bad ${NINE}`, XENTOP_STATE: `${dir}/runs` });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^sdr: xenrec: warning: sample skipped: cannot parse xentop output line 13: 'Domain-0 garbled .*'\n$/);
    // The first, then the skipped one's next tick and one more: three samples of nine domains.
    const stamps = [...new Set(rows(r.stdout).map((d) => d[0]))];
    expect(stamps).toHaveLength(3);
    expect(rows(r.stdout)).toHaveLength(27);
  });
});

describe('xenrec failures: one line, exit 1 (2 for usage), never exit 0', () => {
  rootOnly('xentop exits non-zero', () => {
    const r = xenrec([], { XENTOP_EXIT: '3', XENTOP_STDERR: 'xentop: cannot connect to xenstore' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`sdr: xenrec: ${STAND_IN}/xentop failed (exit status 3): xentop: cannot connect to xenstore\n`);
  });

  rootOnly('xentop times out', () => {
    const r = xenrec(['--timeout', '0.5'], { XENTOP_CAPTURES: NINE, XENTOP_SLEEP: '2' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`sdr: xenrec: ${STAND_IN}/xentop did not finish within 0.5 s\n`);
  });

  rootOnly('xentop output that is not xentop\'s', () => {
    const dir = tmp();
    writeFileSync(`${dir}/one`, readFileSync(NINE, 'utf8').split('\n').slice(0, 10).join('\n'));
    const r = xenrec([], { XENTOP_CAPTURES: `${dir}/one` });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`sdr: xenrec: ${STAND_IN}/xentop printed 1 iteration, not the 2 asked for\n`);
  });

  rootOnly('xentop not found', () => {
    const r = sdr(['xenrec', '--xentop', '/nonexistent/xentop']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('sdr: xenrec: cannot run /nonexistent/xentop: no such file\n');
  });

  test('an interval under 2 s is a usage error', () => {
    const r = xenrec(['1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("sdr: xenrec: interval '1' is too short: the minimum is 2 s\n");
  });

  // The check runs sdr as nobody: where the checkout is not readable by nobody, it cannot start.
  const nobodyCanRun = asRoot && spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(SDR)})`],
    { uid: 65534, gid: 65534 }).status === 0;
  if (asRoot && !nobodyCanRun) console.log('the checkout is not readable by nobody: the not-root test is skipped');
  (nobodyCanRun ? test : test.skip)('not root', () => {
    const r = spawnSync(process.execPath, [SDR, 'xenrec'], {
      encoding: 'utf8', uid: 65534, gid: 65534, env: userEnv({ PATH: `${STAND_IN}:${process.env.PATH}`, XENTOP_CAPTURES: NINE }),
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("sdr: xenrec: xenrec must run as root: xentop needs root to read the hypervisor's domain list\n");
  });

  const realXentop = existsSync('/usr/sbin/xentop');
  if (!realXentop && !process.env.CI) console.log('no /usr/sbin/xentop: the test against Debian\'s real xentop is skipped (apt-get install xen-utils-4.17)');
  (asRoot && (realXentop || process.env.CI) ? test : test.skip)('Debian\'s real xentop on a machine without a hypervisor', () => {
    const r = sdr(['xenrec', '--xentop', '/usr/sbin/xentop']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^sdr: xenrec: \/usr\/sbin\/xentop failed \(exit status \d+\): .*hypervisor.*\n$/);
  });
});
