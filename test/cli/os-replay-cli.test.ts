// Each recorder run whole, as on FreeBSD, Solaris/illumos and macOS: stand-in tools first on PATH
// replay a pair of captures (test/fixtures/<os>/replay, see test/fixtures/README.md), the platform
// forced with SDR_PLATFORM. The rates expected are computed here from the two captures. The
// interval is measured on the monotonic clock, so a rate is checked within 10% of delta / 1 s,
// and ratios of two rates of one row, where the interval cancels out, to 0.5%.
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { sdr } from './sdr.js';
import { loadLmo } from '../../src/core/lmo.js';
import { FIXTURES } from '../helpers.js';

const OSES = ['freebsd', 'sunos', 'darwin'] as const;
type Os = (typeof OSES)[number];
const RECORDERS = ['sysrec', 'cpurec', 'diskrec', 'nicrec', 'hdwrec'];
const names = (rec: string) => loadLmo(rec).fields.map((f) => f.name);
const capture = (os: Os, file: string) => readFileSync(`${FIXTURES}/${os}/replay/${file}`, 'latin1');

function replay(os: Os, args: string[], env: NodeJS.ProcessEnv = {}) {
  const state = mkdtempSync(`${tmpdir()}/sdr-replay-`);
  const r = sdr(args, {
    SDR_PLATFORM: os,
    SDR_REPLAY_DIR: `${FIXTURES}/${os}/replay`,
    SDR_REPLAY_STATE: state,
    SDR_REPLAY_LOG: `${state}/runs.log`,
    PATH: `${FIXTURES}/${os}/bin:${process.env.PATH}`,
    ...env,
  });
  const log = `${state}/runs.log`;
  const runs = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  return { ...r, runs };
}

