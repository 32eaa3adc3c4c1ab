import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BROKEN_DIR, openTestCore, SHELL_CALLER, type TestCore } from './helpers.js';

/**
 * With no story served, lookups answered as if they had looked: `actor putin` said "No actor
 * matches "putin"". Every lookup now says that no story is loaded, and why when the files are at fault.
 */

const LOOKUPS = [
  'actor putin',
  'source kremlin',
  'claims putin',
  'claims',
  'claim kim-to-visit-russia',
  'search summit',
  'sources',
  'brief',
  'track actor putin',
  'set kim-to-visit-russia status=confirmed',
];

/** The person at the terminal, who may run every command (`track` and `set` included). */
const OPERATOR = { ...SHELL_CALLER, operator: true };

let core: TestCore | undefined;
afterEach(async () => {
  await core?.dispose();
  core = undefined;
});

describe('lookups when no story is loaded', () => {
  it.each(LOOKUPS)('only invalid story files: "%s" says the files have problems', async (line) => {
    core = await openTestCore([path.join(BROKEN_DIR, 'bad-enum.yaml'), path.join(BROKEN_DIR, 'yaml-syntax.yaml')]);
    expect((await core.handle(line, OPERATOR)).text).toBe(
      'No story is loaded: the story files have problems (an admin can list them with `sitrep validate`).',
    );
  });

  it.each(LOOKUPS)('no story files at all: "%s" says none is loaded yet', async (line) => {
    core = await openTestCore([]);
    expect((await core.handle(line, OPERATOR)).text).toBe(
      'No story is loaded yet. An admin can add one under briefings/.',
    );
  });
});
