import { parseStat } from '../../../src/platform/linux/stat.js';
import { capture, fixture } from '../../helpers.js';

describe('parseStat on real /proc/stat captures', () => {
  test('Linux 5.8, 2 CPUs with guest and guest_nice columns: the first eight columns only', () => {
    const s = parseStat(capture('linux/proc-stat/ubuntu2010-k58-2cpu-guest-guestnice.txt'))!;
    expect(s.total).toEqual({ user: 6002, nice: 152, system: 8398, idle: 3444436, iowait: 448, irq: 0, softirq: 1174, steal: 0 });
    expect([...s.cpus.keys()]).toEqual(['cpu0', 'cpu1']);
    expect(s.cpus.get('cpu1')!.softirq).toBe(953);
  });

  test('Linux 3.x of 2012, 4 CPUs, long intr line ignored', () => {
    const s = parseStat(capture('linux/proc-stat/linux-2012-4cpu-10col.txt'))!;
    expect(s.cpus.size).toBe(4);
    expect(s.total.idle).toBe(108331);
    expect(s.cpus.get('cpu3')).toEqual({ user: 326, nice: 0, system: 838, idle: 27581, iowait: 31, irq: 0, softirq: 12, steal: 0 });
  });

  test('an offline CPU leaves a gap in the numbering', () => {
    const before = parseStat(capture('linux/proc-stat/qemu-4cpu-before-cpu2-offline-cpu-lines.txt'))!;
    const after = parseStat(capture('linux/proc-stat/qemu-4cpu-after-cpu2-offline-gap-cpu-lines.txt'))!;
    expect([...before.cpus.keys()]).toEqual(['cpu0', 'cpu1', 'cpu2', 'cpu3']);
    expect([...after.cpus.keys()]).toEqual(['cpu0', 'cpu1', 'cpu3']);
    expect(after.cpus.get('cpu3')!.idle).toBe(119161);
  });

  test('this machine\'s capture (Linux 6.18)', () => {
    const s = parseStat(fixture('linux/firecracker-vm-k618/proc/stat'))!;
    expect([...s.cpus.keys()]).toEqual(['cpu0', 'cpu1']);
    const sum = (k: 'user' | 'idle') => s.cpus.get('cpu0')![k] + s.cpus.get('cpu1')![k];
    // The aggregate line is the sum of the per-CPU lines, give or take a tick read in between.
    expect(Math.abs(s.total.user - sum('user'))).toBeLessThanOrEqual(2);
    expect(Math.abs(s.total.idle - sum('idle'))).toBeLessThanOrEqual(2);
  });

  test('old 4-column layout fills the missing states with 0', () => {
    expect(parseStat('cpu  10 20 30 40\ncpu0 10 20 30 40\n')!.total).toEqual(
      { user: 10, nice: 20, system: 30, idle: 40, iowait: 0, irq: 0, softirq: 0, steal: 0 });
  });

  test('text without a cpu line is not /proc/stat', () => {
    expect(parseStat('intr 1 2 3\nctxt 4\n')).toBeNull();
  });
});
