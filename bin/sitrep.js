#!/usr/bin/env node
// Runs the build in dist/, which `npm install` makes (`prepare`); `npm run dev` runs the sources.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(entry)) {
  await import(entry.href);
} else {
  process.stderr.write('Sitrep is not built: run `npm run build` (or `npm install`, which builds it).\n');
  process.exitCode = 1;
}
