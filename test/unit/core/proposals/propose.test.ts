import { describe, expect, it } from 'vitest';
import { applyProposals, withRequirements } from '../../../../src/core/proposals/apply.js';
import { proposeChanges } from '../../../../src/core/proposals/propose.js';
import type { Proposal } from '../../../../src/core/proposals/types.js';
import { storySchema } from '../../../../src/core/story/schema.js';
import { article } from './helpers.js';

/** A story far from the shipped one, so the rules are seen to be general: a port strike. */
const STORY = storySchema.parse({
  id: 'port-strike',
  title: 'Strike at the Port of Rotterdam',
  asOf: '2024-03-04',
  summary: { headline: 'Dockers may strike.', short: 'Dockers may strike this month.' },
  sources: [
    { id: 'union', name: 'FNV Havens union', kind: 'other' },
    { id: 'local-media', name: 'Unnamed local media reports', kind: 'media' },
  ],
  actors: [
    { id: 'fnv-havens', name: 'FNV Havens', kind: 'organization', aliases: ['the union'] },
    { id: 'port-authority', name: 'Port of Rotterdam Authority', kind: 'organization', aliases: ['Port of Rotterdam'] },
    { id: 'niek-stam', name: 'Niek Stam', kind: 'person', role: 'union leader', aliases: [] },
    { id: 'netherlands', name: 'Netherlands', kind: 'state' },
  ],
  claims: [
    {
      id: 'strike-planned',
      text: 'FNV Havens is reportedly planning a 48-hour strike at the Port of Rotterdam this month, according to local media.',
      about: ['fnv-havens', 'port-authority'],
      source: 'local-media',
      status: 'reported',
      hedging: 'hedged',
    },
    {
      id: 'strike-at-maasvlakte',
      text: 'Local media reports suggest the strike might start at the Maasvlakte terminals.',
      about: ['fnv-havens'],
      source: 'local-media',
      status: 'reported',
      hedging: 'speculative',
    },
    {
      id: 'talks-collapsed',
      text: 'Wage talks between FNV Havens and the port employers collapsed in February 2024.',
      about: ['fnv-havens'],
      source: 'union',
      status: 'confirmed',
      hedging: 'firm',
    },
    {
      id: 'stam-demands-raise',
      text: 'Niek Stam demands a 10 percent wage rise for dockers.',
      about: ['niek-stam'],
      source: 'union',
      status: 'reported',
      hedging: 'firm',
    },
  ],
  timeline: [{ date: '2024-02', text: 'Wage talks collapse.', actors: ['fnv-havens'] }],
});

const byKind = <K extends Proposal['kind']>(list: Proposal[], kind: K) =>
  list.filter((p): p is Extract<Proposal, { kind: K }> => p.kind === kind);

function propose(text: string) {
  return proposeChanges(STORY, article(text), { storyId: STORY.id });
}

