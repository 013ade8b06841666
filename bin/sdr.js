#!/usr/bin/env node
// The sdr launcher; dist/ is built by `npm ci` (the prepare script) or `npm run build`.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
