// Builds what ships into dist/: the CLI and everything it imports, bundled (ES modules for Node 20,
// split at every dynamic import, so an adapter or a command still loads only when used), and each
// store migration as a file of its own. Libraries are bundled in, except native addons and those
// only other work loads; `dist/packages.json` says which packages each file holds. Types are
// checked by `npm run typecheck`, not here: see docs/adr/0021-build.md.
import { readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * Packages left to Node, loaded from node_modules/ at run time. Every other package is bundled:
 * Bolt and discord.js arrive as some 1,200 small CommonJS modules, and resolving, reading and
 * wrapping each of them one by one was the largest part of start-up (docs/adr/0021-build.md).
 * Left out: native addons (and the optional native helpers libraries try to load), and the
 * libraries loaded only for other work, so the start-path test can see from the module list that
 * a serving bot never loads them.
 */
const EXTERNAL = new Set([
  // Native addons and optional native helpers.
  'better-sqlite3',
  'bufferutil',
  'utf-8-validate',
  'zlib-sync',
  'pg-native',
  'fsevents',
  // Loaded only by other configurations or commands (ADR 0023).
  'pg',
  'prom-client',
  'yaml',
  'wink-nlp',
  'wink-eng-lite-web-model',
  '@mozilla/readability',
  'linkedom',
  '@hono/node-server',
]);

const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** Bare imports of the packages above stay imports; the rest is bundled. */
const externals = {
  name: 'externals',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      EXTERNAL.has(packageOf(args.path)) ? { path: args.path, external: true } : undefined,
    );
  },
};

/**
 * Bundled CommonJS code still calls `require` for Node's built-in modules and for the externals
 * above; an ES module has none, so each output file makes its own.
 */
const REQUIRE_BANNER =
  "import { createRequire as __sitrepCreateRequire } from 'node:module';\n" +
  'const require = __sitrepCreateRequire(import.meta.url);';

/**
 * zod names every one of its ~50 message locales in its namespace object (`z.locales`), so a bundle
 * keeps them all (360 KB parsed at every start) though only English is ever used: the index of
 * locales is English alone here.
 */
const englishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: path.join(root, 'node_modules', 'zod', 'v4', 'locales'),
    }));
  },
};

const MIGRATIONS = path.join(root, 'src', 'store', 'migrations');

/** The store migrations: read from their folder at run time, so each is an entry of its own. */
function migrations() {
  return readdirSync(MIGRATIONS)
    .filter((name) => /^\d{3,}_[\w-]+\.ts$/.test(name))
    .map((name) => path.join(MIGRATIONS, name));
}

/**
 * Which packages each output file holds, by its path under dist/: what a module list of a running
 * bot means in packages (the start-path test reads it), and what an audit of dist/ needs to know.
 */
function bundledPackages(metafile, outdir) {
  const held = {};
  for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
    const packages = new Set();
    for (const input of Object.keys(inputs)) {
      const found = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (found) packages.add(found[1]);
    }
    if (packages.size > 0) held[path.relative(outdir, path.resolve(root, output))] = [...packages].sort();
  }
  return held;
}

/**
 * Compiles src/ into a fresh directory, then puts it in place of dist/, so a file removed from
 * src/ (a migration above all) never lingers in what runs.
 */
export async function build() {
  const dist = path.join(root, 'dist');
  const next = path.join(root, `dist.${process.pid}.tmp`);
  rmSync(next, { recursive: true, force: true });
  try {
    const result = await esbuild({
      absWorkingDir: root,
      entryPoints: [path.join(root, 'src', 'cli', 'main.ts'), ...migrations()],
      outdir: next,
      outbase: path.join(root, 'src'),
      bundle: true,
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      plugins: [externals, englishOnly],
      banner: { js: REQUIRE_BANNER },
      format: 'esm',
      platform: 'node',
      target: 'node20',
      tsconfig: path.join(root, 'tsconfig.json'),
      sourcemap: false,
      logLevel: 'warning',
      metafile: true,
    });
    writeFileSync(
      path.join(next, 'packages.json'),
      `${JSON.stringify(bundledPackages(result.metafile, next), null, 1)}\n`,
    );
    rmSync(dist, { recursive: true, force: true });
    renameSync(next, dist);
  } finally {
    rmSync(next, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await build();
}