describe('proposals against an existing story', () => {
  it('treats a rewording of a known claim as covered, not new', () => {
    const set = propose(
      'Local media say FNV Havens is reportedly planning a 48-hour strike at the Port of Rotterdam this month.',
    );
    expect(byKind(set.proposals, 'claim')).toEqual([]);
    expect(set.covered.map((c) => c.claimId)).toEqual(['strike-planned']);
  });

  it('confirms a reported claim the article states as a dated past fact in its own voice', () => {
    const set = propose(
      'FNV Havens began a 48-hour strike at the Port of Rotterdam on 12 March 2024, halting container traffic.',
    );
    const [change] = byKind(set.proposals, 'status');
    expect(change).toMatchObject({ claimId: 'strike-planned', from: 'reported', to: 'confirmed' });
    expect(change?.sentence).toContain('12 March 2024');
    expect(change?.why).toContain('dated 2024-03-12');
    expect(byKind(set.proposals, 'timeline')[0]?.event.date).toBe('2024-03-12');
  });

  it('does not confirm from a hedged, undated, future or unattributed-rumour sentence', () => {
    for (const text of [
      'FNV Havens reportedly began a 48-hour strike at the Port of Rotterdam on 12 March 2024.',
      'FNV Havens began a 48-hour strike at the Port of Rotterdam.',
      'FNV Havens will begin a 48-hour strike at the Port of Rotterdam on 12 March 2024.',
      'Reports suggest FNV Havens began a 48-hour strike at the Port of Rotterdam on 12 March 2024.',
    ]) {
      expect(byKind(propose(text).proposals, 'status'), text).toEqual([]);
    }
  });

  it('does not confirm that something may be called off from a sentence saying it happened', () => {
    const withCancel = storySchema.parse({
      ...STORY,
      claims: [
        ...STORY.claims,
        {
          id: 'strike-may-be-called-off',
          text: 'FNV Havens may call off the strike at the Port of Rotterdam if employers return to talks.',
          about: ['fnv-havens'],
          source: 'local-media',
          status: 'reported',
          hedging: 'speculative',
        },
      ],
    });
    const happened = proposeChanges(
      withCancel,
      article('FNV Havens began a 48-hour strike at the Port of Rotterdam on 12 March 2024.'),
      { storyId: STORY.id },
    );
    expect(byKind(happened.proposals, 'status').map((p) => p.claimId)).not.toContain('strike-may-be-called-off');
  });

  it('reads "the Rotterdam Courier reported" as an organization, not a person', () => {
    const set = propose('Dockers walked out at the Maasvlakte terminals on Monday, the Rotterdam Courier reported.');
    const courier = byKind(set.proposals, 'actor').find((p) => p.actor.name === 'Rotterdam Courier');
    expect(courier?.actor.kind).toBe('organization');
  });

  it('does not confirm a claim whose place the sentence does not give', () => {
    const set = propose('FNV Havens began its strike on 12 March 2024 at the Botlek terminals.');
    expect(byKind(set.proposals, 'status').map((p) => p.claimId)).not.toContain('strike-at-maasvlakte');
  });

  it('marks an expectation outdated when the article says events overtook it', () => {
    const set = propose(
      'The strike started at the Botlek terminals rather than at the Maasvlakte, the port authority said.',
    );
    const changes = byKind(set.proposals, 'status');
    expect(changes).toEqual([expect.objectContaining({ claimId: 'strike-at-maasvlakte', to: 'outdated' })]);
  });

  it('disputes a claim a named source contradicts, and calls it denied when the source is the claim’s actor', () => {
    const disputed = propose(
      'The Port of Rotterdam Authority said Niek Stam had not demanded a 10 percent wage rise for dockers.',
    );
    expect(byKind(disputed.proposals, 'status')).toEqual([
      expect.objectContaining({ claimId: 'stam-demands-raise', to: 'disputed' }),
    ]);
    const denied = propose('Niek Stam denied that he demands a 10 percent wage rise for dockers.');
    expect(byKind(denied.proposals, 'status')).toEqual([
      expect.objectContaining({ claimId: 'stam-demands-raise', to: 'denied' }),
    ]);
  });

  it('proposes a new claim with its hedges, source and actors, never firmer than the sentence', () => {
    const set = propose('Shipping lines could divert vessels to Antwerp, the Port of Rotterdam Authority warned.');
    const [claim] = byKind(set.proposals, 'claim');
    expect(claim?.claim).toMatchObject({
      text: 'Shipping lines could divert vessels to Antwerp, the Port of Rotterdam Authority warned.',
      hedging: 'speculative',
      status: 'reported',
    });
    expect(claim?.claim.about).toContain('port-authority');
    const [source] = byKind(set.proposals, 'source');
    expect(source?.source.name).toBe('Port of Rotterdam Authority');
    expect(claim?.requires).toContain(source?.id);
  });

  it('proposes new actors and aliases, and a new claim needs them', () => {
    const set = propose(
      'Dutch Prime Minister Mark Rutte urged both sides to return to talks on 5 March 2024. Stam rejected the call.',
    );
    const actors = byKind(set.proposals, 'actor');
    expect(actors.map((a) => a.actor)).toContainEqual(expect.objectContaining({ name: 'Mark Rutte', kind: 'person' }));
    expect(byKind(set.proposals, 'alias')).toContainEqual(
      expect.objectContaining({ actorId: 'niek-stam', alias: 'Stam' }),
    );
    const claim = byKind(set.proposals, 'claim').find((c) => c.claim.text.startsWith('Dutch Prime Minister'));
    const rutte = actors.find((a) => a.actor.name === 'Mark Rutte');
    expect(claim?.claim.about).toContain(rutte?.actor.id);
    expect(claim?.requires).toContain(rutte?.id);
  });
});

describe('reading statements', () => {
  it('reads a hedged aside apart from the firm statement it hangs on', () => {
    const set = proposeChanges(
      undefined,
      article(
        'During the parade, the army showed a new drone, the Shahed-9, which is believed to carry a heavier warhead.',
      ),
      { storyId: 'parade' },
    );
    const claims = byKind(set.proposals, 'claim').map((p) => [p.claim.text, p.claim.hedging]);
    expect(claims).toEqual([
      ['During the parade, the army showed a new drone, the Shahed-9.', 'firm'],
      ['The Shahed-9 is believed to carry a heavier warhead.', 'hedged'],
    ]);
  });

  it('does not confirm what the article may be relaying from unnamed reports just before', () => {
    const set = proposeChanges(
      undefined,
      article(
        'Local media reports suggest the talks might move to Geneva. A Swiss delegation had already travelled to Geneva on 2 May 2024.',
      ),
      { storyId: 'talks' },
    );
    const travelled = byKind(set.proposals, 'claim').find((p) => p.claim.text.startsWith('A Swiss delegation'));
    expect(travelled?.claim).toMatchObject({ status: 'reported', hedging: 'hedged' });
    expect(travelled?.why).toContain('continues');
  });
});

describe('applying proposals', () => {
  it('adds what a chosen proposal needs, and the result is a valid story', () => {
    const set = propose('Dutch Prime Minister Mark Rutte urged both sides to return to talks on 5 March 2024.');
    const claim = byKind(set.proposals, 'claim')[0];
    expect(claim).toBeDefined();
    const chosen = withRequirements(set.proposals, [claim?.id as string]);
    expect(chosen.map((p) => p.kind).sort()).toEqual(['actor', 'claim', 'source']);
    const next = applyProposals(STORY, chosen);
    expect(storySchema.safeParse(next).success).toBe(true);
    expect(next.claims).toHaveLength(STORY.claims.length + 1);
    expect(STORY.claims).toHaveLength(4); // the story given is not changed
  });

  it('a status change carries the sentence as its note', () => {
    const set = propose('FNV Havens began a 48-hour strike at the Port of Rotterdam on 12 March 2024.');
    const next = applyProposals(STORY, byKind(set.proposals, 'status'));
    const claim = next.claims.find((c) => c.id === 'strike-planned');
    expect(claim?.status).toBe('confirmed');
    expect(claim?.note).toContain('12 March 2024');
  });
});