/** The header and the rows of `sdr <rec> -H 1 1`, each row as field name -> text. */
function sample(os: Os, rec: string, options: string[] = []) {
  const r = replay(os, [rec, ...options, '-H', '1', '1']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const [header, ...rows] = r.stdout.trim().split('\n').map((l) => l.split(','));
  return { header, rows: rows.map((row) => new Map(header.map((h, i) => [h, row[i]]))), raw: rows, runs: r.runs };
}

/** A rate against the delta over one second, within 10%. */
function expectRate(text: string | undefined, delta: number) {
  expect(text).not.toBe('');
  expect(Number(text)).toBeGreaterThanOrEqual(delta * 0.9);
  expect(Number(text)).toBeLessThanOrEqual(delta * 1.1);
}

/** a/b of two rates of one row, where the interval cancels out. */
function expectRatio(a: string | undefined, b: string | undefined, ratio: number) {
  expect(Math.abs(Number(a) / Number(b) / ratio - 1)).toBeLessThan(0.005);
}

/** The numbers of the link row of an interface in netstat -ib output, by header column. */
function linkRow(text: string, name: string): Map<string, number> {
  const lines = text.split('\n');
  const header = lines[0].trim().split(/\s+/);
  const counters = header.slice(header.indexOf('Address') + 1);
  const f = lines.find((l) => l.startsWith(`${name} `) && l.includes('<Link#'))!.trim().split(/\s+/);
  return new Map(counters.map((c, i) => [c, Number(f[f.length - counters.length + i])]));
}

function linkDelta(os: Os, name: string, column: string) {
  return linkRow(capture(os, 'netstat.2'), name).get(column)! - linkRow(capture(os, 'netstat.1'), name).get(column)!;
}

/** "key<blanks>value" or "key: value" in a capture. */
function value(text: string, key: string): string {
  const line = text.split('\n').find((l) => l.startsWith(`${key}:`) || l.startsWith(`${key}\t`) || l.startsWith(`${key} `))!;
  return line.slice(key.length).replace(/^[:\s]+/, '');
}
const numbers = (text: string, key: string) => value(text, key).split(/\s+/).map(Number);

describe.each(OSES)('%s: every recorder writes the LMO fields, and nothing it cannot measure', (os) => {
  test.each(RECORDERS)('%s -H 1 1', (rec) => {
    const { header, raw, rows } = sample(os, rec);
    expect(header).toEqual(names(rec));
    expect(raw.length).toBeGreaterThan(0);
    for (const row of raw) expect(row).toHaveLength(names(rec).length);
    const unavailable = loadLmo(rec).fields.filter((f) => f.sources?.[os] === 'unavailable').map((f) => f.name);
    for (const row of rows) expect(unavailable.filter((n) => row.get(n) !== '')).toEqual([]);
  });

  test('xenrec is a Linux dom0 recorder: one line, exit 1', () => {
    const r = replay(os, ['xenrec']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`sdr: xenrec: only a Linux Xen dom0 has xentop to read; this system is ${os}\n`);
  });
});

describe('FreeBSD: rates from the two readings', () => {
  test('sysrec: CPU shares from kern.cp_time, disks without pass and cd devices, re0 without lo0', () => {
    const { rows: [row], runs } = sample('freebsd', 'sysrec');
    const [a, b] = [capture('freebsd', 'sysctl.1'), capture('freebsd', 'sysctl.2')].map((t) => numbers(t, 'kern.cp_time'));
    const d = b.map((v, i) => v - a[i]);
    const total = d.reduce((s, v) => s + v, 0);
    expect(Number(row.get('userpct'))).toBeCloseTo((100 * d[0]) / total, 2);
    expect(Number(row.get('irqpct'))).toBeCloseTo((100 * d[3]) / total, 2);
    expect(Number(row.get('cpupct'))).toBeCloseTo(100 - (100 * d[4]) / total, 2);
    expect(Number(row.get('sumpct')) + Number(row.get('headpct'))).toBeCloseTo(400, 2);
    // iostat -I: ada0, ada1 and ram0 count; pass0, cd0 and md0 (whose I/O changed too) do not.
    expectRate(row.get('reads'), 100 + 60 + 30);
    expectRatio(row.get('rkbytes'), row.get('reads'), (1600 + 960 + 120) / 190);
    expectRatio(row.get('wkbytes'), row.get('writes'), 6440 / 110);
    expectRate(row.get('rxpkt'), linkDelta('freebsd', 're0', 'Ipkts'));
    expectRatio(row.get('rxkbytes'), row.get('rxpkt'), linkDelta('freebsd', 're0', 'Ibytes') / 1024 / linkDelta('freebsd', 're0', 'Ipkts'));
    expectRate(row.get('rxerr'), linkDelta('freebsd', 're0', 'Ierrs'));
    expectRatio(row.get('txkbytes'), row.get('txpkt'), linkDelta('freebsd', 're0', 'Obytes') / 1024 / linkDelta('freebsd', 're0', 'Opkts'));
    // Levels are the second reading's, in KiB of 1024.
    expect(row.get('memfree')).toBe(String(Number(value(capture('freebsd', 'sysctl.2'), 'vm.stats.vm.v_free_count')) * 4));
    expect(row.get('runqsz')).toBe('2');
    expect([row.get('avg1'), row.get('swaptotal'), row.get('swapused')]).toEqual(['0.50', '1048576', '16056']);
    // One sysctl, swapinfo, iostat and netstat per reading: 4 processes a sample.
    expect(runs.map((r) => r.split(' ')[0]).sort()).toEqual(['iostat', 'iostat', 'netstat', 'netstat', 'swapinfo', 'swapinfo', 'sysctl', 'sysctl']);
  });

  test('sysrec: events and paging from the same sysctl run (vm.stats.sys, vm.stats.vm), 4 KiB pages', () => {
    const { rows: [row] } = sample('freebsd', 'sysrec');
    expectRate(row.get('cswch'), 5000);
    expectRatio(row.get('intr'), row.get('cswch'), 2000 / 5000);
    expectRatio(row.get('forks'), row.get('cswch'), (10 + 3 + 1) / 5000);
    // vm.vmtotal's threads in disk wait at the second reading.
    expect(row.get('blocked')).toBe('2');
    // Pages in by the vnode and the swap pager, 4 KiB each.
    expectRate(row.get('pgpgin'), (256 + 64) * 4);
    expectRatio(row.get('pgpgout'), row.get('pgpgin'), (512 + 128) / (256 + 64));
    expectRatio(row.get('pgfault'), row.get('cswch'), 8000 / 5000);
    expectRatio(row.get('pgmajfault'), row.get('cswch'), 40 / 5000);
    expectRatio(row.get('pswpin'), row.get('cswch'), 64 / 5000);
    expectRatio(row.get('pswpout'), row.get('cswch'), 128 / 5000);
  });

  test('diskrec: iostat -x -I\'s transactions\' time and busy time give avgqusz, await and utilpct', () => {
    const disks = new Map(sample('freebsd', 'diskrec').rows.map((r) => [r.get('diskid'), r]));
    const ada0 = disks.get('ada0')!;
    // Averages per request: the interval cancels out. 4800 KiB over 150 transfers; 0.8 s of transactions.
    expect([ada0.get('avgrqsz'), ada0.get('await')]).toEqual(['32.00', (800 / 150).toFixed(2)]);
    // Shares of the interval: 0.6 s busy, 0.8 s of transactions in some 1 s.
    expectRate(ada0.get('utilpct'), 60);
    expectRate(ada0.get('avgqusz'), 0.8);
    // ram0 was busy 1.5 s of the 1: 100, never more.
    expect(disks.get('ram0')!.get('utilpct')).toBe('100.00');
  });

  test('cpurec: each CPU of kern.cp_times; diskrec: without pass, cd and md devices but with ram0', () => {
    const cpus = sample('freebsd', 'cpurec').rows;
    expect(cpus.map((r) => r.get('cpuid'))).toEqual(['cpu0', 'cpu1', 'cpu2', 'cpu3']);
    const [a, b] = [capture('freebsd', 'sysctl.1'), capture('freebsd', 'sysctl.2')].map((t) => numbers(t, 'kern.cp_times'));
    cpus.forEach((row, c) => {
      const d = b.slice(c * 5, c * 5 + 5).map((v, i) => v - a[c * 5 + i]);
      expect(Number(row.get('userpct'))).toBeCloseTo((100 * d[0]) / d.reduce((s, v) => s + v, 0), 2);
    });
    const disks = sample('freebsd', 'diskrec').rows;
    // FreeBSD's own exclusions, not Linux's (which drop ram* and keep cd* and md*).
    expect(disks.map((r) => r.get('diskid'))).toEqual(['ada0', 'ada1', 'ram0']);
    expectRate(disks[0].get('reads'), 100);
    expectRatio(disks[0].get('wkbytes'), disks[0].get('writes'), 3200 / 50);
    expectRate(disks[2].get('reads'), 30);
    // Named, an excluded device is recorded.
    expect(sample('freebsd', 'diskrec', ['-d', 'md0,cd0']).rows.map((r) => r.get('diskid'))).toEqual(['cd0', 'md0']);
  });
});

describe('Solaris/illumos: rates from the two readings', () => {
  test('sysrec: cpu_stat ticks, disk and link kstats, memory pages of pagesize bytes', () => {
    const { rows: [row], runs } = sample('sunos', 'sysrec');
    expect([row.get('userpct'), row.get('syspct'), row.get('idlepct'), row.get('cpupct')]).toEqual(['20.00', '10.00', '70.00', '30.00']);
    expect([row.get('sumpct'), row.get('headpct')]).toEqual(['960.00', '2240.00']);
    expectRate(row.get('reads'), 200);
    expectRatio(row.get('rkbytes'), row.get('reads'), (2 * 1638400) / 1024 / 200);
    expectRate(row.get('rxpkt'), 1000);
    expectRatio(row.get('rxkbytes'), row.get('rxpkt'), 1024000 / 1024 / 1000);
    expect(row.get('memfree')).toBe(String(Number(value(capture('sunos', 'kstat.2'), 'unix:0:system_pages:freemem')) * 4));
    expect([row.get('avg1'), row.get('plistsz'), row.get('swaptotal')]).toEqual(['0.50', '812', String(516204 + 7567260)]);
    // One kstat and one swap -s per reading; pagesize once.
    expect(runs.map((r) => r.split(' ')[0]).sort()).toEqual(['kstat', 'kstat', 'pagesize', 'swap', 'swap']);
  });

  test('sysrec: cpu::sys and cpu::vm summed over the 32 CPUs, TCP from tcp:0:tcp, in the same kstat run', () => {
    const { rows: [row] } = sample('sunos', 'sysrec');
    expectRate(row.get('cswch'), 32 * 150);
    expectRatio(row.get('intr'), row.get('cswch'), 100 / 150);
    expectRatio(row.get('forks'), row.get('cswch'), 1 / 150);
    expectRate(row.get('pgpgin'), (32 * 8 * 4096) / 1024);
    expectRatio(row.get('pgpgout'), row.get('pgpgin'), 2);
    // as_fault + hat_fault; maj_fault among them.
    expectRatio(row.get('pgfault'), row.get('cswch'), 250 / 150);
    expectRatio(row.get('pgmajfault'), row.get('cswch'), 2 / 150);
    expect([row.get('pswpin'), row.get('pswpout')]).toEqual(['0.00', '0.00']);
    expectRate(row.get('tcpactive'), 12);
    expectRatio(row.get('tcppassive'), row.get('tcpactive'), 30 / 12);
    expectRatio(row.get('tcpretrans'), row.get('tcpactive'), 5 / 12);
    expect(row.get('tcpestab')).toBe('44');
  });

  test('diskrec: rtime, wlentime and rlentime (fractional seconds) give utilpct, avgqusz and await', () => {
    const disks = new Map(sample('sunos', 'diskrec').rows.map((r) => [r.get('diskid'), r]));
    const sd0 = disks.get('sd0')!;
    expect([sd0.get('avgrqsz'), sd0.get('await')]).toEqual(['32.00', (800 / 150).toFixed(2)]);
    expectRate(sd0.get('utilpct'), 60);
    expectRate(sd0.get('avgqusz'), 0.8);
    expect(disks.get('sd1')!.get('utilpct')).toBe('100.00');
  });

  test('nicrec: every datalink, 64-bit counters', () => {
    const rows = sample('sunos', 'nicrec').rows;
    expect(rows.map((r) => r.get('nicid'))).toEqual(['net0', 'net1']);
    expectRate(rows[0].get('txpkt'), 500);
    expect(rows[1].get('rxpkt')).toBe('0.00');
    // A VNIC of 10 Gb/s whose duplex kstat says 0 (unknown): both directions over the speed.
    expect([rows[0].get('speed'), rows[0].get('duplex')]).toEqual(['10000', '']);
    expectRate(rows[0].get('utilpct'), (100 * (1024000 + 512000) * 8) / 10e9);
  });
});

describe('macOS: rates from the two readings', () => {
  test('sysrec: iostat -I totals, en0 alone, CPU from this machine\'s ticks', () => {
    const { rows: [row], runs } = sample('darwin', 'sysrec');
    // No split of reads and writes on macOS: the totals alone.
    expect([row.get('reads'), row.get('writes'), row.get('rkbytes'), row.get('wkbytes')]).toEqual(['', '', '', '']);
    expectRate(row.get('iops'), 150 + 10);
    expectRatio(row.get('rwkbytes'), row.get('iops'), ((4 + 1) * 1024) / 160);
    expectRate(row.get('rxpkt'), linkDelta('darwin', 'en0', 'Ipkts'));
    expectRatio(row.get('txkbytes'), row.get('txpkt'), linkDelta('darwin', 'en0', 'Obytes') / 1024 / linkDelta('darwin', 'en0', 'Opkts'));
    expect(Number(row.get('cpupct'))).toBeCloseTo(100 - Number(row.get('idlepct')), 1);
    expect(row.get('memfree')).toBe(String(Number(value(capture('darwin', 'vm_stat.2'), 'Pages free').replace('.', '')) * 4));
    expect(row.get('swaptotal')).toBe(String(3072 * 1024));
    expect(runs.map((r) => r.split(' ')[0]).sort()).toEqual(['iostat', 'iostat', 'netstat', 'netstat', 'sysctl', 'sysctl', 'vm_stat', 'vm_stat']);
  });

  test('sysrec: paging from vm_stat\'s counters; diskrec: the request size from iostat -I\'s totals', () => {
    const { rows: [row] } = sample('darwin', 'sysrec');
    expectRate(row.get('pgpgin'), (256 * 4096) / 1024);
    expectRatio(row.get('pgpgout'), row.get('pgpgin'), 64 / 256);
    // Faults and swapped pages are counts, pgpgin KiB (4 a page).
    expectRatio(row.get('pgfault'), row.get('pgpgin'), 5000 / (256 * 4));
    expectRatio(row.get('pswpin'), row.get('pgpgin'), 16 / (256 * 4));
    expectRatio(row.get('pswpout'), row.get('pgpgin'), 32 / (256 * 4));
    const disk0 = sample('darwin', 'diskrec').rows.find((r) => r.get('diskid') === 'disk0')!;
    expect(disk0.get('avgrqsz')).toBe(((4 * 1024) / 150).toFixed(2));
  });

  test('cpurec runs no process; hdwrec reads past the unknown oid sysctl reports', () => {
    expect(sample('darwin', 'cpurec').runs).toEqual([]);
    const [row] = sample('darwin', 'hdwrec').rows;
    expect([row.get('hostname'), row.get('os'), row.get('relos'), row.get('kernel'), row.get('vcpu'), row.get('hypervisor')])
      .toEqual(['kbrazil-mac', 'macos', '10.14.6', '18.7.0', '8', '']);
  });
});

describe('a tool missing, failing or printing something else: one line naming it, exit 1', () => {
  test('no kstat on PATH', () => {
    const r = sdr(['cpurec'], { SDR_PLATFORM: 'sunos', PATH: '/usr/bin:/bin' });
    expect(r.stderr).toBe('sdr: cpurec: cannot run kstat: not found on PATH\n');
    expect(r.status).toBe(1);
  });

  test('kstat output that is not cpu_stat', () => {
    const dir = mkdtempSync(`${tmpdir()}/sdr-replay-`);
    writeFileSync(`${dir}/kstat.1`, 'kstat: garbage\n');
    const r = replay('sunos', ['cpurec'], { SDR_REPLAY_DIR: dir });
    expect(r.stderr).toBe('sdr: cpurec: cannot parse the output of kstat: no cpu_stat user, kernel and idle ticks\n');
    expect(r.status).toBe(1);
  });

  test('sysctl refusing, not merely missing a name', () => {
    const dir = mkdtempSync(`${tmpdir()}/sdr-replay-`);
    writeFileSync(`${dir}/sysctl.1`, '');
    writeFileSync(`${dir}/sysctl.1.stderr`, 'sysctl: kern.cp_time: Operation not permitted\n');
    writeFileSync(`${dir}/sysctl.1.status`, '1\n');
    const r = replay('freebsd', ['cpurec'], { SDR_REPLAY_DIR: dir });
    expect(r.stderr).toBe('sdr: cpurec: sysctl failed (exit status 1): sysctl: kern.cp_time: Operation not permitted\n');
    expect(r.status).toBe(1);
  });

  test('the stack trace only with SDR_DEBUG=1', () => {
    const r = sdr(['nicrec'], { SDR_PLATFORM: 'darwin', PATH: '/nonexistent', SDR_DEBUG: '1' });
    expect(r.stderr).toMatch(/^sdr: nicrec: cannot run netstat: not found on PATH\n\w*Error: .*\n\s+at /);
  });
});
