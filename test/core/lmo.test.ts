import { loadLmo, lmoNames, validateLmo, lmoOs, LMO_OSES } from '../../src/core/lmo.js';
import { RECORDERS } from '../../src/recorders/index.js';

test('every recorder has a valid LMO file and every LMO file a recorder (sdrrec is sdr run\'s own)', () => {
  expect(lmoNames()).toEqual([...RECORDERS.keys(), 'sdrrec'].sort());
  for (const name of lmoNames()) expect(loadLmo(name).name).toBe(name);
});

test('sysrec keeps the 46 original fields in order, spelling fixed, and appends after them', () => {
  const names = loadLmo('sysrec').fields.map((f) => f.name);
  expect(names.slice(0, 14)).toEqual(['timestamp', 'cpupct', 'sumpct', 'headpct', 'userpct', 'nicepct', 'syspct',
    'idlepct', 'iowaitpct', 'irqpct', 'softirqpct', 'stealpct', 'runqsz', 'plistsz']);
  expect(names[26]).toBe('swapcached');
  expect(names.slice(27, 33)).toEqual(['reads', 'rkbytes', 'writes', 'wkbytes', 'iops', 'rwkbytes']);
  expect(names.slice(43, 46)).toEqual(['avg1', 'avg5', 'avg15']);
  expect(names.slice(46, 48)).toEqual(['memavailable', 'memavailablepct']);
  // Then the fields of sar -w, -I SUM, -q, -B, -W, pressure and -n TCP,ETCP, after all of today's.
  expect(names.slice(48)).toEqual(['guestpct', 'guestnicepct', 'cswch', 'intr', 'forks', 'blocked',
    'pgpgin', 'pgpgout', 'pgfault', 'pgmajfault', 'pswpin', 'pswpout',
    'cpusomepct', 'iosomepct', 'iofullpct', 'memsomepct', 'memfullpct', 'tcpactive', 'tcppassive', 'tcpretrans', 'tcpestab']);
});

test('the per-device recorders keep their fields in place and append iostat\'s, sar\'s and the guest shares after them', () => {
  const names = (rec: string) => loadLmo(rec).fields.map((f) => f.name);
  expect(names('cpurec').slice(11)).toEqual(['guestpct', 'guestnicepct']);
  expect(names('diskrec').slice(11)).toEqual(['mountpoint', 'avgrqsz', 'avgqusz', 'await', 'rawait', 'wawait', 'utilpct', 'discards', 'discardkbytes', 'flushes']);
  expect(names('nicrec').slice(19)).toEqual(['rxtxkbytes', 'speed', 'duplex', 'utilpct']);
});

test('validateLmo names the file and the field at fault', () => {
  const good = { name: 'x', description: 'd', rows: 'r', fields: [{ name: 'timestamp', type: 'time', unit: 's', description: 't' }] };
  expect(validateLmo(good, 'x.json').fields).toHaveLength(1);
  const badType = { ...good, fields: [...good.fields, { name: 'a', type: 'number', unit: '', description: 'a' }] };
  expect(() => validateLmo(badType, 'x.json')).toThrow('x.json: fields[1].type must be one of time, int, float, string');
  const twice = { ...good, fields: [...good.fields, good.fields[0]] };
  expect(() => validateLmo(twice, 'x.json')).toThrow("fields[1].name 'timestamp' appears twice");
});

test('every field of every LMO names its source, or "unavailable", on each OS', () => {
  for (const name of lmoNames()) {
    for (const f of loadLmo(name).fields) {
      expect({ recorder: name, field: f.name, oses: Object.keys(f.sources ?? {}) }).toEqual({ recorder: name, field: f.name, oses: [...LMO_OSES] });
    }
  }
  // Linux measures every field but xenrec's, which only a Linux dom0 has.
  expect(loadLmo('sysrec').fields.filter((f) => f.sources!.linux === 'unavailable')).toEqual([]);
  expect(loadLmo('xenrec').fields.every((f) => f.sources!.freebsd === 'unavailable')).toBe(true);
});

test('validateLmo checks sources, and accepts a field without any (older files)', () => {
  const field = { name: 'timestamp', type: 'time', unit: 's', description: 't' };
  const doc = (sources: unknown) => ({ name: 'x', description: 'd', rows: 'r', fields: [{ ...field, sources }] });
  const all = { linux: 'a', freebsd: 'b', sunos: 'unavailable', darwin: 'd' };
  expect(validateLmo(doc(all), 'x.json').fields[0].sources).toEqual(all);
  expect(validateLmo({ ...doc(all), fields: [field] }, 'x.json').fields[0].sources).toBeUndefined();
  expect(() => validateLmo(doc({ ...all, plan9: 'x' }), 'x.json')).toThrow("x.json: fields[0].sources names an unknown OS 'plan9'");
  expect(() => validateLmo(doc({ ...all, darwin: '' }), 'x.json')).toThrow('x.json: fields[0].sources.darwin must be a non-empty string: the source, or "unavailable"');
  expect(() => validateLmo(doc('linux'), 'x.json')).toThrow('x.json: fields[0].sources must be an object');
});

test('OS names as users know them', () => {
  expect(['solaris', 'illumos', 'SunOS', 'macos', 'FreeBSD', 'linux'].map(lmoOs)).toEqual(['sunos', 'sunos', 'sunos', 'darwin', 'freebsd', 'linux']);
  expect(lmoOs('plan9')).toBeUndefined();
});

test('the per-device recorders name their device field, a string field; the others name none', () => {
  const devices = Object.fromEntries(lmoNames().map((n) => [n, loadLmo(n).device]));
  expect(devices).toEqual({ cpurec: 'cpuid', diskrec: 'diskid', nicrec: 'nicid', xenrec: 'name',
    sysrec: undefined, hdwrec: undefined, sdrrec: undefined });
  const good = { name: 'x', description: 'd', rows: 'r', fields: [{ name: 'timestamp', type: 'time', unit: 's', description: 't' },
    { name: 'dev', type: 'string', unit: '', description: 'd' }, { name: 'n', type: 'int', unit: '', description: 'n' }] };
  expect(validateLmo({ ...good, device: 'dev' }, 'x.json').device).toBe('dev');
  expect(() => validateLmo({ ...good, device: 'nope' }, 'x.json')).toThrow('x.json: "device" must name one of the fields');
  expect(() => validateLmo({ ...good, device: 'n' }, 'x.json')).toThrow('x.json: "device" names \'n\', which is not a string field');
});
