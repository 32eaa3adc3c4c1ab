import { describe, expect, it } from 'vitest';
import { StoryView } from '../../../../src/core/story/catalog.js';
import { parseStory } from '../../../../src/core/story/load.js';
import { normalizeName } from '../../../../src/core/story/normalize.js';
import { generateStory, generateStoryObject } from '../../../support/story-generator.js';

/** The generator other tests and the benchmarks rely on: valid, deterministic, awkward where it should be. */

function parsed(text: string, id = 'generated-story') {
  const result = parseStory(text, `/b/${id}.yaml`);
  if (!result.ok)
    throw new Error(
      result.problems
        .slice(0, 5)
        .map((p) => `${p.line}:${p.col} ${p.message}`)
        .join('\n'),
    );
  return result.story;
}

describe('generateStory', () => {
  it('gives a valid story file of the requested size', () => {
    const story = parsed(generateStory({ actors: 40, claims: 150, seed: 3 }));
    expect(story.actors).toHaveLength(40);
    expect(story.claims).toHaveLength(150);
    expect(story.sources.length).toBeGreaterThanOrEqual(3);
    expect(story.timeline.length).toBeGreaterThanOrEqual(3);
  });

  it('is deterministic for a seed, and different for another seed', () => {
    const a = generateStory({ actors: 20, claims: 60, seed: 11 });
    expect(generateStory({ actors: 20, claims: 60, seed: 11 })).toBe(a);
    expect(generateStory({ actors: 20, claims: 60, seed: 12 })).not.toBe(a);
  });

  it('the object and the text are the same story', () => {
    const options = { actors: 20, claims: 60, seed: 5, id: 'same-story' };
    expect(parsed(generateStory(options), 'same-story')).toEqual(generateStoryObject(options));
  });

  it('uses the id it is given (the file name to write it under)', () => {
    expect(parsed(generateStory({ id: 'my-story' }), 'my-story').id).toBe('my-story');
  });

  it('has accented names, shared last names (ambiguous lookups) and exact aliases', () => {
    const story = generateStoryObject({ actors: 300, claims: 10, seed: 9 });
    expect(story.actors.some((a) => a.name !== normalizeName(a.name) && /[^\x00-\x7f]/.test(a.name))).toBe(true);
    const view = new StoryView(story, '');
    const kinds = new Set(
      story.actors
        .flatMap((a) => a.aliases)
        .slice(0, 100)
        .map((alias) => view.findActor(alias).kind),
    );
    expect(kinds).toEqual(new Set(['found', 'ambiguous']));
  });

  it('hedged and speculative claims are worded as such', () => {
    const story = generateStoryObject({ actors: 20, claims: 300, seed: 2 });
    for (const claim of story.claims) {
      if (claim.hedging === 'hedged')
        expect(claim.text).toMatch(/^(According to officials|People familiar with the talks say)/);
      if (claim.hedging === 'speculative') expect(claim.text).toMatch(/^(It is possible that|Some reports suggest)/);
    }
  });

  it('keeps claim texts within maxClaimLength', () => {
    const story = generateStoryObject({ claims: 200, maxClaimLength: 120, seed: 4 });
    expect(Math.max(...story.claims.map((c) => c.text.length))).toBeLessThanOrEqual(120);
  });

  it('tricky: puts mention and markup syntax into story text, and stays valid', () => {
    const text = generateStory({ actors: 30, claims: 100, seed: 6, tricky: true });
    const story = parsed(text);
    const all = JSON.stringify(story);
    for (const token of ['@everyone', '<!channel>', '<@U0123ABCD>']) expect(all).toContain(token);
    expect(JSON.stringify(generateStoryObject({ actors: 30, claims: 100, seed: 6 }))).not.toContain('@everyone');
  });

  it('refuses sizes that cannot make a valid story', () => {
    expect(() => generateStory({ actors: 0, claims: 5 })).toThrow(RangeError);
    expect(() => generateStory({ sources: 0, claims: 5 })).toThrow(RangeError);
    expect(parsed(generateStory({ actors: 0, claims: 0 })).claims).toEqual([]);
  });
});
