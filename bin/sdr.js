#!/usr/bin/env node
// The sdr launcher; dist/ is built by `npm ci` (the prepare script) or `npm run build`.
import './v8-flags.js'; // first, so the V8 flags hold before any of sdr is loaded
import './hold-signals.js'; // second: a signal while sdr loads waits for the command to take it
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
