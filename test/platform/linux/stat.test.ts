import { parseStat } from '../../../src/platform/linux/stat.js';
import { capture, fixture } from '../../helpers.js';

describe('parseStat on real /proc/stat captures', () => {
  test('Linux 5.8, 2 CPUs with guest and guest_nice columns', () => {
    const s = parseStat(capture('linux/proc-stat/ubuntu2010-k58-2cpu-guest-guestnice.txt'))!;
    expect(s.total).toEqual({
      user: 6002, nice: 152, system: 8398, idle: 3444436, iowait: 448, irq: 0, softirq: 1174, steal: 0, guest: 0, guestNice: 0,
    });
    expect([...s.cpus.keys()]).toEqual(['cpu0', 'cpu1']);
    expect(s.cpus.get('cpu1')!.softirq).toBe(953);
  });

  test('Linux 3.x of 2012, 4 CPUs, long intr line ignored', () => {
    const s = parseStat(capture('linux/proc-stat/linux-2012-4cpu-10col.txt'))!;
    expect(s.cpus.size).toBe(4);
    expect(s.total.idle).toBe(108331);
    expect(s.cpus.get('cpu3')).toEqual({
      user: 326, nice: 0, system: 838, idle: 27581, iowait: 31, irq: 0, softirq: 12, steal: 0, guest: 0, guestNice: 0,
    });
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

  test('old 4-column layout fills the missing states with 0, and leaves guest unmeasured', () => {
    const t = parseStat('cpu  10 20 30 40\ncpu0 10 20 30 40\n')!.total;
    expect(t).toEqual({ user: 10, nice: 20, system: 30, idle: 40, iowait: 0, irq: 0, softirq: 0, steal: 0 });
    expect([t.guest, t.guestNice]).toEqual([undefined, undefined]);
  });

  test('2.6.24 to 2.6.32 print guest but not guest_nice: only guest_nice is unmeasured', () => {
    const t = parseStat('cpu  10 20 30 40 1 2 3 4 5\n')!.total;
    expect([t.guest, t.guestNice]).toEqual([5, undefined]);
  });

  test('text without a cpu line is not /proc/stat', () => {
    expect(parseStat('intr 1 2 3\nctxt 4\n')).toBeNull();
  });
});

describe('the event counters of /proc/stat: intr, ctxt, processes, procs_blocked', () => {
  test('Linux 3.x of 2012: the total of the long intr line, not its per-IRQ counts', () => {
    const s = parseStat(capture('linux/proc-stat/linux-2012-4cpu-10col.txt'))!;
    expect(s.activity).toEqual({ interrupts: 39520, contextSwitches: 29527, forks: 1560, blocked: 0 });
    expect(s.malformed).toEqual([]);
  });

  test('Linux 5.8', () => {
    const s = parseStat(capture('linux/proc-stat/ubuntu2010-k58-2cpu-guest-guestnice.txt'))!;
    expect(s.activity).toEqual({ interrupts: 2496709, contextSwitches: 4622716, forks: 9831, blocked: 0 });
  });

  test('this machine (Linux 6.18)', () => {
    const text = fixture('linux/firecracker-vm-k618/proc/stat');
    const s = parseStat(text)!;
    const first = (label: string) => Number(new RegExp(`^${label} (\\d+)`, 'm').exec(text)![1]);
    expect(s.activity).toEqual({ interrupts: first('intr'), contextSwitches: first('ctxt'), forks: first('processes'), blocked: first('procs_blocked') });
    expect(s.activity.contextSwitches).toBeGreaterThan(0);
  });

  test('captures trimmed to the cpu lines have none: undefined, not 0', () => {
    const s = parseStat(capture('linux/proc-stat/qemu-4cpu-before-cpu2-offline-cpu-lines.txt'))!;
    expect(s.activity).toEqual({});
  });

  test('a counter line without a number is set aside for the caller to report; the others are kept', () => {
    const s = parseStat('cpu  1 2 3 4\nintr x 1 2\nctxt 17\nprocesses\nprocs_blocked 3\n')!;
    expect(s.activity).toEqual({ contextSwitches: 17, blocked: 3 });
    expect(s.malformed).toEqual(['intr x 1 2', 'processes']);
  });
});
