#!/usr/bin/env node
// `hdwrec ...` works as `sdr hdwrec ...`, for users of the original recorders.
import './v8-flags.js'; // first, so the V8 flags hold before any of sdr is loaded
import './hold-signals.js'; // second: a signal while sdr loads waits for the command to take it
import { runRecorderAlias } from './alias.js';

await runRecorderAlias('hdwrec');
