// Builds what ships into dist/: the CLI and everything it imports, bundled (ES modules for Node 20,
// split at every dynamic import, so an adapter or a command still loads only when used), and each
// store migration as a file of its own. Libraries published as hundreds of small ES modules are
// bundled in; the rest stay in node_modules. Types are checked by `npm run typecheck`, not here:
// see docs/adr/0021-build.md.
import { readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * Loading each of kysely's ~260 modules, zod's ~95 and hono's ~50 one by one was most of start-up
 * (docs/adr/0021-build.md); bundled, they are a few chunks. Everything else is left to Node: CommonJS
 * platform libraries, native drivers, and what the start-path test checks is not loaded.
 */
const BUNDLED = ['kysely', 'zod', 'hono'];

const packageOf = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/** Bare imports stay imports, except the packages above. */
const externals = {
  name: 'externals',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      BUNDLED.includes(packageOf(args.path)) ? undefined : { path: args.path, external: true },
    );
  },
};

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
 * Compiles src/ into a fresh directory, then puts it in place of dist/, so a file removed from
 * src/ (a migration above all) never lingers in what runs.
 */
export async function build() {
  const dist = path.join(root, 'dist');
  const next = path.join(root, `dist.${process.pid}.tmp`);
  rmSync(next, { recursive: true, force: true });
  try {
    await esbuild({
      absWorkingDir: root,
      entryPoints: [path.join(root, 'src', 'cli', 'main.ts'), ...migrations()],
      outdir: next,
      outbase: path.join(root, 'src'),
      bundle: true,
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      plugins: [externals, englishOnly],
      format: 'esm',
      platform: 'node',
      target: 'node20',
      tsconfig: path.join(root, 'tsconfig.json'),
      sourcemap: false,
      logLevel: 'warning',
    });
    rmSync(dist, { recursive: true, force: true });
    renameSync(next, dist);
  } finally {
    rmSync(next, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await build();
}
