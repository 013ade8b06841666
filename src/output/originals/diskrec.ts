// The original diskrec's layouts: Linux 1.2.3 (11 fields), FreeBSD 1.2.0 (14, and the macOS copy
// of it, 1.1.3). The Solaris generation had no diskrec.
import { only, same, type OriginalField, type OriginalLayout } from './layout.js';

const TIMESTAMP = same('timestamp', 'seconds since the epoch, rounded, taken for each row');

const LINUX: OriginalField[] = [
  TIMESTAMP,
  same('diskid', 'the kernel name, its first - removed, its mount points\' last names appended: sda1root, dm0', {
    convert: 'text', note: "the original's names (sda1root, dm0), not the kernel's (sda1, dm-0)",
  }),
  same('reads', 'reads/s'),
  same('rkbytes', 'KiB/s read'),
  same('writes', 'writes/s'),
  same('wkbytes', 'KiB/s written'),
  same('iops', 'requests/s'),
  same('rwkbytes', 'KiB/s read and written'),
  same('size', 'GiB, the filesystem mounted from it, NA when none'),
  only('free', 'GiB free, blocks reserved for root counted'),
  only('usedpct', '% used, from the free space with root\'s blocks, rounded up'),
];

const freebsd = (mapped: boolean): OriginalField[] => {
  const m = (f: OriginalField): OriginalField => (mapped ? f : only(f.name, f.meaning));
  return [
    TIMESTAMP,
    same('diskid', 'the iostat name: ada0, da0, nvd0', { convert: 'text' }),
    m(same('reads', 'reads/s, truncated to an integer')),
    m(same('rkbytes', 'KiB/s read')),
    m(same('writes', 'writes/s, truncated to an integer')),
    m(same('wkbytes', 'KiB/s written')),
    only('queue', 'the 6th iostat column: qlen on FreeBSD before 11'),
    only('service', 'the 7th iostat column: svc_t ms on FreeBSD before 11'),
    only('diskutil', 'the 8th iostat column: %b on FreeBSD before 11'),
    m(same('iops', 'reads/s + writes/s, truncated to an integer')),
    m(same('rwkbytes', 'KiB/s read and written')),
    only('size', 'always NA'),
    only('free', 'always NA'),
    only('usedpct', 'always NA'),
  ];
};

export const DISKREC_LAYOUTS: OriginalLayout[] = [
  { recorder: 'diskrec', os: 'linux', version: '1.2.3', fields: LINUX },
  { recorder: 'diskrec', os: 'freebsd', version: '1.2.0', fields: freebsd(true) },
  {
    recorder: 'diskrec', os: 'darwin', version: '1.1.3', fields: freebsd(false),
    note: "FreeBSD's script, running FreeBSD's iostat flags: only the disk's name is mapped",
  },
];
