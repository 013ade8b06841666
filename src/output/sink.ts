/** Where a recorder's lines go. A sample's lines are handed over in one call. */
export interface Sink {
  /** Lines of one sample (each ending in a newline); epochMs is the sample's time. */
  write(epochMs: number, text: string): void;
  /** Set once a write has failed: recording must stop, nothing written before is affected. */
  readonly failure: Error | undefined;
  /** Resolves when every line handed over is written. */
  close(): Promise<void>;
}
