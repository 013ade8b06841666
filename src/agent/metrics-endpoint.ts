// GET /metrics of `sdr run`: what the recorders last wrote, from memory. A scrape never takes a
// sample and never waits for one; the text is made once per change of the latest rows (and per
// format), gzipped when the scraper accepts it, and served as it is to every scrape until then.
// While it is scraped, each recorder's text is made right after its rows change rather than by the
// next scrape: 200 disks and 200 interfaces take some 10 ms to write out, which a scrape would
// otherwise wait for, behind the sample being written.
import { createServer, type Server } from 'node:http';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { hostname } from 'node:os';
import { RuntimeError } from '../core/errors.js';
import type { ListenAddress } from '../config/schema.js';
import type { RunMetrics } from './run-metrics.js';
import { CONTENT_TYPES, expositionOf, fixedLabels, recorderText, type Exposition } from './metrics-text.js';

const gzipped = promisify(gzip);

/** How long after a scrape the text goes on being made ahead: a scraper that stopped costs nothing. */
const AHEAD_MS = 5 * 60_000;

interface Rendered {
  version: number;
  text: Buffer;
  gzip?: Promise<Buffer>;
}

/** "127.0.0.1:9464", "[::1]:9464". */
export const addressText = (a: ListenAddress) => (a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`);

export class MetricsEndpoint {
  private server: Server | undefined;
  private readonly cache = new Map<Exposition, Rendered>();
  private readonly labels: [string, string][] = [['host', hostname()]];

  /** The formats scraped lately, and when last. */
  private readonly asked = new Map<Exposition, number>();
  /** The rows changed and their text will be made once the sample that changed them is done. */
  private ahead: NodeJS.Immediate | undefined;
  private readonly onLatest = () => this.changed();

  constructor(private readonly metrics: RunMetrics) {}

  /**
   * After a change of the rows, while scraped: each recorder's text made again, off the path of a
   * scrape. Two turns of the event loop later, so that a scrape which came during the sample is
   * answered first, with the text as it was a few milliseconds ago.
   */
  private changed(): void {
    if (this.ahead !== undefined || this.asked.size === 0) return;
    this.ahead = setImmediate(() => {
      this.ahead = setImmediate(() => {
        this.ahead = undefined;
        const now = Date.now();
        for (const [format, at] of this.asked) {
          if (now - at > AHEAD_MS) this.asked.delete(format);
          else this.freshParts(format);
        }
      });
    });
  }

  /** Each recorder's text by format, made again only when its rows changed. */
  private readonly parts = new Map<string, { version: number; text: string }>();

  /** The texts of the recorders running now, in name order, each made again if its rows changed. */
  private freshParts(format: Exposition): string[] {
    const fixed = fixedLabels(this.labels);
    const texts: string[] = [];
    for (const recorder of [...this.metrics.latest.keys()].sort()) {
      const latest = this.metrics.latest.get(recorder)!;
      const key = `${format}\u0000${recorder}`;
      let part = this.parts.get(key);
      if (part === undefined || part.version !== latest.version) {
        part = { version: latest.version ?? 0, text: recorderText(recorder, latest, fixed, format) };
        this.parts.set(key, part);
      }
      texts.push(part.text);
    }
    for (const key of this.parts.keys()) if (!this.metrics.latest.has(key.split('\u0000')[1])) this.parts.delete(key);
    return texts;
  }

  private rendered(format: Exposition, gzip: boolean): Buffer | Promise<Buffer> {
    this.asked.set(format, Date.now());
    let r = this.cache.get(format);
    // While the text waits to be made ahead, the one made before the latest change is served.
    if (r === undefined || (r.version !== this.metrics.version && this.ahead === undefined)) {
      const texts = this.freshParts(format);
      if (format === 'openmetrics') texts.push('# EOF\n');
      r = { version: this.metrics.version, text: Buffer.from(texts.join('')) };
      this.cache.set(format, r);
    }
    if (!gzip) return r.text;
    // Level 1, off the event loop: a scrape's text shrinks as much as it needs, and no recorder waits.
    r.gzip ??= gzipped(r.text, { level: 1 });
    return r.gzip;
  }

  /**
   * Listens; the RuntimeError names the config's path to the address and what is wrong with it
   * (taken by another process, not an address of this host).
   */
  async listen(address: ListenAddress, where: string): Promise<ListenAddress> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('sdr serves /metrics\n');
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      const format = expositionOf(req.headers.accept);
      const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      void Promise.resolve(this.rendered(format, gzip)).then((body) => {
        res.writeHead(200, { 'content-type': CONTENT_TYPES[format], 'content-length': body.length, ...(gzip ? { 'content-encoding': 'gzip' } : {}), vary: 'Accept, Accept-Encoding' });
        res.end(req.method === 'HEAD' ? undefined : body);
      }, (err: Error) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`${err.message}\n`);
      });
    });
    server.keepAliveTimeout = 65_000;
    this.metrics.onLatest = this.onLatest;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        const why = err.code === 'EADDRINUSE' ? 'is taken: another process listens there'
          : err.code === 'EADDRNOTAVAIL' ? 'is not an address of this host'
            : err.code === 'EACCES' ? 'may not be listened on by this user (a port below 1024?)'
              : `cannot be listened on: ${err.message}`;
        reject(new RuntimeError(`${where}: ${addressText(address)} ${why}`));
      });
      server.listen(address.port, address.host, () => resolve());
    });
    this.server = server;
    const bound = server.address() as { port: number };
    return { host: address.host, port: bound.port };
  }

  close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    // Another endpoint (after a reload) may be told now.
    if (this.metrics.onLatest === this.onLatest) this.metrics.onLatest = undefined;
    if (this.ahead !== undefined) clearImmediate(this.ahead);
    this.ahead = undefined;
    if (server === undefined) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

/** Whether the address can be listened on now (for --check): the fault, or undefined. */
export async function checkListen(address: ListenAddress, where: string): Promise<string | undefined> {
  const endpoint = new MetricsEndpoint({ latest: new Map(), version: 0 } as unknown as RunMetrics);
  try {
    await endpoint.listen(address, where);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await endpoint.close();
  }
}
