import { describe, expect, it } from 'vitest';
import type { Proposal } from '../../../src/core/proposals/types.js';
import { storeCases } from '../../support/databases.js';
import { at, useStore } from './harness.js';

const actor: Proposal = {
  id: 'p1',
  kind: 'actor',
  requires: [],
  sentence: 'Mayor Ida Berg said talks would resume.',
  index: 0,
  why: 'a person named in the article',
  actor: { id: 'ida-berg', name: 'Ida Berg', kind: 'person', aliases: [] },
};
const claim: Proposal = {
  id: 'p2',
  kind: 'claim',
  requires: ['p1'],
  sentence: 'Mayor Ida Berg said talks would resume.',
  index: 0,
  why: 'attributed to Ida Berg ("said")',
  claim: { id: 'talks-resume', text: 'Talks will resume.', about: ['ida-berg'], source: ['berg'], status: 'reported' },
};

describe.each(storeCases())('ProposalRepo ($name)', (storeCase) => {
  const t = useStore(storeCase);
  const batch = {
    story: 'harbour-strike',
    baseRevision: 7,
    address: 'https://news.example/talks',
    title: 'Talks to resume',
    draft: null,
    createdBy: 'slack:U0EDITOR',
    createdAt: at('2026-03-08T09:00:00.000Z'),
  };

  it('keeps the skeleton of a story a batch drafts', async () => {
    const draft = {
      id: 'new-story',
      title: 'New',
      summary: { headline: 'New', short: 'New' },
      sources: [],
      actors: [],
      claims: [],
      timeline: [],
    };
    const added = await t.store.proposals.addBatch({ ...batch, story: 'new-story', baseRevision: null, draft }, []);
    expect(await t.store.proposals.batch(added.batch.id)).toMatchObject({ baseRevision: null, draft });
  });

  it('keeps a batch and its proposals as proposed, open, oldest first', async () => {
    const added = await t.store.proposals.addBatch(batch, [actor, claim]);
    expect(added.batch).toEqual({ id: expect.any(Number), ...batch });
    expect(await t.store.proposals.batch(added.batch.id)).toEqual(added.batch);
    expect(added.proposals.map((p) => [p.proposal, p.status, p.story])).toEqual([
      [actor, 'open', 'harbour-strike'],
      [claim, 'open', 'harbour-strike'],
    ]);
    expect(await t.store.proposals.list({ story: 'harbour-strike', status: 'open' })).toEqual(added.proposals);
    expect(await t.store.proposals.list({ story: 'other-story' })).toEqual([]);
    expect(await t.store.proposals.list({ ids: [added.proposals[1]?.id ?? 0] })).toEqual([added.proposals[1]]);
  });

  it('decides an open proposal once: a second decision, here or on another replica, changes nothing', async () => {
    const { proposals } = await t.store.proposals.addBatch(batch, [actor, claim]);
    const ids = proposals.map((p) => p.id);
    const other = await t.another();
    const decidedAt = at('2026-03-08T09:05:00.000Z');
    const [first, second] = await Promise.all([
      t.store.proposals.decide(ids, { status: 'accepted', by: 'slack:U0EDITOR', at: decidedAt, revisionId: 8 }),
      other.proposals.decide(ids, { status: 'rejected', by: 'slack:U0OTHER', at: decidedAt }),
    ]);
    expect([...(first ?? []), ...(second ?? [])].sort((a, b) => a - b)).toEqual(ids);
    const after = await t.store.proposals.list({ batch: proposals[0]?.batch ?? 0 });
    expect(new Set(after.map((p) => p.status)).size).toBeLessThanOrEqual(2);
    expect(after).toHaveLength(ids.length);
    expect(after.every((p) => p.status !== 'open' && p.decidedAt?.getTime() === decidedAt.getTime())).toBe(true);
    expect(await t.store.proposals.decide(ids, { status: 'rejected', by: 'x', at: decidedAt })).toEqual([]);
    // Whichever replica won each proposal, it is decided as that replica said, wholly: the ids each
    // call returned are the ones that carry its status, decider and revision.
    const byId = new Map(after.map((p) => [p.id, p]));
    for (const id of first ?? [])
      expect(byId.get(id)).toMatchObject({ status: 'accepted', revisionId: 8, decidedBy: 'slack:U0EDITOR' });
    for (const id of second ?? [])
      expect(byId.get(id)).toMatchObject({ status: 'rejected', decidedBy: 'slack:U0OTHER' });
  });
});
