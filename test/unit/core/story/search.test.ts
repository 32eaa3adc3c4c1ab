import { describe, expect, it } from 'vitest';
import type { StoryView } from '../../../../src/core/story/catalog.js';
import { type SearchHit, searchIndex } from '../../../../src/core/story/search.js';
import { createRandom, generateStoryObject } from '../../../support/story-generator.js';
import { loadView, SHIPPED_STORY } from '../commands/helpers.js';

describe('the search index', () => {
  const story = generateStoryObject({ actors: 200, claims: 2_000, seed: 11, id: 'search-story' });

  it('is built once per story version and reused; a new version gets its own', () => {
    const index = searchIndex(story);
    expect(searchIndex(story)).toBe(index);
    const revised = structuredClone(story);
    expect(searchIndex(revised)).not.toBe(index);
  });

  it('is frozen: answers cached from it cannot be changed through it', () => {
    expect(Object.isFrozen(searchIndex(story))).toBe(true);
  });

  it('the first few hits are the first few of the whole ranking (reading only what could rank)', () => {
    const random = createRandom(5);
    const index = searchIndex(story);
    const everything = story.claims.length + story.actors.length + story.sources.length + story.timeline.length;
    // Which item, and its score: the same hits in the same order, ties included.
    const key = (hit: SearchHit) => {
      const id = 'claim' in hit ? hit.claim.id : 'actor' in hit ? hit.actor.id : 'source' in hit ? hit.source.id : '';
      return `${hit.kind}:${id || ('event' in hit ? hit.event.text : '')}:${hit.score.toFixed(9)}`;
    };
    for (let i = 0; i < 300; i += 1) {
      const claim = story.claims[Math.floor(random() * story.claims.length)];
      const words = (claim?.text ?? '').split(/\s+/).filter((w) => w.length > 3);
      const start = Math.floor(random() * Math.max(1, words.length - 2));
      const query = words.slice(start, start + 1 + (i % 3)).join(' ');
      const limit = 1 + (i % 10);
      const whole = index.search(query, everything);
      expect(index.search(query, limit).map(key)).toEqual(whole.slice(0, limit).map(key));
    }
  });

  it('a phrase typed whole ranks above the same words scattered', async () => {
    const view: StoryView = await loadView(SHIPPED_STORY);
    const [first] = searchIndex(view.story).search('armoured train', 5);
    expect(first?.kind).toBe('claim');
    expect(first?.kind === 'claim' && first.claim.text.toLowerCase()).toContain('armoured train');
  });

  it('as it is typed, an unfinished last word stands for the story word it begins', async () => {
    const index = searchIndex((await loadView(SHIPPED_STORY)).story);
    expect(index.search('armou', 5)).toEqual([]);
    const [first] = index.searchAsTyped('armou', 5);
    expect(first?.kind === 'claim' && first.claim.id).toBe('kim-may-travel-by-armoured-train');
    const [typing] = index.searchAsTyped('armoured trai', 5);
    expect(typing?.kind === 'claim' && typing.claim.id).toBe('kim-may-travel-by-armoured-train');
    // A finished word is searched as it is.
    expect(index.searchAsTyped('artillery', 5)).toEqual(index.search('artillery', 5));
  });
});
