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
      const lines: string[] = [];
      let precision: Precision | undefined;
      let bytes = 0;
      return {
        accepts: (point) => precision === undefined || precisionOf(point.time) === precision,
        add(point) {
          precision ??= precisionOf(point.time);
          const line = write(point, precision);
          if (line === undefined) return;
          lines.push(line);
          bytes += line.length + 1;
        },
        get bytes() {
          return bytes;
        },
        async finish() {
          if (lines.length === 0) return undefined;
          // Level 1: most of what gzip gains on such text, at a fraction of the default's time.
          return { path: paths[precision!], body: await gzipped(`${lines.join('\n')}\n`, { level: 1 }) };
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
