// How an engine platform's batches are written and where they go: line protocol, gzipped, to
// /write (InfluxDB 1.x, VictoriaMetrics) or /api/v2/write (InfluxDB 2.x, 3.x); remote write,
// snappy-compressed protobuf, to the URL the config names.
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { EnginePlatform } from '../config/platforms.js';
import type { RecorderMapping } from '../output/metric-mapping.js';
import type { RowPoint } from '../output/row-point.js';
import { lineWriter, precisionOf, type Precision } from './line-protocol.js';
import { REMOTE_WRITE_HEADERS, RemoteWriteBatch } from './remote-write.js';

const gzipped = promisify(gzip);

/** A batch's body is cut near 1 MiB: room for that and a line more. */
const BATCH_BYTES_HINT = 1024 * 1024 + 64 * 1024;

/** The points of one request, gathered one by one. */
export interface Encoder {
  /** False when the point cannot share this request (line protocol: another precision). */
  accepts(p: RowPoint): boolean;
  add(p: RowPoint): void;
  /** The encoded size so far, to cut batches by. */
  readonly bytes: number;
  /** The request: undefined when the points hold nothing to send (rows of empty fields). */
  finish(): Promise<{ path: string; body: Buffer } | undefined>;
}

export interface EngineFormat {
  /** Headers of every request of this format. */
  headers: Record<string, string>;
  encoder(): Encoder;
}

/** The path of the request, the URL's own path first ("/insert/0/influx" of a vminsert). */
function influxPath(p: EnginePlatform, precision: Precision): string {
  const u = new URL(p.url);
  const base = u.pathname.replace(/\/+$/, '');
  const influx = p.influx!;
  const q = new URLSearchParams();
  if (influx.api === 'v1') {
    q.set('db', influx.database!);
    if (influx.retentionPolicy !== undefined) q.set('rp', influx.retentionPolicy);
    q.set('precision', precision);
    return `${base}/write?${q}`;
  }
  q.set('org', influx.org!);
  q.set('bucket', influx.bucket!);
  q.set('precision', precision);
  return `${base}/api/v2/write?${q}`;
}

function lineProtocol(p: EnginePlatform, mapping: RecorderMapping): EngineFormat {
  const write = lineWriter(mapping.recorder, { fixed: p.tags, device: mapping.device });
  const paths = { s: influxPath(p, 's'), ms: influxPath(p, 'ms') };
  return {
    headers: { 'content-type': 'text/plain; charset=utf-8', 'content-encoding': 'gzip' },
    encoder() {
      // Each line goes into the body as it is made: a batch of lines kept as strings would outlive
      // the young generation and cost the collector more than the encoding itself.
      let body = Buffer.allocUnsafe(BATCH_BYTES_HINT);
      let bytes = 0;
      let precision: Precision | undefined;
      return {
        accepts: (point) => precision === undefined || precisionOf(point.time) === precision,
        add(point) {
          precision ??= precisionOf(point.time);
          const line = write(point, precision);
          if (line === undefined) return;
          const need = bytes + Buffer.byteLength(line) + 1;
          if (need > body.length) {
            const grown = Buffer.allocUnsafe(Math.max(need, body.length * 2));
            body.copy(grown, 0, 0, bytes);
            body = grown;
          }
          bytes += body.write(line, bytes);
          body[bytes++] = 0x0a;
        },
        get bytes() {
          return bytes;
        },
        async finish() {
          if (bytes === 0) return undefined;
          // Level 1: most of what gzip gains on such text, at a fraction of the default's time.
          return { path: paths[precision!], body: await gzipped(body.subarray(0, bytes), { level: 1 }) };
        },
      };
    },
  };
}

function remoteWrite(p: EnginePlatform, mapping: RecorderMapping): EngineFormat {
  const u = new URL(p.url);
  const path = `${u.pathname}${u.search}`;
  return {
    headers: REMOTE_WRITE_HEADERS,
    encoder() {
      const batch = new RemoteWriteBatch(mapping, p.tags);
      return {
        accepts: () => true,
        add: (point) => batch.add(point),
        get bytes() {
          return batch.bytes;
        },
        finish: async () => (batch.samples === 0 ? undefined : { path, body: batch.body() }),
      };
    },
  };
}

export function engineFormat(p: EnginePlatform, mapping: RecorderMapping): EngineFormat {
  return p.type === 'influx' ? lineProtocol(p, mapping) : remoteWrite(p, mapping);
}
