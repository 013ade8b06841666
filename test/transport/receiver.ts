// A stand-in platform for sender tests: a bounded HTTP server on 127.0.0.1 that records every
// body it acknowledges and can be told to fail.
import { createServer, type Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseBody } from '../../src/transport/wire.js';

export interface Received {
  token: string | undefined;
  body: string;
}

export class Receiver {
  readonly bodies: Received[] = [];
  /** The place each stored body named (X-Sdr-File, X-Sdr-Row), in the same order. */
  readonly places: [string | undefined, string | undefined][] = [];
  /** Decides the answer to a body; 200 when it returns undefined. */
  answer: (body: string, n: number) => { status: number; text?: string; headers?: Record<string, string> } | undefined = () => undefined;
  private server: Server | undefined;
  private count = 0;
  port = 0;

  async start(port = 0): Promise<number> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const a = this.answer(body, this.count++);
        if (a === undefined) {
          this.bodies.push({ token: req.headers.token as string | undefined, body });
          this.places.push([req.headers['x-sdr-file'] as string | undefined, req.headers['x-sdr-row'] as string | undefined]);
        }
        res.writeHead(a?.status ?? 200, a?.headers ?? {});
        res.end(a?.text ?? 'ok');
      });
    });
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((r) => this.server!.listen(port, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
    this.server = undefined;
  }

  /** The rows received, as the fields of each message, in arrival order. */
  rows(): string[][] {
    return this.bodies.map((b) => parseBody(b.body).fields);
  }
}
