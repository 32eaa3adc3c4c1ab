// Builds what ships: every module under src/ compiled one to one into dist/ (ES modules for
// Node 20, no bundling, so migrations and lazily imported adapters stay files of their own). Types
// are checked by `npm run typecheck`, not here: see docs/adr/0021-build.md.
import { readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** Every TypeScript source under src/: a new file is built without anyone listing it. */
function sources() {
  return readdirSync(path.join(root, 'src'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|mts|tsx)$/.test(entry.name) && !/\.d\.m?ts$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
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
      entryPoints: sources(),
      outdir: next,
      outbase: path.join(root, 'src'),
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
