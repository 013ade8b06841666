// Imported by every launcher before sdr's modules: from here on a SIGHUP or SIGTERM that comes
// while sdr is still loading waits for the command, instead of killing it (src/core/held-signals.ts).
import { holdSignals } from '../dist/core/held-signals.js';

holdSignals();
