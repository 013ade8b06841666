import { mkdtempSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { sysrec } from '../../src/recorders/sysrec.js';
import { RuntimeError } from '../../src/core/errors.js';
import { createSystemReader } from '../../src/platform/linux/system.js';
import { loadLmo } from '../../src/core/lmo.js';
import { FIXTURES } from '../helpers.js';
import type { Value } from '../../src/recorders/recorder.js';
import type { SystemSnapshot } from '../../src/platform/types.js';

const PAIR = `${FIXTURES}/linux/lvm-bridge-host-pair`;
const read = (side: string) => createSystemReader({ procfs: `${PAIR}/${side}/proc`, sysfs: `${PAIR}/${side}/sys` })();
const names = loadLmo('sysrec').fields.slice(1).map((f) => f.name);

function byName(values: Value[]): Record<string, Value> {
  expect(values).toHaveLength(names.length);
  return Object.fromEntries(names.map((n, i) => [n, values[i]]));
}

describe('sysrec rows from two readings 2 s apart', () => {
  const before = read('before');
  const after = read('after');
  const [row] = sysrec.rows(before, after, 2).map(byName);

  test('CPU shares of the aggregate line', () => {
    // Deltas of the real pair: user 5, system 6, idle 2660328, iowait 45, softirq 1 (nice, irq, steal 0).
    const total = 5 + 6 + 2660328 + 45 + 1;
    expect(row.userpct).toBeCloseTo((100 * 5) / total, 10);
    expect(row.syspct).toBeCloseTo((100 * 6) / total, 10);
    expect(row.iowaitpct).toBeCloseTo((100 * 45) / total, 10);
    expect(row.idlepct).toBeCloseTo((100 * 2660328) / total, 10);
    expect(row.cpupct).toBeCloseTo(100 - (100 * 2660328) / total, 10);
    expect(row.nicepct).toBe(0);
  });

  test('per-CPU sums cover the CPUs online in both readings (cpu2 went offline)', () => {
    const busy = (d: number[]) => 100 - (100 * d[3]) / d.reduce((a, b) => a + b, 0);
    // [user, nice, system, idle, iowait, irq, softirq, steal] deltas of cpu0, cpu1, cpu3.
    const cpu0 = busy([3, 0, 3, 7621, 1, 0, 1, 0]);
    const cpu1 = busy([1, 0, 2, 7625, 2, 0, 0, 0]);
    const cpu3 = busy([0, 0, 1, 7629, 1, 0, 0, 0]);
    expect(row.sumpct).toBeCloseTo(cpu0 + cpu1 + cpu3, 10);
    expect(row.headpct).toBeCloseTo(300 - (cpu0 + cpu1 + cpu3), 10);
  });

  test('memory figures in KiB', () => {
    expect(row.memtotal).toBe(3997272);
    expect(row.memfree).toBe(2750316);
    expect(row.memused).toBe(3997272 - 2750316);
    expect(row.memusedpct).toBeCloseTo((100 * (3997272 - 2750316)) / 3997272, 10);
    expect(row.realfree).toBe(2750316 + 40452 + 684856);
    expect(row.swaptotal).toBe(3996668);
    expect(row.swapused).toBe(0);
    expect(row.swapusedpct).toBe(0);
    expect(row.memavailable).toBe(3386876);
  });

  test('load and tasks; the reader itself is not counted as runnable', () => {
    expect([row.runqsz, row.plistsz, row.avg1, row.avg5, row.avg15]).toEqual([3, 468, 0.61, 0.6, 0.59]);
  });

  test('disk rates count sda once, not its partition, dm-0 or loop0', () => {
    expect(row.reads).toBe(50); // 100 reads in 2 s
    expect(row.writes).toBe(25);
    expect(row.rkbytes).toBe(512); // 2048 sectors = 1024 KiB in 2 s
    expect(row.wkbytes).toBe(1024);
    expect(row.iops).toBe(75);
    expect(row.rwkbytes).toBe(1536);
  });

  test('network rates count ens33 only', () => {
    expect(row.rxpkt).toBe(50);
    expect(row.rxkbytes).toBe(50); // 102400 bytes in 2 s
    expect(row.rxerr).toBe(1);
    expect(row.rxdrop).toBe(0);
    expect(row.txpkt).toBe(25);
    expect(row.txkbytes).toBe(25);
    expect(row.txdrop).toBe(0.5);
    expect(row.rxtxpkt).toBe(75);
    expect(row.rxtxkbytes).toBe(75);
  });

  test('a counter that went backwards gives empty fields, never a negative rate', () => {
    const [back] = sysrec.rows(after, before, 2).map(byName);
    expect(back.reads).toBeNull();
    expect(back.rxkbytes).toBeNull();
    expect(back.userpct).toBeNull();
    // Memory is a level, not a counter: it is still reported.
    expect(back.memfree).toBe(2760316);
  });

  test('a disk seen only in the second reading waits for its second reading', () => {
    const disks = new Map(after.systemDisks);
    disks.set('sdz', { ...disks.get('sda')!, name: 'sdz' });
    const withNewDisk: SystemSnapshot = { ...after, systemDisks: disks };
    const [r] = sysrec.rows(before, withNewDisk, 2).map(byName);
    expect(r.reads).toBe(50);
  });

  test('no tick elapsed: CPU shares are unknown, not 0 or 100', () => {
    const [same] = sysrec.rows(before, before, 0.1).map(byName);
    expect(same.cpupct).toBeNull();
    expect(same.idlepct).toBeNull();
    expect(same.reads).toBe(0);
  });
});

describe('sources fail alone', () => {
  /** A copy of one side of the pair without some of its /proc files. */
  function without(side: string, ...files: string[]): string {
    const root = mkdtempSync(`${tmpdir()}/sdr-sources-`);
    cpSync(`${PAIR}/${side}`, root, { recursive: true });
    for (const f of files) rmSync(`${root}/proc/${f}`);
    return root;
  }
  const readTree = (root: string) => createSystemReader({ procfs: `${root}/proc`, sysfs: `${root}/sys` })();
  const nicFields = names.filter((n) => /^(rx|tx)/.test(n));

  test('without net/dev: CPU, memory, disk and load are written, the network fields are empty (not 0)', () => {
    const before = readTree(without('before', 'net/dev'));
    const after = readTree(without('after', 'net/dev'));
    expect(after.unread?.map((f) => f.message)).toEqual([expect.stringMatching(/^cannot read \/.*\/proc\/net\/dev: no such file or directory$/)]);
    const [row] = sysrec.rows(before, after, 2).map(byName);
    expect(nicFields).toHaveLength(10);
    for (const n of nicFields) expect([n, row[n]]).toEqual([n, null]);
    expect(row.cpupct).toBeGreaterThan(0);
    expect(row.memfree).toBe(2750316);
    expect(row.reads).toBe(50);
    expect(row.avg15).toBe(0.59);
  });

  test('net/dev read in one reading only: its rates are unknown for that interval', () => {
    const [row] = sysrec.rows(read('before'), readTree(without('after', 'net/dev')), 2).map(byName);
    expect(row.rxpkt).toBeNull();
    expect(row.reads).toBe(50);
  });

  test('without stat and loadavg: their fields are empty, the rest written', () => {
    const [row] = sysrec.rows(readTree(without('before', 'stat')), readTree(without('after', 'stat', 'loadavg')), 2).map(byName);
    for (const n of ['cpupct', 'sumpct', 'headpct', 'userpct', 'stealpct', 'runqsz', 'plistsz', 'avg1', 'avg5', 'avg15']) {
      expect([n, row[n]]).toEqual([n, null]);
    }
    expect(row.rxpkt).toBe(50);
    expect(row.memtotal).toBe(3997272);
  });

  test('a procfs that holds none of the seven files fails the reading, naming the root', () => {
    const root = without('before', 'stat', 'meminfo', 'loadavg', 'diskstats', 'net/dev', 'vmstat', 'net/snmp');
    expect(() => readTree(root)).toThrow(new RuntimeError(
      `${root}/proc holds none of stat, meminfo, loadavg, diskstats, net/dev, vmstat, net/snmp (cannot read ${root}/proc/stat: no such file or directory)`));
  });
});

describe('the fields after the original\'s: rates of counters, shares of the interval, levels', () => {
  const TREE = `${FIXTURES}/linux/tree`;
  const readSide = (side: string) => createSystemReader({ procfs: `${TREE}/${side}/proc`, sysfs: `${TREE}/${side}/sys` })();
  const [before, after] = [readSide('before'), readSide('after')];
  const [row] = sysrec.rows(before, after, 2).map(byName);

  test('per second over the interval, the stall totals as a share of it (make-tree-pair.mjs\'s tables)', () => {
    expect([row.cswch, row.intr, row.forks, row.blocked]).toEqual([6000, 1500, 20, 3]);
    expect([row.pgpgin, row.pgpgout, row.pgfault, row.pgmajfault, row.pswpin, row.pswpout]).toEqual([10240, 20480, 15000, 60, 128, 256]);
    expect([row.cpusomepct, row.iosomepct, row.iofullpct, row.memsomepct, row.memfullpct].map((v) => Number((v as number).toFixed(9))))
      .toEqual([25, 15, 5, 1, 0.2]);
    expect([row.tcpactive, row.tcppassive, row.tcpretrans, row.tcpestab]).toEqual([15, 25, 4, 7]);
  });

  test('guest shares are of the same 700 ticks as the other states, already inside user and nice', () => {
    expect(row.guestpct).toBeCloseTo((100 * 20) / 700, 10);
    expect(row.guestnicepct).toBeCloseTo((100 * 1) / 700, 10);
    expect(row.userpct as number).toBeGreaterThan(row.guestpct as number);
  });

  test('counters that went backwards give empty rates; the levels are still the second reading\'s', () => {
    const [back] = sysrec.rows(after, before, 2).map(byName);
    for (const n of ['cswch', 'intr', 'forks', 'pgpgin', 'pgfault', 'pswpout', 'cpusomepct', 'iofullpct', 'tcpactive', 'tcpretrans', 'guestpct']) {
      expect([n, back[n]]).toEqual([n, null]);
    }
    expect([back.blocked, back.tcpestab]).toEqual([0, 0]);
  });

  test('a stall total that grew by more than the interval is 100% of it, never more', () => {
    const stalled = { ...after, stalls: { ...after.stalls, ioSome: before.stalls!.ioSome! + 2_500_000 } };
    expect(byName(sysrec.rows(before, stalled, 2)[0]).iosomepct).toBe(100);
  });
});
