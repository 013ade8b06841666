import { record, sampleText } from '../../src/recording/recording.js';
import { csvLines } from '../../src/output/csv.js';
import { RuntimeError } from '../../src/core/errors.js';
import type { SamplingPlan } from '../../src/core/interval.js';
import type { Recorder } from '../../src/recorders/recorder.js';
import type { Snapshot } from '../../src/platform/types.js';
import type { Sink } from '../../src/output/sink.js';

test('a sample of many rows is the same text whether formatted in one batch or several', () => {
  const rows = Array.from({ length: 700 }, (_, i) => [`dev${i}`, i / 3]);
  const format = (v: (string | number | null)[]) => [String(v[0]), (v[1] as number).toFixed(2)];
  const lines = (records: string[][]) => csvLines(records, ',');
  const text = sampleText(rows, '1795816000', format, lines);
  expect(text.split('\n')).toHaveLength(701);
  expect(text).toBe(rows.map((r) => `1795816000,${r[0]},${(r[1] as number).toFixed(2)}\n`).join(''));
  expect(sampleText([], '1', format, lines)).toBe('');
});

describe('the recording loop', () => {
  /** A recorder whose readings are numbered; its one field is the number of the later reading. */
  function run(readings: (() => { unread?: { source: string; message: string }[] })[], plan: SamplingPlan) {
    let i = 0;
    const written: string[] = [];
    const warned: string[] = [];
    const reported: string[] = [];
    const unread: number[] = [];
    const failed: string[] = [];
    const recorder: Recorder<Snapshot & { n: number }> = {
      name: 'sysrec',
      reader: () => () => ({ n: 0, monoNs: 0n, epochMs: 0 }),
      rows: (_prev, cur) => [[cur.n]],
    };
    const read = () => {
      const n = ++i;
      const extra = (readings[n - 1] ?? (() => ({})))();
      return { n, monoNs: process.hrtime.bigint(), epochMs: Date.now(), ...extra };
    };
    const sink: Sink = { write: (_t, text) => void written.push(text), failure: undefined, close: async () => {} };
    const done = record({ recorder, read, plan, sink, format: (v) => v.map(String), lines: (r) => csvLines(r, ',') }, {
      onStop: () => () => {},
      warn: (m) => warned.push(m),
      reportSource: (m) => reported.push(m),
      observer: { sampled: () => {}, failed: (m) => failed.push(m), sourcesUnread: (n) => unread.push(n) },
    });
    return { done, written, warned, reported, unread, failed };
  }
  const ok = () => ({});
  const gone = () => {
    throw new RuntimeError('cannot read /x/diskstats: no such file or directory');
  };

  test('count counts samples written: two readings that fail are skipped, reported, and not counted', async () => {
    const r = run([ok, gone, gone, ok, ok, ok], { intervalSeconds: 0.1, count: 3, timestampDecimals: 3 });
    await r.done;
    expect(r.written.map((t) => t.split(',')[1].trim())).toEqual(['4', '5', '6']);
    expect(r.warned).toEqual(['sample skipped: cannot read /x/diskstats: no such file or directory',
      'sample skipped: cannot read /x/diskstats: no such file or directory']);
    expect(r.failed).toHaveLength(2);
  });

  test('a source that fails alone is reported and counted; the sample is still written', async () => {
    const netDev = () => ({ unread: [{ source: '/x/net/dev', message: 'cannot read /x/net/dev: no such file or directory' }] });
    const r = run([netDev, netDev, ok], { intervalSeconds: 0.1, count: 2, timestampDecimals: 3 });
    await r.done;
    expect(r.written.map((t) => t.split(',')[1].trim())).toEqual(['2', '3']);
    expect(r.reported).toEqual(['cannot read /x/net/dev: no such file or directory; the fields it feeds are left empty',
      '/x/net/dev can be read again']);
    expect(r.unread).toEqual([1, 1]); // the baseline's and the first sample's
    expect(r.warned).toEqual([]);
  });

  test('a one-shot whose one sample cannot be read fails as its baseline would, not silently', async () => {
    const r = run([ok, gone], { timestampDecimals: 0 });
    await expect(r.done).rejects.toThrow('cannot read /x/diskstats: no such file or directory');
    expect(r.written).toEqual([]);
  });
});

describe('whole-second timestamps', () => {
  test('a reading in the same second as the row before is left out, counted as skipped, and the next row spans its interval', async () => {
    // Wall-clock times of the readings: the baseline, then a late tick (2.1 s) and one on time
    // (2.9 s) in the same second, then two more.
    const epochs = [1000, 2100, 2900, 3100, 4000];
    let i = 0;
    const recorder: Recorder<Snapshot & { n: number }> = {
      name: 'sysrec',
      reader: () => () => ({ n: 0, monoNs: 0n, epochMs: 0 }),
      rows: (prev, cur) => [[prev.n, cur.n]],
    };
    const read = () => ({ n: i, monoNs: process.hrtime.bigint(), epochMs: epochs[i++] });
    const written: string[] = [];
    const skipped: number[] = [];
    const sink: Sink = { write: (_t, text) => void written.push(text), failure: undefined, close: async () => {} };
    await record({ recorder, read, plan: { intervalSeconds: 0.1, count: 3, timestampDecimals: 0 }, sink, format: (v) => v.map(String), lines: (r) => csvLines(r, ',') }, {
      onStop: () => () => {},
      observer: { sampled: (_late, missed) => void skipped.push(missed), failed: () => {}, sourcesUnread: () => {} },
    });
    // timestamp, then the numbers of the two readings the row is computed from.
    expect(written.map((t) => t.trim())).toEqual(['2,0,1', '3,1,3', '4,3,4']);
    expect(skipped).toEqual([0, 1, 0]);
  });
});
