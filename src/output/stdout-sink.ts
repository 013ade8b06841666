import type { Sink } from './sink.js';

/**
 * Lines to standard output. A reader that goes away (`sdr sysrec 1 | head -1`) ends the recording
 * quietly: EPIPE is how a pipeline says it has enough, not an error.
 */
export class StdoutSink implements Sink {
  failure: Error | undefined;

  constructor(private readonly onReaderGone: () => void) {
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') this.onReaderGone();
      else this.failure = err;
    });
  }

  write(_epochMs: number, text: string): void {
    process.stdout.write(text);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (process.stdout.writableLength === 0) resolve();
      else process.stdout.once('drain', () => resolve());
    });
  }
}
