import { describe, expect, it } from 'vitest';
import { applyProposals } from '../../../src/core/proposals/apply.js';
import { firmerThan, readHedging } from '../../../src/core/proposals/hedging.js';
import { storySchema } from '../../../src/core/story/schema.js';
import { draftQuality, loadStory, SHIPPED_STORY, updateProposals } from '../../support/proposal-quality.js';

/**
 * The measured quality of the issue, as tests with its thresholds: the source article drafted as a
 * new story against the hand-made briefings/kim-putin-summit.yaml (whatever main has now), and a
 * follow-up article of our own (the events of scripts/demo-update.yaml) against the shipped story.
 */

describe('drafting the shipped story from its article', async () => {
  const q = await draftQuality();

  it('finds at least 95 % of the hand-made story’s actors', () => {
    expect(q.actors.missing).toEqual([]);
    expect(q.actors.found / q.actors.total).toBeGreaterThanOrEqual(0.95);
  });

  it('gives at least 80 % of the claims the hand-made source', () => {
    expect(q.sources.right / q.sources.total, q.sources.wrong.join('\n')).toBeGreaterThanOrEqual(0.8);
  });

  it('gives at least 80 % of the claims the hand-made hedging', () => {
    expect(q.hedging.right / q.hedging.total, q.hedging.wrong.join('\n')).toBeGreaterThanOrEqual(0.8);
  });

  it('proposes no claim more firmly than the article puts it', () => {
    expect(q.firmer).toEqual([]);
    for (const claim of q.draft.claims) {
      const { hedging } = readHedging(claim.text);
      expect(firmerThan(claim.hedging ?? 'firm', hedging), claim.text).toBe(false);
      if (claim.status === 'confirmed') expect(claim.hedging, claim.text).toBe('firm');
    }
  });

  it('drafts a valid story', () => {
    expect(storySchema.safeParse(q.draft).success).toBe(true);
    expect(q.claims.matched).toBe(q.claims.total);
  });
});

describe('the follow-up article against the shipped story', async () => {
  const set = await updateProposals();
  const statuses = set.proposals.filter((p) => p.kind === 'status');

  it('confirms the meeting (13 September 2023, Vostochny Cosmodrome) as a change to the existing claim', () => {
    const meeting = statuses.find((p) => p.claimId === 'kim-to-visit-russia');
    expect(meeting).toMatchObject({ from: 'reported', to: 'confirmed' });
    expect(meeting?.sentence).toMatch(/13 September 2023.*Vostochny Cosmodrome/);
  });

  it('confirms the armoured train as a change to the existing claim', () => {
    expect(statuses.find((p) => p.claimId === 'kim-may-travel-by-armoured-train')).toMatchObject({ to: 'confirmed' });
  });

  it('proposes no new claim for what the story already has', () => {
    const newClaims = set.proposals.filter((p) => p.kind === 'claim');
    for (const p of newClaims) expect(p.sentence).not.toMatch(/Vostochny|armoured train/);
    expect(statuses.find((p) => p.claimId === 'meeting-in-vladivostok')).toMatchObject({ to: 'outdated' });
    // No established fact is touched.
    expect(statuses.map((p) => p.claimId)).not.toContain('last-met-april-2019');
  });

  it('applied, gives a valid story', () => {
    const next = applyProposals(loadStory(SHIPPED_STORY), set.proposals);
    expect(storySchema.safeParse(next).success).toBe(true);
  });
});
