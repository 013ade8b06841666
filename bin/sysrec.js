#!/usr/bin/env node
// `sysrec 60` works as `sdr sysrec 60`, for users of the original recorders.
import './v8-flags.js'; // first, so the V8 flags hold before any of sdr is loaded
import { main } from '../dist/cli.js';

process.exitCode = await main(['sysrec', ...process.argv.slice(2)]);
