// Sources that cannot be read, told without flooding a long run: when a source starts failing,
// again at most once a minute while it keeps failing, and once when it can be read again.
import type { SourceFailure } from '../platform/types.js';

/** A source still failing is reported again after this long. */
export const REPORT_AGAIN_MS = 60_000;

interface Failing {
  sinceMs: number;
  reportedMs: number;
}

export class SourceReports {
  private readonly failing = new Map<string, Failing>();

  constructor(
    private readonly report: (message: string) => void,
    /** performance.now() but in tests. */
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** The failures of one reading; undefined when every source could be read. */
  update(failures: readonly SourceFailure[] | undefined): void {
    if (failures === undefined && this.failing.size === 0) return;
    const now = this.nowMs();
    for (const f of failures ?? []) {
      const state = this.failing.get(f.source);
      if (state === undefined) {
        this.failing.set(f.source, { sinceMs: now, reportedMs: now });
        this.report(`${f.message}; the fields it feeds are left empty`);
      } else if (now - state.reportedMs >= REPORT_AGAIN_MS) {
        state.reportedMs = now;
        const minutes = Math.round((now - state.sinceMs) / 60_000);
        this.report(`${f.message}, for ${minutes} min now; the fields it feeds are left empty`);
      }
    }
    // Each source fails at most once per reading: more failing than failed means some came back.
    if (this.failing.size > (failures?.length ?? 0)) {
      for (const source of this.failing.keys()) {
        if (failures?.some((f) => f.source === source)) continue;
        this.failing.delete(source);
        this.report(`${source} can be read again`);
      }
    }
  }
}
