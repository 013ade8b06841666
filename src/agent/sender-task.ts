// The sender inside `sdr run`: the feeds of `sdr send`, one per platform and recorder, sharing a
// stop request so that a reload or a stop ends them together and their positions are saved.
import type { SendConfig } from '../config/config.js';
import type { DeliveryCounters } from '../transport/feed-base.js';
import type { HttpClient } from '../transport/http-client.js';
import { startFeeds } from '../transport/feeds.js';
import { Stopper } from '../transport/stopper.js';
import { feedStatuses } from '../transport/status.js';
import { wireOs } from '../transport/wire.js';
import type { SenderFigures } from './run-metrics.js';

export class SenderTask {
  private readonly stopper = new Stopper();
  private readonly clients: HttpClient[];
  private readonly runs: Promise<boolean>[];
  readonly figures: SenderFigures;

  constructor(config: SendConfig, hostId: () => string, log: (message: string) => void, counters: DeliveryCounters) {
    ({ runs: this.runs, clients: this.clients } = startFeeds(config.platforms, {
      logDir: config.logDir, hostId, os: wireOs(), log, stop: this.stopper, counters,
    }));
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
