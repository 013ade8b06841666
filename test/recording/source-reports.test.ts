import { SourceReports, REPORT_AGAIN_MS } from '../../src/recording/source-reports.js';

const NET_DEV = { source: '/host/proc/net/dev', message: 'cannot read /host/proc/net/dev: no such file or directory' };
const STAT = { source: '/host/proc/stat', message: 'cannot read /host/proc/stat: permission denied' };

test('a source is reported when it starts failing, at most once a minute while it lasts, and when it comes back', () => {
  let now = 0;
  const told: string[] = [];
  const reports = new SourceReports((m) => told.push(m), () => now);
  const at = (ms: number, failures?: { source: string; message: string }[]) => {
    now = ms;
    reports.update(failures);
  };
  at(0, [NET_DEV]);
  at(1_000, [NET_DEV]);
  at(REPORT_AGAIN_MS - 1, [NET_DEV]);
  expect(told).toEqual([`${NET_DEV.message}; the fields it feeds are left empty`]);
  at(REPORT_AGAIN_MS + 500, [NET_DEV, STAT]); // a minute on: again; stat is new
  at(REPORT_AGAIN_MS + 1_000, [NET_DEV, STAT]);
  at(2 * REPORT_AGAIN_MS + 500, [NET_DEV]); // stat is back, net/dev told for the third time
  at(2 * REPORT_AGAIN_MS + 600);
  at(2 * REPORT_AGAIN_MS + 700);
  at(2 * REPORT_AGAIN_MS + 800, [NET_DEV]); // failing again: a new start
  expect(told).toEqual([
    `${NET_DEV.message}; the fields it feeds are left empty`,
    `${NET_DEV.message}, for 1 min now; the fields it feeds are left empty`,
    `${STAT.message}; the fields it feeds are left empty`,
    `${NET_DEV.message}, for 2 min now; the fields it feeds are left empty`,
    '/host/proc/stat can be read again',
    '/host/proc/net/dev can be read again',
    `${NET_DEV.message}; the fields it feeds are left empty`,
  ]);
});
