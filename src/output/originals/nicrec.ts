// The original nicrec's layouts: Linux 1.1.5 (20 fields), FreeBSD 1.2.0 (13, and the macOS copy of
// it, 1.1.4), Solaris 0.75 (10; its short form, -s, is not described and so not known).
import { only, same, type OriginalField, type OriginalLayout } from './layout.js';

const TIMESTAMP = same('timestamp', 'seconds since the epoch, rounded, taken for each row');
const ROUNDED = 'rounded to an integer';

const LINUX: OriginalField[] = [
  TIMESTAMP,
  same('nicid', 'the interface name', { convert: 'text' }),
  same('rxpkt', 'packets/s received'),
  same('rxkbytes', 'KiB/s received', { note: ROUNDED }),
  same('rxerr', 'receive errors/s', { note: ROUNDED }),
  same('rxdrop', 'receive drops/s', { note: ROUNDED }),
  same('rxfifo', 'receive FIFO errors/s', { note: ROUNDED }),
  same('rxframe', 'receive framing errors/s', { note: ROUNDED }),
  same('rxcompr', 'compressed packets/s received', { note: ROUNDED }),
  same('rxmulti', 'multicast packets/s received', { note: ROUNDED }),
  same('txpkt', 'packets/s sent'),
  same('txkbytes', 'KiB/s sent', { note: ROUNDED }),
  same('txerr', 'transmit errors/s', { note: ROUNDED }),
  same('txdrop', 'transmit drops/s', { note: ROUNDED }),
  same('txfifo', 'transmit FIFO errors/s', { note: ROUNDED }),
  same('txcols', 'collisions/s', { note: ROUNDED }),
  same('txcarr', 'carrier losses/s', { note: ROUNDED }),
  same('txcompr', 'compressed packets/s sent', { note: ROUNDED }),
  same('rxtxpkt', 'packets/s received and sent', { note: ROUNDED }),
  same('rxtxkbytes', 'KiB/s received and sent'),
];

// Counts per interval, not per second: no LMO rate means the same.
const PER_INTERVAL = 'per interval, not per second';
const bsd = (): OriginalField[] => [
  TIMESTAMP,
  same('nicid', 'the netstat name, the link index appended when it has no digit', { convert: 'text' }),
  only('rxpkt', `packets received, ${PER_INTERVAL}`),
  only('rxkbytes', `KiB received, ${PER_INTERVAL}`),
  only('rxerr', `receive errors, ${PER_INTERVAL}`),
  only('rxdrop', `receive drops, ${PER_INTERVAL}`),
  only('txpkt', `packets sent, ${PER_INTERVAL}`),
  only('txkbytes', `KiB sent, ${PER_INTERVAL}`),
  only('txerr', `transmit errors, ${PER_INTERVAL}`),
  only('txdrop', `output drops, ${PER_INTERVAL}`),
  only('txcol', `collisions, ${PER_INTERVAL}`),
  only('rxtxpkt', `packets received and sent, ${PER_INTERVAL}`),
  only('rxtxkbytes', `KiB received and sent, ${PER_INTERVAL}`),
];

const SOLARIS: OriginalField[] = [
  TIMESTAMP,
  { name: 'int', meaning: 'the kstat name: e1000g0', lmo: 'nicid', convert: 'text' },
  { name: 'rKB', meaning: 'KiB/s received', lmo: 'rxkbytes' },
  { name: 'wKB', meaning: 'KiB/s sent', lmo: 'txkbytes' },
  { name: 'rpk', meaning: 'packets/s received', lmo: 'rxpkt' },
  { name: 'wpk', meaning: 'packets/s sent', lmo: 'txpkt' },
  only('ravg', 'bytes per packet received'),
  only('wavg', 'bytes per packet sent'),
  only('util', '% of the link speed, capped at 100'),
  only('sat', 'saturation events/s'),
];

export const NICREC_LAYOUTS: OriginalLayout[] = [
  { recorder: 'nicrec', os: 'linux', version: '1.1.5', fields: LINUX },
  { recorder: 'nicrec', os: 'freebsd', version: '1.2.0', fields: bsd(), note: 'counts per interval, not rates: only the interface name is mapped' },
  { recorder: 'nicrec', os: 'darwin', version: '1.1.4', fields: bsd(), note: "FreeBSD's script: counts per interval, not rates; only the interface name is mapped" },
  { recorder: 'nicrec', os: 'solaris', version: '0.75', fields: SOLARIS },
];
