import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runSitrep } from './spawn.js';

/**
 * A database SQLite cannot open (a folder, an unwritable place) is named, with what to check, at
 * start and in the CLI. Tests run as any user, so the unopenable path is a folder.
 */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sitrep-dbpath-'));
  await mkdir(path.join(dir, 'sitrep.db'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a database that cannot be opened', () => {
  it.each([['ask', 'actor putin'], ['start']])(
    '%s names the file and what to check, exit 1',
    async (...args) => {
      const env = cleanEnv({ DATABASE_URL: `file:${path.join(dir, 'sitrep.db')}`, PORT: '0' });
      const run = await runSitrep(args, { env, timeoutMs: 60_000 });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`cannot open the SQLite database ${path.join(dir, 'sitrep.db')}`);
      expect(run.stderr).toMatch(/writable disk, or set DATABASE_URL/);
      expect(run.stderr).not.toMatch(/^\s+at /m);
    },
    60_000,
  );
});
