/** Where a recorder's lines go. A sample's lines are handed over in one call. */
export interface Sink {
  /**
   * Lines of one sample (each ending in a newline); epochMs is the sample's time. A sink that
   * writes later returns a promise that settles once these lines are written (or failed).
   */
  write(epochMs: number, text: string): void | Promise<void>;
  /** Set once a write has failed: recording must stop, nothing written before is affected. */
  readonly failure: Error | undefined;
  /** Resolves when every line handed over is written. */
  close(): Promise<void>;
}
