import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cleanEnv, ROOT } from './spawn.js';

/**
 * `npm run demo` is the README's one-command tour: it waits for each answer and alert by what they
 * say, so a change of wording anywhere on its path must show up here, not on a newcomer's screen.
 */
describe('npm run demo', () => {
  it('runs the whole tour to the end and leaves briefings/ untouched', { timeout: 90_000 }, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
      cwd: ROOT,
      env: cleanEnv(),
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout).toContain('Saved as revision');
    expect(stdout).toMatch(/▶ Done in [\d.]+ s; briefings\/ was not touched\./);
  });
});
