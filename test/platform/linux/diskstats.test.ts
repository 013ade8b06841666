import { parseDiskstats } from '../../../src/platform/linux/diskstats.js';
import { capture, fixture } from '../../helpers.js';

describe('parseDiskstats reads every layout by column position', () => {
  test('14 fields (before 4.18), Xen guest with device-mapper', () => {
    const { disks, malformed } = parseDiskstats(capture('linux/proc-diskstats/xen-ec2-xvda-dm-14fields-pre418.txt'));
    expect(malformed).toEqual([]);
    expect([...disks.keys()]).toEqual(['xvda1', 'xvda2', 'loop0', 'loop1', 'dm-0', 'dm-628', 'dm-2']);
    const x = disks.get('xvda1')!;
    expect([x.readsCompleted, x.sectorsRead, x.writesCompleted, x.sectorsWritten]).toEqual([750193, 28116978, 16600606, 424712632]);
    expect(disks.get('dm-628')!.sectorsWritten).toBe(3942653176);
  });

  test('18 fields (4.18+), nvme multipath hidden path device with major 0', () => {
    const { disks, malformed } = parseDiskstats(capture('linux/proc-diskstats/nvme-multipath-grep-nvme3-18fields.txt'));
    expect(malformed).toEqual([]);
    const p = disks.get('nvme3c33n1')!;
    expect([p.major, p.minor, p.readsCompleted, p.sectorsRead, p.writesCompleted, p.sectorsWritten]).toEqual([0, 0, 682, 16148, 67891, 17174264]);
    expect(disks.get('nvme3n1')!.readsCompleted).toBe(0);
  });

  test('20 fields (5.5+): names stay clean and values do not shift (the original misread them)', () => {
    const { disks, malformed } = parseDiskstats(capture('linux/proc-diskstats/ubuntu2010-k58-20fields-loop-sda-sr0.txt'));
    expect(malformed).toEqual([]);
    expect(disks.size).toBe(15);
    const sda = disks.get('sda')!;
    expect([sda.readsCompleted, sda.readsMerged, sda.sectorsRead, sda.msReading]).toEqual([14200, 3361, 892828, 5058]);
    expect([sda.writesCompleted, sda.sectorsWritten, sda.iosInProgress, sda.msDoingIo]).toEqual([18736, 715384, 0, 24940]);
    expect(disks.get('loop8')!.sectorsRead).toBe(4496);
  });

  test('this machine (Linux 6.18, 17 counters)', () => {
    const { disks, malformed } = parseDiskstats(fixture('linux/firecracker-vm-k618/proc/diskstats'));
    expect(malformed).toEqual([]);
    expect(disks.get('vda')!.major).toBe(254);
    expect(disks.get('vda')!.readsCompleted).toBeGreaterThan(0);
  });

  test('2.6-era partition lines with 4 counters', () => {
    const d = parseDiskstats('   8    1 sda1 4 8 12 16\n').disks.get('sda1')!;
    expect([d.readsCompleted, d.sectorsRead, d.writesCompleted, d.sectorsWritten]).toEqual([4, 8, 12, 16]);
  });

  test('a line that fits no layout is set aside, the others kept', () => {
    const { disks, malformed } = parseDiskstats('   8    0 sda 1 2 3\n   8   16 sdb 1 2 3 4 5 6 7 8 9 10 11\n   8   32 sdc 1 2 x 4 5 6 7 8 9 10 11\n');
    expect([...disks.keys()]).toEqual(['sdb']);
    expect(malformed).toHaveLength(2);
  });
});

describe('the discard and flush counters are kept, with the number of counters the line had', () => {
  test('17 counters (5.5+, this machine): discards completed, merged, sectors, ms; flushes completed, ms', () => {
    const vda = parseDiskstats(fixture('linux/firecracker-vm-k618/proc/diskstats')).disks.get('vda')!;
    // " 254 0 vda 25702 5391 687306 2732 3969 27765 876216 3570 0 2328 6508 3830 24 80152 203 101 2"
    expect(vda.counters).toBe(17);
    expect([vda.discardsCompleted, vda.discardsMerged, vda.sectorsDiscarded, vda.msDiscarding]).toEqual([3830, 24, 80152, 203]);
    expect([vda.flushesCompleted, vda.msFlushing]).toEqual([101, 2]);
    // The columns before them have not moved.
    expect([vda.iosInProgress, vda.msDoingIo, vda.weightedMsDoingIo]).toEqual([0, 2328, 6508]);
  });

  test('15 counters (4.18+): discards, no flushes', () => {
    const { disks } = parseDiskstats(capture('linux/proc-diskstats/nvme-multipath-grep-nvme3-18fields.txt'));
    const p = disks.get('nvme3c33n1')!;
    expect(p.counters).toBe(15);
    expect([p.discardsCompleted, p.discardsMerged, p.sectorsDiscarded, p.msDiscarding]).toEqual([0, 0, 0, 0]);
    expect([p.flushesCompleted, p.msFlushing]).toEqual([undefined, undefined]);
    expect(p.weightedMsDoingIo).toBe(36052);
  });

  test('11 counters (before 4.18) and 4 (2.6 partitions): neither', () => {
    const x = parseDiskstats(capture('linux/proc-diskstats/xen-ec2-xvda-dm-14fields-pre418.txt')).disks.get('xvda1')!;
    expect(x.counters).toBe(11);
    expect([x.discardsCompleted, x.sectorsDiscarded, x.flushesCompleted, x.msFlushing]).toEqual([undefined, undefined, undefined, undefined]);
    const old = parseDiskstats('   8    1 sda1 4 8 12 16\n').disks.get('sda1')!;
    expect(old.counters).toBe(4);
    expect(old.discardsCompleted).toBeUndefined();
    // Nor any time: a 2.6 partition's line has none, so await and utilpct stay empty, never 0.
    expect([old.msReading, old.msWriting, old.iosInProgress, old.msDoingIo, old.weightedMsDoingIo]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  test('the 20-field capture: 17 counters, all of them read', () => {
    const sda = parseDiskstats(capture('linux/proc-diskstats/ubuntu2010-k58-20fields-loop-sda-sr0.txt')).disks.get('sda')!;
    expect(sda.counters).toBe(17);
    expect([sda.discardsCompleted, sda.flushesCompleted, sda.msFlushing]).toEqual([0, 0, 0]);
  });
});
