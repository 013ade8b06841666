// The original cpurec's layouts: Linux 1.1.5 (11 fields), FreeBSD 1.2.0 (8, and the macOS copy of
// it), Solaris 0.75 (13).
import { only, same, type OriginalField, type OriginalLayout } from './layout.js';

const TIMESTAMP = same('timestamp', 'seconds since the epoch, rounded, taken for each row');

const LINUX: OriginalField[] = [
  TIMESTAMP,
  same('cpuid', 'the kernel name: cpu0, cpu1', { convert: 'text' }),
  same('userpct', '% user'),
  same('nicepct', '% nice'),
  same('syspct', '% system'),
  same('irqpct', '% irq'),
  same('softirqpct', '% softirq'),
  same('iowaitpct', '% iowait'),
  same('stealpct', '% steal'),
  same('idlepct', '% idle'),
  same('totalpct', '% busy, 100 - idlepct'),
];

const freebsd = (mapped: boolean): OriginalField[] => {
  const m = (f: OriginalField): OriginalField => (mapped ? f : only(f.name, f.meaning));
  return [
    TIMESTAMP,
    same('cpuid', 'cpu0, cpu1 in kern.cp_times order', { convert: 'text' }),
    m(same('userpct', '% user')),
    m(same('nicepct', '% nice')),
    m(same('syspct', '% system')),
    m(same('irqpct', '% interrupt')),
    m(same('idlepct', '% idle')),
    m(same('totalpct', '% busy, user + nice + sys + intr')),
  ];
};

const SOLARIS: OriginalField[] = [
  TIMESTAMP,
  { name: 'cpuid', meaning: 'the cpu_stat instance: 0, 1', lmo: 'cpuid', convert: 'cpu-number' },
  only('xcalls', 'cross-calls/s'),
  only('intr', 'interrupts/s'),
  only('ithr', 'interrupts as threads/s'),
  only('csw', 'context switches/s'),
  only('icsw', 'involuntary context switches/s'),
  only('migr', 'thread migrations/s'),
  only('smtx', 'spins on mutexes/s'),
  only('syscalls', 'system calls/s'),
  same('userpct', '% user'),
  same('syspct', '% kernel'),
  same('idlepct', '% idle'),
];

export const CPUREC_LAYOUTS: OriginalLayout[] = [
  { recorder: 'cpurec', os: 'linux', version: '1.1.5', fields: LINUX },
  { recorder: 'cpurec', os: 'freebsd', version: '1.2.0', fields: freebsd(true) },
  {
    recorder: 'cpurec', os: 'darwin', version: '1.1.4', fields: freebsd(false),
    note: "FreeBSD's script, reading sysctls macOS lacks: only the CPU's name is mapped",
  },
  { recorder: 'cpurec', os: 'solaris', version: '0.75', fields: SOLARIS },
];
