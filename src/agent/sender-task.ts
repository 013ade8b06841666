// The sender inside `sdr run`: the feeds of `sdr send`, one per platform and recorder, sharing a
// stop request so that a reload or a stop ends them together and their positions are saved.
import type { SendConfig } from '../config/config.js';
import { Feed, type DeliveryCounters } from '../transport/feed.js';
import { runFeed } from '../transport/feed-runner.js';
import { PlatformClient } from '../transport/http-client.js';
import { Stopper } from '../transport/stopper.js';
import { feedStatuses } from '../transport/status.js';
import { dsidOf } from '../transport/identity.js';
import { wireOs } from '../transport/wire.js';
import type { SenderFigures } from './run-metrics.js';

export class SenderTask {
  private readonly stopper = new Stopper();
  private readonly clients: PlatformClient[];
  private readonly runs: Promise<boolean>[];
  readonly figures: SenderFigures;

  constructor(config: SendConfig, hostId: string, log: (message: string) => void, counters: DeliveryCounters) {
    this.clients = config.platforms.map((p) => new PlatformClient(p));
    this.runs = config.platforms.flatMap((p, i) => p.recorders.map((r) => runFeed(() => new Feed(p, r, this.clients[i], {
      logDir: config.logDir,
      hostDsid: dsidOf(hostId, p.subscription),
      os: wireOs(),
      log,
      stop: this.stopper,
      counters,
    }), `${p.name}/${r}`, this.stopper, log)));
    this.figures = {
      counters,
      pendingRows: async () => (await feedStatuses(config)).reduce((sum, s) => sum + s.pending, 0),
    };
  }

  /** Ends every feed: requests still in flight after graceMs are abandoned, positions saved. */
  async stop(graceMs = 4000): Promise<void> {
    this.stopper.stop(graceMs);
    await Promise.all(this.runs);
    await Promise.all(this.clients.map((c) => c.destroy()));
  }
}
