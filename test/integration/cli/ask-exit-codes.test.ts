import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, ROOT, runSitrep } from './spawn.js';

/**
 * A script running `sitrep ask` learns from the exit code whether the command was done, and reads
 * the answer on stdout either way.
 */

let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sitrep-ask-exit-'));
  // A copy: an applied `set` writes the story file back.
  await cp(path.join(ROOT, 'briefings'), path.join(dir, 'briefings'), { recursive: true });
  env = cleanEnv({
    DATABASE_URL: `file:${path.join(dir, 'sitrep.db')}`,
    BRIEFINGS_DIR: path.join(dir, 'briefings'),
    CONFIG_DIR: path.join(ROOT, 'config'),
  });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sitrep ask exit codes', { timeout: 60_000 }, () => {
  it.each([
    [
      'a refused edit',
      ['set kim-to-visit-russia status=confirmed'],
      "Only the editors and admins named in the bot's configuration (config/sitrep.yaml, or ADMINS) can use /sitrep set. Platform roles do not grant edits.",
    ],
    [
      'an edit that is not applied',
      ['set kim-to-visit-russia status=bogus', '--admin'],
      'Not changed: status must be one of reported, confirmed, disputed, denied, retracted, outdated, not "bogus".',
    ],
    ['an unknown command', ['frobnicate'], 'Unknown command "frobnicate". Try /sitrep help.'],
    [
      'a claim id that does not exist',
      ['claim nope-nope'],
      'No claim with id "nope-nope". Try /sitrep claims for the list.',
    ],
    [
      'a held change that does not exist',
      ['confirm 999', '--admin'],
      'There is no held change 999 (it may have been decided already).',
    ],
    [
      'a proposal that does not exist',
      ['proposal reject 999', '--admin'],
      'There is no proposal #999. "/sitrep proposal list" shows the open ones.',
    ],
  ])('exits 1 for %s, with the answer on stdout', async (_case, args, answer) => {
    const result = await runSitrep(['ask', ...args], { env });
    expect(result.stdout).toBe(`${answer}\n`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
  });

  it('exits 0 when the command was done', async () => {
    const asked = await runSitrep(['ask', 'actor putin'], { env });
    expect(asked.stdout).toContain('== Vladimir Putin ==');
    expect(asked.code).toBe(0);
    const set = await runSitrep(['ask', 'set kim-to-visit-russia status=confirmed', '--admin'], { env });
    expect(set.stdout).toContain('Status: 🟡 reported → 🟢 confirmed');
    expect(set.code).toBe(0);
  });
});
