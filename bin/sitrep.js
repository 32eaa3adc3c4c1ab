#!/usr/bin/env node
// Runs the build in dist/, which `npm install` makes (`prepare`); `npm run dev` runs the sources.
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// V8 grows the young generation to 32 MB while start-up allocates fast and then keeps it resident
// for good: an idle bot's largest single cost. It stays at its starting size (docs/adr/0024),
// unless the operator chose a size on node's command line.
if (!process.execArgv.some((flag) => flag.includes('semi-space'))) setFlagsFromString('--semi-space-growth-factor=1');

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(entry)) {
  await import(entry.href);
} else {
  process.stderr.write('Sitrep is not built: run `npm run build` (or `npm install`, which builds it).\n');
  process.exitCode = 1;
}
