import { cpurec } from '../../src/recorders/cpurec.js';
import { diskrec } from '../../src/recorders/diskrec.js';
import { nicrec } from '../../src/recorders/nicrec.js';
import { createCpuReader, createDiskReader, createNicReader, type StatFs } from '../../src/platform/linux/per-device.js';
import { loadLmo } from '../../src/core/lmo.js';
import { mkdtempSync, cpSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { FIXTURES } from '../helpers.js';
import type { Value } from '../../src/recorders/recorder.js';

const PAIR = `${FIXTURES}/linux/devices-change-pair`;
const roots = (side: string) => ({ procfs: `${PAIR}/${side}/proc`, sysfs: `${PAIR}/${side}/sys` });

/** Rows keyed by device, each a record of LMO field names (the timestamp is the engine's). */
function byDevice(recorder: string, rows: Value[][]): Record<string, Record<string, Value>> {
  const names = loadLmo(recorder).fields.slice(1).map((f) => f.name);
  return Object.fromEntries(rows.map((r) => {
    expect(r).toHaveLength(names.length);
    return [r[0] as string, Object.fromEntries(names.map((n, i) => [n, r[i]]))];
  }));
}

describe('cpurec', () => {
  const before = createCpuReader(roots('before'))();
  const after = createCpuReader(roots('after'))();

  test('one row per CPU online in both readings, in natural order; cpu2 went offline', () => {
    const rows = cpurec.rows(before, after, 2);
    expect(rows.map((r) => r[0])).toEqual(['cpu0', 'cpu1', 'cpu3']);
    const cpu0 = byDevice('cpurec', rows).cpu0;
    // cpu0 deltas: user 3, system 3, idle 7621, iowait 1, softirq 1 of 7629 ticks.
    expect(cpu0.userpct).toBeCloseTo((100 * 3) / 7629, 10);
    expect(cpu0.softirqpct).toBeCloseTo((100 * 1) / 7629, 10);
    expect(cpu0.iowaitpct).toBeCloseTo((100 * 1) / 7629, 10);
    expect(cpu0.idlepct).toBeCloseTo((100 * 7621) / 7629, 10);
    expect(cpu0.totalpct).toBeCloseTo(100 - (100 * 7621) / 7629, 10);
  });

  test('a CPU that comes online gets no row until its second reading', () => {
    const cpu2Back = createCpuReader(roots('before'))();
    expect(cpurec.rows(after, cpu2Back, 2).map((r) => r[0])).toEqual(['cpu0', 'cpu1', 'cpu3']);
  });
});

describe('diskrec', () => {
  const GIB = 2 ** 30;
  const statfs: StatFs = (path) => {
    if (path === '/') return { bsize: 4096, blocks: (10 * GIB) / 4096, bfree: (5 * GIB) / 4096, bavail: (4 * GIB) / 4096 };
    if (path === '/data') return { bsize: 1024, blocks: GIB / 1024, bfree: GIB / 1024, bavail: GIB / 1024 };
    throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  };
  // The captured mounts answered for as if they were this machine's.
  const before = createDiskReader({ ...roots('before'), rootfs: '/' }, statfs)();
  const after = createDiskReader({ ...roots('after'), rootfs: '/' }, statfs)();
  const rows = diskrec.rows(before, after, 2);
  const d = byDevice('diskrec', rows);

  test('rows in natural order; a vanished device stops, a new one waits for its second reading', () => {
    expect(rows.map((r) => r[0])).toEqual(['dm-0', 'dm-2', 'loop0', 'loop1', 'xvda1', 'xvda2']);
  });

  test('rates and the filesystem matched by major:minor', () => {
    // 11 counters (before 4.18): no discards or flushes; the times did not move: await and utilpct 0.
    expect(d.xvda1).toEqual({
      diskid: 'xvda1', reads: 150, rkbytes: 150, writes: 50, wkbytes: 250, iops: 200, rwkbytes: 400,
      size: 10, free: 4, usedpct: (100 * 5) / 9, mountpoint: '/',
      avgrqsz: (600 + 1000) / 2 / 400, avgqusz: 0, await: 0, rawait: 0, wawait: 0, utilpct: 0, discards: null, discardkbytes: null, flushes: null,
    });
    // No write completed: no write to average.
    expect(d['dm-0']).toEqual({
      diskid: 'dm-0', reads: 10, rkbytes: 10, writes: 0, wkbytes: 0, iops: 10, rwkbytes: 10,
      size: 1, free: 1, usedpct: 0, mountpoint: '/data',
      avgrqsz: 1, avgqusz: 0, await: 0, rawait: 0, wawait: null, utilpct: 0, discards: null, discardkbytes: null, flushes: null,
    });
  });

  test('a counter reset gives empty rates for that device and interval; unmounted leaves 9-12 empty', () => {
    expect(d.xvda2).toEqual({
      diskid: 'xvda2', reads: null, rkbytes: null, writes: null, wkbytes: null, iops: null, rwkbytes: null,
      size: null, free: null, usedpct: null, mountpoint: null,
      avgrqsz: null, avgqusz: null, await: null, rawait: null, wawait: null, utilpct: null, discards: null, discardkbytes: null, flushes: null,
    });
  });
});

describe('diskrec: where the filesystems are asked', () => {
  const GIB = 2 ** 30;
  /** statfs that records every path asked and answers 8 GiB, half of it free, for any path under `prefix`. */
  function statfsUnder(prefix: string): { asked: string[]; statfs: StatFs } {
    const asked: string[] = [];
    return {
      asked,
      statfs: (path) => {
        asked.push(path);
        if (!path.startsWith(prefix)) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
        return { bsize: 4096, blocks: (8 * GIB) / 4096, bfree: (4 * GIB) / 4096, bavail: (4 * GIB) / 4096 };
      },
    };
  }
  const tree = () => {
    const root = mkdtempSync(`${tmpdir()}/sdr-disk-`);
    cpSync(`${PAIR}/after`, root, { recursive: true });
    return root;
  };

  test('--rootfs: the mount points of the tree are asked under it; the mount point printed is the tree\'s', () => {
    const { asked, statfs } = statfsUnder('/host');
    const read = createDiskReader({ ...roots('after'), rootfs: '/host' }, statfs);
    const d = byDevice('diskrec', diskrec.rows(read(), read(), 2));
    expect(asked.sort()).toEqual(['/host/', '/host/', '/host/data', '/host/data']);
    expect([d.xvda1.size, d.xvda1.free, d.xvda1.usedpct, d.xvda1.mountpoint]).toEqual([8, 4, 50, '/']);
    expect(d['dm-0'].mountpoint).toBe('/data');
  });

  test('another procfs and no --rootfs: nothing is asked, size, free and usedpct empty, the mount point kept', () => {
    const { asked, statfs } = statfsUnder('/');
    const read = createDiskReader(roots('after'), statfs);
    const d = byDevice('diskrec', diskrec.rows(read(), read(), 2));
    expect(asked).toEqual([]);
    expect([d.xvda1.size, d.xvda1.free, d.xvda1.usedpct, d.xvda1.mountpoint]).toEqual([null, null, null, '/']);
    expect(d.xvda1.reads).toBe(0);
  });

  test('pid 1\'s mountinfo comes before self\'s: a container given the host\'s /proc sees the host\'s mounts', () => {
    const root = tree();
    mkdirSync(`${root}/proc/1`);
    writeFileSync(`${root}/proc/1/mountinfo`, '27 1 202:1 / / rw - ext4 /dev/xvda1 rw\n46 27 253:0 / /srv rw - xfs /dev/mapper/vg-srv rw\n');
    const s = createDiskReader({ procfs: `${root}/proc`, sysfs: `${root}/sys` })();
    expect(s.devices.get('dm-0')!.filesystem?.mountPoint).toBe('/srv');
  });

  test('without mountinfo: the I/O rates are written, the filesystem fields empty, the failure noted', () => {
    const root = tree();
    rmSync(`${root}/proc/self/mountinfo`);
    const { asked, statfs } = statfsUnder('/');
    const read = createDiskReader({ procfs: `${root}/proc`, sysfs: `${root}/sys`, rootfs: '/' }, statfs);
    const [a, b] = [read(), read()];
    expect(b.unread).toEqual([{ source: `${root}/proc/self/mountinfo`, message: `cannot read ${root}/proc/self/mountinfo: no such file or directory` }]);
    const d = byDevice('diskrec', diskrec.rows(a, b, 2));
    expect(Object.keys(d)).toEqual(['dm-0', 'dm-2', 'loop0', 'loop1', 'xvda1', 'xvda2', 'xvdb']);
    expect([d.xvda1.reads, d.xvda1.size, d.xvda1.mountpoint]).toEqual([0, null, null]);
    expect(asked).toEqual([]);
  });

  test('a --rootfs under which not one mount point can be asked is refused at the first reading', () => {
    const { statfs } = statfsUnder('/host');
    const read = createDiskReader({ ...roots('after'), rootfs: '/nonexistent' }, statfs);
    expect(() => read()).toThrow(`/nonexistent holds none of the mount points of ${PAIR}/after/proc, such as /`);
  });

  test('a --rootfs of / is this machine, never refused: mount points out of reach leave their fields empty', () => {
    const { asked, statfs } = statfsUnder('/host');
    const s = createDiskReader({ ...roots('after'), rootfs: '/' }, statfs)();
    expect(asked.sort()).toEqual(['/', '/data']);
    expect(s.devices.get('xvda1')!.filesystem).toBeUndefined();
  });
});

describe('nicrec', () => {
  const before = createNicReader(roots('before'))();
  const after = createNicReader(roots('after'))();
  const rows = nicrec.rows(before, after, 2);

  test('interfaces in both readings only: team0:1 vanished, the long-named one is new', () => {
    expect(rows.map((r) => r[0])).toEqual(['eth0', 'lo']);
  });

  test('every counter as a rate per second', () => {
    expect(byDevice('nicrec', rows).eth0).toEqual({
      nicid: 'eth0', rxpkt: 500, rxkbytes: 500, rxerr: 0, rxdrop: 2, rxfifo: 0, rxframe: 0, rxcompr: 0, rxmulti: 5,
      txpkt: 250, txkbytes: 512800 / 1024 / 2, txerr: 0, txdrop: 0, txfifo: 0, txcols: 1, txcarr: 0, txcompr: 0,
      rxtxpkt: 750, rxtxkbytes: 500 + 512800 / 1024 / 2,
      // This tree's sysfs has no speed files: the speed is unknown, and so is the utilisation.
      speed: null, duplex: null, utilpct: null,
    });
  });
});
