import { beforeAll, describe, expect, it } from 'vitest';
import { affiliatedClaims, affiliatesOf } from '../../../../src/core/story/affiliation.js';
import { StoryView } from '../../../../src/core/story/catalog.js';
import { storySchema } from '../../../../src/core/story/schema.js';
import { ACTOR_LOOKUP } from '../../../../src/core/views/actor.js';
import { lookupMessage } from '../../../../src/core/views/lookup.js';
import { loadView, SHIPPED_STORY, seen } from '../commands/helpers.js';

describe("an actor's card shows its affiliates' and its sources' claims, marked", () => {
  let kim: StoryView;
  beforeAll(async () => {
    kim = await loadView(SHIPPED_STORY);
  });

  it('the United States: the US official’s, the White House’s and the NSC’s claims', () => {
    const us = kim.actorById.get('united-states');
    if (!us) throw new Error('no united-states');
    const text = seen(lookupMessage(ACTOR_LOOKUP, us, kim, true));
    expect(text).toContain('No claims in this story involve United States directly.');
    expect(text).toContain('Claims of actors and sources affiliated with United States (3):');
    expect(text).toMatch(/Kim Jong Un is reportedly set to travel .*\[on the word of An unnamed US official\]/);
    expect(text).toMatch(/The White House recently announced .*\[about The White House\]/);
    expect(text).toMatch(/John Kirby said .*\[about National Security Council\]/);
  });

  it('a claim already on the card is not repeated in the affiliated list', () => {
    const ids = affiliatedClaims(kim, 'national-security-council').map((a) => a.claim.id);
    expect(ids).not.toContain('shoigu-sought-artillery-ammunition');
  });

  it('an actor nobody is affiliated with has no such section', () => {
    const china = kim.actorById.get('china');
    if (!china) throw new Error('no china');
    expect(seen(lookupMessage(ACTOR_LOOKUP, china, kim, true))).not.toContain('affiliated with');
  });

  it('follows chains and survives a cycle in the file', () => {
    expect(affiliatesOf(kim, 'united-states').sort()).toEqual([
      'john-kirby',
      'national-security-council',
      'white-house',
    ]);
    const story = storySchema.parse({
      id: 'loop',
      title: 'Loop',
      summary: { headline: 'h', short: 's' },
      sources: [{ id: 'src', name: 'Src', kind: 'other', affiliation: 'a' }],
      actors: [
        { id: 'a', name: 'A', kind: 'group', affiliation: 'b' },
        { id: 'b', name: 'B', kind: 'group', affiliation: 'a' },
      ],
      claims: [{ id: 'c', text: 'It rained.', about: ['b'], source: 'src', status: 'reported' }],
      timeline: [],
    });
    const view = new StoryView(story, '');
    expect(affiliatesOf(view, 'a')).toEqual(['b']);
    expect(affiliatedClaims(view, 'a').map((x) => x.why)).toEqual(['about B']);
  });
});
