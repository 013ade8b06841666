// Runs `sdr <recorder> ...` for a launcher named after the recorder, so `cpurec 60` works as
// `sdr cpurec 60` for users of the original recorders. Each launcher imports ./v8-flags.js first.
import { main } from '../dist/cli.js';

export async function runRecorderAlias(recorder) {
  process.exitCode = await main([recorder, ...process.argv.slice(2)]);
}
