// The remote write request, decoded here by a reader of the protobuf wire format written for the
// test: series with sorted labels, samples in base units at the rows' milliseconds, snappy body.
import snappy from 'snappyjs';
import { columnsOfHeader, recorderMapping } from '../../src/output/metric-mapping.js';
import { rowPoint } from '../../src/output/row-point.js';
import { RemoteWriteBatch } from '../../src/transport/remote-write.js';

/** Reads a protobuf message into [field number, value] pairs: Buffers for length-delimited, numbers otherwise. */
function fields(buf: Buffer): [number, Buffer | number][] {
  const out: [number, Buffer | number][] = [];
  let at = 0;
  const varint = () => {
    let n = 0;
    let mul = 1;
    for (;;) {
      const b = buf[at++];
      n += (b & 0x7f) * mul;
      if (b < 0x80) return n;
      mul *= 128;
    }
  };
  while (at < buf.length) {
    const key = varint();
    const wire = key & 7;
    if (wire === 2) {
      const len = varint();
      out.push([key >> 3, buf.subarray(at, at + len)]);
      at += len;
    } else if (wire === 1) {
      out.push([key >> 3, buf.readDoubleLE(at)]);
      at += 8;
    } else if (wire === 0) {
      out.push([key >> 3, varint()]);
    } else throw new Error(`wire type ${wire}`);
  }
  return out;
}

function decode(body: Buffer) {
  const raw = Buffer.from(snappy.uncompress(body));
  return fields(raw).map(([n, ts]) => {
    expect(n).toBe(1);
    const parts = fields(ts as Buffer);
    const labels = parts.filter(([f]) => f === 1).map(([, l]) => {
      const [[, name], [, value]] = fields(l as Buffer);
      return [(name as Buffer).toString(), (value as Buffer).toString()];
    });
    const samples = parts.filter(([f]) => f === 2).map(([, s]) => Object.fromEntries(fields(s as Buffer)) as { 1: number; 2: number });
    return { labels, samples: samples.map((s) => [s[1], s[2]]) };
  });
}

test('cpurec rows: one series per field and CPU, labels sorted, ratios at the rows\' milliseconds', () => {
  const m = recorderMapping('cpurec');
  const columns = columnsOfHeader(m, ['timestamp', 'cpuid', 'userpct', 'idlepct']);
  const batch = new RemoteWriteBatch(m, [['host', 'h1'], ['dc', 'eu']]);
  batch.add(rowPoint(columns, ['1700000000', 'cpu0', '12.34', '']));
  batch.add(rowPoint(columns, ['1700000000', 'cpu1', '50.00', '50.00']));
  batch.add(rowPoint(columns, ['1700000001.5', 'cpu0', '1.00', '99.00']));
  const series = decode(batch.body());
  expect(series).toEqual([
    { labels: [['__name__', 'sdr_cpurec_user_ratio'], ['cpuid', 'cpu0'], ['dc', 'eu'], ['host', 'h1']], samples: [[0.1234, 1700000000000], [0.01, 1700000001500]] },
    { labels: [['__name__', 'sdr_cpurec_user_ratio'], ['cpuid', 'cpu1'], ['dc', 'eu'], ['host', 'h1']], samples: [[0.5, 1700000000000]] },
    { labels: [['__name__', 'sdr_cpurec_idle_ratio'], ['cpuid', 'cpu1'], ['dc', 'eu'], ['host', 'h1']], samples: [[0.5, 1700000000000]] },
    { labels: [['__name__', 'sdr_cpurec_idle_ratio'], ['cpuid', 'cpu0'], ['dc', 'eu'], ['host', 'h1']], samples: [[0.99, 1700000001500]] },
  ]);
  expect(batch.samples).toBe(5);
});

test('string fields become the labels of an _info series of value 1', () => {
  const m = recorderMapping('diskrec');
  const columns = columnsOfHeader(m, ['timestamp', 'diskid', 'size', 'mountpoint']);
  const batch = new RemoteWriteBatch(m, [['host', 'h']]);
  batch.add(rowPoint(columns, ['1700000000', 'sda1', '2.00', '/home']));
  batch.add(rowPoint(columns, ['1700000000', 'sdb', '', '']));
  expect(decode(batch.body())).toEqual([
    { labels: [['__name__', 'sdr_diskrec_size_bytes'], ['diskid', 'sda1'], ['host', 'h']], samples: [[2 * 2 ** 30, 1700000000000]] },
    { labels: [['__name__', 'sdr_diskrec_info'], ['diskid', 'sda1'], ['host', 'h'], ['mountpoint', '/home']], samples: [[1, 1700000000000]] },
  ]);
});
