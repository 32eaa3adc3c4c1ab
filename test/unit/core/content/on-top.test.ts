import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalStory, hashMatches, storyHash } from '../../../../src/core/claims/canonical.js';
import { chunkStoryJson } from '../../../../src/core/content/chunks.js';
import { applyEdits } from '../../../../src/core/content/edits.js';
import type { ContentEdit } from '../../../../src/core/content/types.js';
import { validateStory } from '../../../../src/core/content/validate.js';
import type { Story } from '../../../../src/core/story/schema.js';
import { generateStoryObject } from '../../../support/story-generator.js';

/**
 * The write path's shortcuts for large stories (ADR 0042) give exactly what the plain forms give:
 * the hash of the canonical JSON, and the file rules checked on the whole story.
 */

function plainHash(story: Story): string {
  return createHash('sha256')
    .update(JSON.stringify(canonicalStory(story)))
    .digest('hex');
}

/** The JSON a revision stores for a story: its chunks joined. */
function storedJson(story: Story): string {
  const cut = chunkStoryJson(story);
  return cut.refs.map((ref) => cut.bodies.get(ref.hash)).join('');
}

function validBase(): Story {
  const checked = validateStory(generateStoryObject({ actors: 30, claims: 200, seed: 7, id: 'on-top' }), 'on-top');
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return checked.story;
}

describe('checking a change on top of a valid story', () => {
  const base = validBase();
  const [first, second] = base.claims;
  const actor = base.actors[0]?.id ?? '';
  const source = base.sources[0]?.id ?? '';
  const cases: Record<string, ContentEdit[]> = {
    'a status': [{ op: 'set', entity: 'claim', id: first?.id ?? '', field: 'status', value: 'confirmed' }],
    'a source as one id': [{ op: 'set', entity: 'claim', id: first?.id ?? '', field: 'source', value: source }],
    'a new claim': [
      {
        op: 'add',
        entity: 'claim',
        value: { id: 'new-one', text: 'New.', about: [actor], source, status: 'reported' },
      },
    ],
    'a removed claim': [{ op: 'remove', entity: 'claim', id: second?.id ?? '' }],
    'a summary': [{ op: 'set', entity: 'story', field: 'summary.short', value: 'Shorter.' }],
    'a new actor and timeline entry': [
      { op: 'add', entity: 'actor', value: { id: 'new-actor', name: 'New actor', kind: 'person' } },
      { op: 'add', entity: 'timeline', value: { date: '2031-01-02', text: 'Then.', actors: ['new-actor'] } },
    ],
    'a status not allowed': [{ op: 'set', entity: 'claim', id: first?.id ?? '', field: 'status', value: 'rumoured' }],
    'an unknown actor': [{ op: 'set', entity: 'claim', id: first?.id ?? '', field: 'about', value: ['nobody'] }],
    'a removed actor still named': [{ op: 'remove', entity: 'actor', id: actor }],
    'an unknown field': [{ op: 'set', entity: 'claim', id: first?.id ?? '', field: 'colour', value: 'red' }],
  };
  for (const [name, edits] of Object.entries(cases)) {
    it(`${name}: the same answer and story as the whole check, and the same hash`, () => {
      const { raw } = applyEdits(base, base, edits);
      const onTop = validateStory(raw, 'on-top', base);
      const whole = validateStory(structuredClone(raw), 'on-top');
      expect(onTop.ok).toBe(whole.ok);
      if (onTop.ok && whole.ok) {
        expect(onTop.story).toEqual(whole.story);
        // Checked on top, not again whole: untouched claims are the base's own objects.
        const last = base.claims.at(-1);
        expect(onTop.story.claims.find((c) => c.id === last?.id)).toBe(last);
        expect(storyHash(onTop.story)).toBe(storyHash(whole.story));
        expect(hashMatches(plainHash(whole.story), onTop.story)).toBe(true);
        expect(storedJson(onTop.story)).toBe(JSON.stringify(whole.story));
      } else expect(onTop).toEqual(whole);
    });
  }

  it('hashes the same before and after claims are remembered, and knows hashes stored in the plain form', () => {
    const fresh = structuredClone(base);
    expect(storyHash(base)).toBe(storyHash(fresh));
    expect(storyHash(base)).toBe(storyHash(base));
    const reordered = { ...fresh, claims: [...fresh.claims].reverse(), actors: [...fresh.actors].reverse() };
    expect(storyHash(reordered)).toBe(storyHash(base));
    const changed = { ...fresh, claims: fresh.claims.map((c, i) => (i === 3 ? { ...c, text: `${c.text}!` } : c)) };
    expect(storyHash(changed)).not.toBe(storyHash(base));
    expect(hashMatches(plainHash(base), base)).toBe(true);
    expect(hashMatches(plainHash(base), changed)).toBe(false);
    expect(hashMatches(storyHash(base), reordered)).toBe(true);
    expect(hashMatches(storyHash(base), changed)).toBe(false);
    expect(storedJson(base)).toBe(JSON.stringify(base));
    expect(storedJson(base)).toBe(JSON.stringify(base));
  });
});
