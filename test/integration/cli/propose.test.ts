import { describe, expect, it } from 'vitest';
import type { ProposalSet } from '../../../src/core/proposals/types.js';
import { parseStory } from '../../../src/core/story/load.js';
import { runSitrep } from './spawn.js';

/** `sitrep propose` through the real CLI: proposals as text and JSON, a draft as a valid story file, clear refusals. */

const STACK_FRAME = /^\s+at .+/m;

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
});
