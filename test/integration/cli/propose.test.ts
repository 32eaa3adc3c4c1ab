import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProposalSet } from '../../../src/core/proposals/types.js';
import { parseStory } from '../../../src/core/story/load.js';
import { cleanEnv, ROOT, runSitrep as runInRepo } from './spawn.js';

/** `sitrep propose` through the real CLI: proposals as text and JSON, a draft as a valid story file, clear refusals. */

const STACK_FRAME = /^\s+at .+/m;

// Each run on a database of its own, never the repository's data/.
let dir: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sitrep-propose-'));
  env = cleanEnv({ DATABASE_URL: `file:${path.join(dir, 'sitrep.db')}`, BRIEFINGS_WRITEBACK: 'false' });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const runSitrep = (args: string[], options: { env?: NodeJS.ProcessEnv } = {}) =>
  runInRepo(args, { env: options.env ?? env });

describe('sitrep propose', () => {
  it('lists the follow-up article’s changes to the shipped story as JSON', async () => {
    const run = await runSitrep([
      'propose',
      'test/fixtures/articles/summit-held.txt',
      '--story',
      'kim-putin-summit',
      '--format',
      'json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const set = JSON.parse(run.stdout) as ProposalSet;
    expect(set).toMatchObject({ story: 'kim-putin-summit', draft: false });
    expect(set.proposals).toContainEqual(
      expect.objectContaining({ kind: 'status', claimId: 'kim-to-visit-russia', to: 'confirmed' }),
    );
  });

  it('prints each proposal with its sentence and why as text', async () => {
    const run = await runSitrep(['propose', 'test/fixtures/articles/summit-held.txt', '--story', 'kim-putin-summit']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('claim kim-may-travel-by-armoured-train: reported → confirmed');
    expect(run.stdout).toMatch(/sentence 3: "Kim had travelled to Russia by armoured train/);
    expect(run.stdout).toMatch(/why: the article, in its own voice states it as a past event/);
  });

  it('drafts a story that does not exist yet, as a valid story file', async () => {
    const run = await runSitrep([
      'propose',
      '../shared/story/kim-putin-article.txt',
      '--story',
      'summit-draft',
      '--format',
      'yaml',
    ]);
    expect(run.code).toBe(0);
    const parsed = parseStory(run.stdout, 'briefings/summit-draft.yaml');
    expect(parsed.ok, JSON.stringify(parsed.ok ? '' : parsed.problems)).toBe(true);
    if (parsed.ok) expect(parsed.story.claims.length).toBeGreaterThan(15);
  });

  it.each([
    [['propose', 'no/such/article.txt', '--story', 'kim-putin-summit'], /No file at no\/such\/article.txt/],
    [['propose', 'test/fixtures/articles/summit-held.txt', '--story', 'Not A Slug'], /--story must be a story id/],
  ])('%j is refused with a clear message', async (args, message) => {
    const run = await runSitrep(args);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('reads the story as the database holds it, and --save keeps the proposals for review in chat', async () => {
    // A briefings folder of its own: the story lives only in the database.
    const briefings = path.join(dir, 'briefings');
    await mkdir(briefings);
    const own = cleanEnv({ DATABASE_URL: `file:${path.join(dir, 'saved.db')}`, BRIEFINGS_DIR: briefings });
    // The database's story already has the armoured train confirmed; the file does not.
    const shipped = await readFile(path.join(ROOT, 'briefings', 'kim-putin-summit.yaml'), 'utf8');
    const edited = shipped.replace(/(- id: kim-may-travel-by-armoured-train[\s\S]*?status: )reported/, '$1confirmed');
    expect(edited).not.toBe(shipped);
    const file = path.join(dir, 'kim-putin-summit.yaml');
    await writeFile(file, edited);
    expect((await runSitrep(['import', file], { env: own })).code).toBe(0);
    const article = 'test/fixtures/articles/summit-held.txt';
    const listed = await runSitrep(['propose', article, '--story', 'kim-putin-summit'], { env: own });
    expect(listed.stdout).toContain('claim kim-to-visit-russia: reported → confirmed');
    expect(listed.stdout).not.toContain('claim kim-may-travel-by-armoured-train: reported → confirmed');

    const saved = await runSitrep(['propose', article, '--story', 'kim-putin-summit', '--save'], { env: own });
    expect(saved.code).toBe(0);
    const first = /#(\d+) {2}claim kim-to-visit-russia: reported → confirmed/.exec(saved.stdout)?.[1];
    expect(first).toBeDefined();
    const open = await runSitrep(['ask', 'proposal list', '--admin'], { env: own });
    expect(open.stdout).toContain(`#${first} claim kim-to-visit-russia: reported → confirmed`);
    const accepted = await runSitrep(['ask', `proposal accept ${first}`, '--admin'], { env: own });
    // With what it needs (the source that confirms it).
    expect(accepted.stdout).toMatch(new RegExp(`Accepted [#\\d, ]*#${first}\\b.*revision \\d+`));
    const exported = await runSitrep(['export', 'kim-putin-summit'], { env: own });
    expect(exported.stdout).toMatch(/- id: kim-to-visit-russia[\s\S]*?status: confirmed/);
  }, 60_000);
});
