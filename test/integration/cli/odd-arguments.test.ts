import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, type RunResult, runSitrep } from './spawn.js';

/** Odd arguments to the commands that open the content: one clear line, exit 1, no stack trace. */
describe('sitrep ask / preview with a briefings directory that is not there', () => {
  let dir: string;
  let ask: RunResult;
  let preview: RunResult;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sitrep-odd-'));
    const env = cleanEnv({ DATABASE_URL: `file:${path.join(dir, 'sitrep.db')}` });
    const missing = path.join(dir, 'no-such-dir');
    const file = path.join(dir, 'notes.txt');
    await writeFile(file, 'not a directory\n');
    [ask, preview] = await Promise.all([
      runSitrep(['ask', 'actors', '--briefings', missing], { env }),
      runSitrep(['preview', '--briefings', file], { env }),
    ]);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('ask names the directory and says it does not exist', () => {
    expect(ask.code).toBe(1);
    expect(ask.stdout).toBe('');
    expect(ask.stderr).toMatch(/^sitrep: briefings directory ".*no-such-dir" does not exist \(set BRIEFINGS_DIR/);
    expect(ask.stderr).not.toMatch(/ENOENT|scandir|\bat .*\.(ts|js):\d+/);
  });

  it('preview of a file given as the directory says it is not a directory', () => {
    expect(preview.code).toBe(1);
    expect(preview.stderr).toMatch(/briefings directory ".*notes\.txt" is not a directory/);
    expect(preview.stderr).not.toMatch(/ENOTDIR|scandir|\bat .*\.(ts|js):\d+/);
  });
});
