import { resolveLogDir } from '../../src/output/log-dir.js';

test('--log-dir, then $SDR_LOG_DIR, then /var/lib/sdr/log for root, then the XDG data dir', () => {
  expect(resolveLogDir('/x', { SDR_LOG_DIR: '/y' }, 0)).toBe('/x');
  expect(resolveLogDir(undefined, { SDR_LOG_DIR: '/y' }, 0)).toBe('/y');
  expect(resolveLogDir(undefined, {}, 0)).toBe('/var/lib/sdr/log');
  expect(resolveLogDir(undefined, { XDG_DATA_HOME: '/d', HOME: '/h' }, 1000)).toBe('/d/sdr/log');
  expect(resolveLogDir(undefined, { HOME: '/h' }, 1000)).toBe('/h/.local/share/sdr/log');
});
