// The original xenrec's layout: Linux 1.1.3 (20 fields), from the second iteration of
// xentop -b -d1 -i2; the other systems had none.
import { same, type OriginalLayout } from './layout.js';

export const XENREC_LAYOUTS: OriginalLayout[] = [{
  recorder: 'xenrec', os: 'linux', version: '1.1.3',
  fields: [
    same('timestamp', 'seconds since the epoch, rounded, taken before xentop sampled'),
    same('name', 'the domain name cut to 10 characters, Domain-0 as dom0', { convert: 'xen-name', note: 'cut to 10 characters' }),
    same('state', 'the state letters set (b, d, s, c, p, r), NA for none', { convert: 'text' }),
    same('cputime', 's of CPU since the domain started'),
    same('cpupct', '% CPU over xentop\'s 1 s'),
    same('mem', 'KiB now'),
    same('mempct', '% of the host\'s memory'),
    same('maxmem', 'KiB at most, NA for no limit'),
    same('maxmempct', '% of the host\'s memory, NA for no limit'),
    { name: 'vpus', meaning: 'virtual CPUs', lmo: 'vcpus' },
    same('nets', 'virtual NICs'),
    same('nettx', 'KiB sent since the domain started'),
    same('netrx', 'KiB received since the domain started'),
    same('vbds', 'virtual block devices'),
    same('vbdoo', 'out-of-request events since the start'),
    same('vbdrd', 'read requests since the start'),
    same('vbdwr', 'write requests since the start'),
    same('vbdrsect', 'sectors read since the start'),
    same('vbdwsect', 'sectors written since the start'),
    same('ssid', 'the security id'),
  ],
}];
