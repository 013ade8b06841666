#!/usr/bin/env node
// `sysrec ...` works as `sdr sysrec ...`, for users of the original recorders.
import './v8-flags.js'; // first, so the V8 flags hold before any of sdr is loaded
import { runRecorderAlias } from './alias.js';

await runRecorderAlias('sysrec');
