import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { storyHash } from '../../../../src/core/claims/canonical.js';
import { diffStories, isEmptyDiff } from '../../../../src/core/claims/diff.js';
import { parseStory } from '../../../../src/core/story/load.js';
import type { Story } from '../../../../src/core/story/schema.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/stories');

function story(name: string, edit: (text: string) => string = (t) => t): Story {
  const result = parseStory(edit(readFileSync(path.join(FIXTURES, name), 'utf8')), 'harbour-strike.yaml');
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.story;
}

describe('canonical hash', () => {
  it('is the same for a re-ordered, re-formatted file', () => {
    expect(storyHash(story('harbour-strike.reordered.yaml'))).toBe(storyHash(story('harbour-strike.yaml')));
  });

  it('changes with any meaningful edit', () => {
    const base = storyHash(story('harbour-strike.yaml'));
    expect(storyHash(story('harbour-strike.yaml', (t) => t.replace('confidence: low', 'confidence: high')))).not.toBe(
      base,
    );
    expect(storyHash(story('harbour-strike.yaml', (t) => t.replace('The ballot result', 'The result')))).not.toBe(base);
  });
});

describe('diffStories', () => {
  it('finds no change between re-ordered versions', () => {
    const diff = diffStories(story('harbour-strike.yaml'), story('harbour-strike.reordered.yaml'));
    expect(isEmptyDiff(diff)).toBe(true);
  });

  it('reports exactly the changed fields, with old and new values', () => {
    const diff = diffStories(story('harbour-strike.yaml'), story('harbour-strike.edited.yaml'));
    expect(diff.claims.map((c) => [c.id, c.kind])).toEqual([
      ['strike-from-monday', 'changed'],
      ['authority-seeks-injunction', 'added'],
      ['ships-diverted', 'removed'],
    ]);
    expect(diff.claims[0]?.fields).toEqual([
      { field: 'status', before: 'reported', after: 'confirmed' },
      { field: 'confidence', before: 'medium', after: 'high' },
      { field: 'note', before: 'The union has not said how long the strike will last.', after: null },
    ]);
    expect(diff.actors).toEqual([
      expect.objectContaining({
        id: 'maria-lind',
        kind: 'changed',
        fields: [{ field: 'role', before: 'Union general secretary', after: 'Union president' }],
      }),
    ]);
    expect(diff.details.map((d) => d.field)).toEqual(['summary.headline']);
    expect(diff.sources).toEqual([]);
    expect(diff.timelineChanged).toBe(false);
  });

  it('compares about and source as sets but reports list changes as lists', () => {
    const before = story('harbour-strike.yaml');
    const swapped = story('harbour-strike.yaml', (t) =>
      t.replace('about: [dock-union, harbour-authority]', 'about: [harbour-authority, dock-union]'),
    );
    expect(isEmptyDiff(diffStories(before, swapped))).toBe(true);
    const grown = story('harbour-strike.yaml', (t) =>
      t.replace('about: [dock-union, harbour-authority]', 'about: [dock-union, harbour-authority, maria-lind]'),
    );
    expect(diffStories(before, grown).claims[0]?.fields).toEqual([
      {
        field: 'about',
        before: ['dock-union', 'harbour-authority'],
        after: ['dock-union', 'harbour-authority', 'maria-lind'],
      },
    ]);
  });

  it('sees timeline and source changes', () => {
    const before = story('harbour-strike.yaml');
    const after = story('harbour-strike.yaml', (t) =>
      t
        .replace('The ballot result was published.', 'The ballot result was announced.')
        .replace('name: The Elling Courier', 'name: Elling Courier'),
    );
    const diff = diffStories(before, after);
    expect(diff.timelineChanged).toBe(true);
    expect(diff.sources[0]?.fields).toEqual([{ field: 'name', before: 'The Elling Courier', after: 'Elling Courier' }]);
  });
});
