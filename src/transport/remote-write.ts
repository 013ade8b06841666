// Prometheus remote write 1.0: a protobuf WriteRequest, snappy-compressed (block format). Its
// three messages are encoded here by hand, which takes less code than a protobuf library:
//   WriteRequest { repeated TimeSeries timeseries = 1; }
//   TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
//   Label        { string name = 1; string value = 2; }
//   Sample       { double value = 1; int64 timestamp = 2; }   (milliseconds)
// A batch gathers the samples of each series (name and labels, sorted by name as the receivers
// want them) so that a series' labels are sent once per request, however many rows it spans.
import snappy from 'snappyjs';
import type { RecorderMapping } from '../output/metric-mapping.js';
import { inBaseUnit } from '../output/metric-mapping.js';
import type { RowPoint } from '../output/row-point.js';

export const REMOTE_WRITE_HEADERS = {
  'content-type': 'application/x-protobuf',
  'content-encoding': 'snappy',
  'x-prometheus-remote-write-version': '0.1.0',
};

function varintLength(n: number): number {
  let len = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

/** Writes a non-negative integer (up to 2^53) as a varint; returns the offset after it. */
function writeVarint(buf: Buffer, at: number, n: number): number {
  while (n >= 128) {
    buf[at++] = (n % 128) | 128;
    n = Math.floor(n / 128);
  }
  buf[at++] = n;
  return at;
}

/** Field 1 of TimeSeries, once per label: tag, length, Label. */
function encodeLabels(labels: [string, string][]): Buffer {
  const parts = labels.map(([name, value]) => {
    const n = Buffer.from(name, 'utf8');
    const v = Buffer.from(value, 'utf8');
    const inner = 1 + varintLength(n.length) + n.length + 1 + varintLength(v.length) + v.length;
    const buf = Buffer.allocUnsafe(1 + varintLength(inner) + inner);
    let at = writeVarint(buf, (buf[0] = 0x0a, 1), inner);
    buf[at++] = 0x0a;
    at = writeVarint(buf, at, n.length);
    at += n.copy(buf, at);
    buf[at++] = 0x12;
    at = writeVarint(buf, at, v.length);
    v.copy(buf, at);
    return buf;
  });
  return Buffer.concat(parts);
}

interface Series {
  labels: Buffer;
  values: number[];
  times: number[];
}

/** A sample's encoded size: tag and double, tag and varint timestamp. */
const sampleSize = (ms: number) => 9 + 1 + varintLength(ms);

export class RemoteWriteBatch {
  /** Every series in the order it came, for the request. */
  private readonly series: Series[] = [];
  /** A device's series by value column ('' for a recorder without devices): found without making a key. */
  private readonly byDevice = new Map<string, (Series | undefined)[]>();
  /** _info series by their labels. */
  private readonly infos = new Map<string, Series>();
  /** The encoded size so far, near enough to cut batches by. */
  bytes = 0;
  samples = 0;

  constructor(
    private readonly mapping: RecorderMapping,
    /** host and the extra labels, [name, value]. */
    private readonly fixed: [string, string][],
  ) {}

  add(p: RowPoint): void {
    const device = p.device ?? '';
    let row = this.byDevice.get(device);
    if (row === undefined) this.byDevice.set(device, (row = []));
    for (let i = 0; i < p.columns.length; i++) {
      const c = p.columns[i];
      let s = row[c.index];
      if (s === undefined) row[c.index] = s = this.newSeries(c.metric, p.device, p);
      this.sample(s, inBaseUnit(p.values[i], c.unit), p.ms);
    }
    if (this.mapping.info !== undefined && p.labelNames.length > 0) {
      let key = device;
      for (let i = 0; i < p.labelNames.length; i++) key += `\u0000${p.labelNames[i]}\u0000${p.labelValues[i]}`;
      let s = this.infos.get(key);
      if (s === undefined) this.infos.set(key, (s = this.newSeries(this.mapping.info.metric, p.device, p, true)));
      this.sample(s, 1, p.ms);
    }
  }

  private newSeries(metric: string, device: string | undefined, p: RowPoint, withTexts = false): Series {
    const labels: [string, string][] = [['__name__', metric], ...this.fixed];
    if (device !== undefined && this.mapping.device !== undefined) labels.push([this.mapping.device, device]);
    if (withTexts) for (let i = 0; i < p.labelNames.length; i++) labels.push([p.labelNames[i], p.labelValues[i]]);
    labels.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const s = { labels: encodeLabels(labels), values: [], times: [] };
    this.series.push(s);
    this.bytes += s.labels.length + 4;
    return s;
  }

  private sample(s: Series, value: number, ms: number): void {
    s.values.push(value);
    s.times.push(ms);
    this.bytes += 2 + sampleSize(ms);
    this.samples++;
  }

  /** The WriteRequest, uncompressed. */
  encode(): Buffer {
    const bodies = this.series.map((s) => {
      let size = s.labels.length;
      for (const t of s.times) size += 1 + 1 + sampleSize(t);
      return { s, size };
    });
    const total = bodies.reduce((sum, b) => sum + 1 + varintLength(b.size) + b.size, 0);
    const buf = Buffer.allocUnsafe(total);
    let at = 0;
    for (const { s, size } of bodies) {
      buf[at++] = 0x0a;
      at = writeVarint(buf, at, size);
      at += s.labels.copy(buf, at);
      for (let i = 0; i < s.times.length; i++) {
        buf[at++] = 0x12;
        buf[at++] = sampleSize(s.times[i]);
        buf[at++] = 0x09;
        buf.writeDoubleLE(s.values[i], at);
        at += 8;
        buf[at++] = 0x10;
        at = writeVarint(buf, at, s.times[i]);
      }
    }
    return buf;
  }

  /** The request body: the WriteRequest, snappy-compressed. */
  body(): Buffer {
    const compressed = snappy.compress(this.encode());
    return Buffer.from(compressed.buffer, compressed.byteOffset, compressed.byteLength);
  }
}
