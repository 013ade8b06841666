// V8 settings for sdr, set before any of its modules is loaded (bin/sdr.js and bin/sysrec.js
// import this first). They are set here at run time, not on a `#!/usr/bin/env -S node ...` line:
// BusyBox env (Alpine, the small Node images), OpenBSD and NetBSD have no -S, so such a line would
// stop sdr from starting there, and `node bin/sdr.js` (a systemd unit, say) would skip it. Only
// flags V8 consults as it runs take effect this late: heap sizes (--max-semi-space-size) do not.
//
//   --no-opt             (the recorders and run) no optimizing compiler (TurboFan). A recorder
//                        runs each function once per interval, too seldom to pay back the
//                        compiles: CPU per sample is lower without it, and RSS is some 4 MB lower
//                        (its code is never paged in).
//   --optimize-for-size  (all but report and doctor) V8's memory-saving heuristics; among them,
//                        the young generation grows less when allocation is fast (many samples
//                        back to back: 8 MB instead of 32 MB), which keeps peak RSS after 20,000
//                        rows under 60 MB.
//
//   --liftoff-only       (send and collect) WebAssembly compiled by the baseline compiler only.
//                        undici parses HTTP with llhttp built to WebAssembly; optimizing that
//                        module cost the sender some 36 MB of RSS (96 MB for 10 rows, 60 MB with
//                        this flag) and took longer than the parsing it speeds up.
//
// `npm run bench` measures them (BENCH_VARIANTS compares other choices).
import { setFlagsFromString } from 'node:v8';

// The transport moves thousands of rows a second: there the optimizing compiler pays back. report
// and doctor read days of rows once and exit: V8 as it comes (a day of cpurec on 64 CPUs is drawn
// in 3.9 s instead of 28 s under a recorder's flags).
const TRANSPORT = new Set(['send', 'collect']);
const READERS = new Set(['report', 'doctor']);
const command = process.argv.slice(2).find((a) => !a.startsWith('-'));

export const RUNTIME_V8_FLAGS = TRANSPORT.has(command) ? ['--optimize-for-size', '--liftoff-only']
  : READERS.has(command) ? []
  // The agent samples like a recorder and sends a few rows a minute: a recorder's flags, and
  // Liftoff for the sender's llhttp.
  : command === 'run' ? ['--no-opt', '--optimize-for-size', '--liftoff-only']
  : ['--no-opt', '--optimize-for-size'];

for (const flag of RUNTIME_V8_FLAGS) setFlagsFromString(flag);
