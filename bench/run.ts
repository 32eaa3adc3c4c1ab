import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from '../scripts/build.mjs';
import { createReporter, type Figure, type Reporter } from './lib/report.js';

/**
 * `npm run bench` (= `node --import tsx bench/run.ts`): runs every benchmark module in bench/ and
 * prints named figures and ratios.
 *
 * A benchmark module is any `bench/*.ts` file other than this one that exports
 *
 *     export const description = 'what it measures';        // optional
 *     export async function run(report: Reporter) { … }      // report(name, value, unit, target?)
 *
 * Adding one needs no change here (e.g. `bench/slack-path.ts`). Helpers live in `bench/lib/`.
 * Modules run one at a time, in file-name order, in this process.
 *
 * Options:
 *   --only <name>   run only modules whose name contains <name> (repeatable, or comma-separated)
 *   --list          list the modules and exit
 *   --strict        exit 1 when a figure misses its target (default: report it and exit 0)
 */

export type { Reporter } from './lib/report.js';

interface BenchModule {
  name: string;
  file: string;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));

async function discover(): Promise<BenchModule[]> {
  const names = await readdir(HERE);
  return names
    .filter(
      (n) =>
        n.endsWith('.ts') && n !== 'run.ts' && !n.startsWith('_') && !n.endsWith('.d.ts') && !n.endsWith('.test.ts'),
    )
    .sort()
    .map((n) => ({ name: n.replace(/\.ts$/, ''), file: path.join(HERE, n) }));
}

function parseArgs(argv: readonly string[]): { only: string[]; list: boolean; strict: boolean } {
  const only: string[] = [];
  let list = false;
  let strict = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--only') {
      const value = argv[i + 1];
      if (value === undefined) throw new Error('--only needs a module name');
      only.push(...value.split(',').filter(Boolean));
      i += 1;
    } else if (arg.startsWith('--only=')) only.push(...arg.slice(7).split(',').filter(Boolean));
    else if (arg === '--list') list = true;
    else if (arg === '--strict') strict = true;
    else throw new Error(`unknown option ${arg} (use --only <name>, --list or --strict)`);
  }
  return { only, list, strict };
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return 2;
  }
  const all = await discover();
  if (options.list) {
    for (const m of all) process.stdout.write(`${m.name}\n`);
    return 0;
  }
  const chosen = options.only.length === 0 ? all : all.filter((m) => options.only.some((o) => m.name.includes(o)));
  if (chosen.length === 0) {
    process.stderr.write(
      `bench: no module matches ${options.only.join(', ')}; modules: ${all.map((m) => m.name).join(', ')}\n`,
    );
    return 2;
  }

  // Benches that start the bot run dist/, as `npm start` does: built from the sources measured.
  await build();
  const write = (line: string) => process.stdout.write(`${line}\n`);
  const figures: Figure[] = [];
  const report = createReporter(write, figures);
  write(`Sitrep benchmarks · node ${process.version} · ${new Date().toISOString()}`);
  let failed = 0;
  for (const bench of chosen) {
    const loaded = (await import(pathToFileURL(bench.file).href)) as {
      run?: (r: Reporter) => Promise<void>;
      description?: string;
    };
    write('');
    write(`${bench.name}${loaded.description ? ` — ${loaded.description}` : ''}`);
    if (typeof loaded.run !== 'function') {
      write('  # skipped: exports no run(report) function');
      continue;
    }
    report.setModule(bench.name);
    const started = performance.now();
    try {
      await loaded.run(report);
    } catch (error) {
      failed += 1;
      write(`  # FAILED: ${(error as Error).stack ?? String(error)}`);
    }
    write(`  # ${bench.name} took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }

  const targeted = figures.filter((f) => f.target);
  const missed = targeted.filter((f) => f.met === false);
  write('');
  write(
    `${figures.length} figures from ${chosen.length} module${chosen.length === 1 ? '' : 's'}; ` +
      `${targeted.length - missed.length}/${targeted.length} targets met` +
      (missed.length > 0 ? `; missed: ${missed.map((f) => `${f.module}:${f.name}`).join(', ')}` : ''),
  );
  if (failed > 0) return 1;
  return options.strict && missed.length > 0 ? 1 : 0;
}

process.exitCode = await main();
