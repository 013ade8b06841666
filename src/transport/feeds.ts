// The client and the feed of a platform, by its type: the Kronometrix wire format one row a
// request, the engines (influx, remote-write) in batches. `sdr send` and `sdr run` make them here.
import type { PlatformConfig } from '../config/platforms.js';
import { HttpClient, PlatformClient, SDR_USER_AGENT } from './http-client.js';
import { Feed } from './feed.js';
import { EngineFeed } from './engine-feed.js';
import type { DeliveryCounters, FeedBase, FeedContext } from './feed-base.js';
import { runFeed } from './feed-runner.js';
import type { Stopper } from './stopper.js';
import { dsidOf } from './identity.js';

/** One pool per platform: the engines keep one request in flight per recorder, the wire format 64. */
export function clientOf(p: PlatformConfig): HttpClient {
  return p.type === 'kronometrix' ? new PlatformClient(p) : new HttpClient(p, { ...p.headers, 'user-agent': SDR_USER_AGENT }, Math.max(2, p.recorders.length));
}

export function feedOf(p: PlatformConfig, recorder: string, client: HttpClient, ctx: FeedContext): FeedBase {
  return p.type === 'kronometrix' ? new Feed(p, recorder, client as PlatformClient, ctx) : new EngineFeed(p, recorder, client, ctx);
}

export interface FeedsOptions {
  logDir: string;
  /** The machine id, asked only when a Kronometrix platform needs it (the dsid). */
  hostId: () => string;
  os: string;
  log: (message: string) => void;
  stop: Stopper;
  maxAttempts?: number;
  counters?: DeliveryCounters;
  once?: boolean;
}

/** Every platform's feeds, one per recorder, started; each run resolves true when nothing is left. */
export function startFeeds(platforms: PlatformConfig[], o: FeedsOptions): { runs: Promise<boolean>[]; clients: HttpClient[] } {
  const clients = platforms.map(clientOf);
  const runs = platforms.flatMap((p, i) => p.recorders.map((r) => runFeed(() => feedOf(p, r, clients[i], {
    logDir: o.logDir,
    hostDsid: p.type === 'kronometrix' ? dsidOf(o.hostId(), p.subscription) : '',
    os: o.os,
    maxAttempts: o.maxAttempts,
    log: o.log,
    stop: o.stop,
    counters: o.counters,
  }), `${p.name}/${r}`, o.stop, o.log, o.once)));
  return { runs, clients };
}
