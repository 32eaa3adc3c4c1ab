import { cp, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, ROOT, runSitrep } from './spawn.js';

/**
 * A checkout whose better-sqlite3 never ran its install script (npm's install-script policy, or
 * `--ignore-scripts`): the package is there, its compiled binding is not. Built as a copy of what
 * `bin/sitrep.js` runs beside a node_modules of links to ours, with better-sqlite3 copied without
 * its `build/` directory.
 */
async function checkoutWithoutBinding(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sitrep-nobinding-'));
  for (const entry of ['package.json', 'bin', 'src', 'dist']) {
    await cp(path.join(ROOT, entry), path.join(dir, entry), { recursive: true }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    });
  }
  const modules = path.join(dir, 'node_modules');
  await mkdir(modules);
  for (const name of await readdir(path.join(ROOT, 'node_modules'))) {
    if (name === 'better-sqlite3' || name.startsWith('.')) continue;
    await symlink(path.join(ROOT, 'node_modules', name), path.join(modules, name));
  }
  const sqlite = path.join(ROOT, 'node_modules', 'better-sqlite3');
  for (const entry of ['package.json', 'lib']) {
    await cp(path.join(sqlite, entry), path.join(modules, 'better-sqlite3', entry), { recursive: true });
  }
  return dir;
}

describe('SQLite native binding missing', () => {
  let checkout: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    checkout = await checkoutWithoutBinding();
    env = cleanEnv({
      DATABASE_URL: `file:${path.join(checkout, 'data', 'sitrep.db')}`,
      BRIEFINGS_DIR: path.join(ROOT, 'briefings'),
      CONFIG_DIR: path.join(ROOT, 'config'),
    });
  });
  afterAll(async () => {
    await rm(checkout, { recursive: true, force: true });
  });

  it.each([
    ['sitrep start', ['start']],
    ['sitrep ask', ['ask', 'help']],
  ])('%s names the problem and the fix, without a stack trace', { timeout: 60_000 }, async (_name, args) => {
    const result = await runSitrep(args, { env, checkout });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('native binding (better-sqlite3) is missing');
    expect(result.stderr).toContain('npm rebuild better-sqlite3');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).toBe('');
  });
});
