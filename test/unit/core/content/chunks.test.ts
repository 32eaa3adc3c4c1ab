import { describe, expect, it } from 'vitest';
import { chunkRevision, chunkStoryJson, chunkText } from '../../../../src/core/content/chunks.js';
import type { ChunkRef, Revision } from '../../../../src/core/store.js';
import type { Story } from '../../../../src/core/story/schema.js';
import { generateStoryObject } from '../../../support/story-generator.js';

/** The text a cut holds, from its own bodies and (for chunks it kept) the parent's. */
function join(refs: readonly ChunkRef[], ...bodies: ReadonlyMap<string, string>[]): string {
  return refs
    .map((ref) => {
      const body = bodies.map((b) => b.get(ref.hash)).find((b) => b !== undefined);
      if (body?.length !== ref.length) throw new Error(`no body for ${ref.hash}`);
      return body;
    })
    .join('');
}

const lines = (n: number, tag = '') => Array.from({ length: n }, (_, i) => `line ${i} of the story ${tag}\n`).join('');

describe('cutting a text into chunks', () => {
  it('cuts at line ends and joins back to the same text', () => {
    const text = lines(5_000);
    const cut = chunkText(text);
    expect(cut.refs.length).toBeGreaterThan(10);
    expect(join(cut.refs, cut.bodies)).toBe(text);
    for (const ref of cut.refs.slice(0, -1)) expect(cut.bodies.get(ref.hash)?.endsWith('\n')).toBe(true);
  });

  it('never splits a character written as two code units, on one very long line', () => {
    const text = '😀'.repeat(40_000);
    const cut = chunkText(text);
    expect(cut.refs.length).toBeGreaterThan(1);
    // A lone half of a pair would not survive a round trip through UTF-8 (the databases' encoding).
    for (const body of cut.bodies.values()) expect(Buffer.from(body, 'utf8').toString('utf8')).toBe(body);
    expect(join(cut.refs, cut.bodies)).toBe(text);
  });

  it('keeps every chunk but the one an edit falls in', () => {
    const text = lines(5_000);
    const parent = chunkText(text);
    const edited = text.replace('line 2500 of', 'line 2500, edited, of');
    const cut = chunkText(edited, { text, refs: parent.refs });
    expect(join(cut.refs, cut.bodies, parent.bodies)).toBe(edited);
    expect(cut.bodies.size).toBe(1);
    expect(cut.refs.length).toBe(parent.refs.length);
  });

  it('keeps the chunks after a line added at the start, and before one removed at the end', () => {
    const text = lines(5_000);
    const parent = chunkText(text);
    const added = `# a comment\n${text}`;
    const first = chunkText(added, { text, refs: parent.refs });
    expect(join(first.refs, first.bodies, parent.bodies)).toBe(added);
    expect(first.bodies.size).toBe(1);
    const cutShort = text.slice(0, text.length - 30);
    const second = chunkText(cutShort, { text, refs: parent.refs });
    expect(join(second.refs, second.bodies, parent.bodies)).toBe(cutShort);
    expect(second.bodies.size).toBe(1);
  });

  it('cuts afresh when the parent is a different text, or its chunks do not add up to it', () => {
    const text = lines(3_000);
    const parent = chunkText(text);
    const other = lines(3_000, 'other');
    const cut = chunkText(other, { text, refs: parent.refs });
    expect(join(cut.refs, cut.bodies)).toBe(other);
    const wrong = chunkText(text, { text: `${text}x`, refs: parent.refs });
    expect(join(wrong.refs, wrong.bodies)).toBe(text);
  });
});

describe("cutting a story's JSON into chunks of claims", () => {
  const story = generateStoryObject({ actors: 30, claims: 1_000, seed: 9, id: 'json' }) as Story;

  it('joins back to the JSON of the story, with no claims, one, or many', () => {
    for (const claims of [[], story.claims.slice(0, 1), story.claims]) {
      const whole = { ...story, claims, title: 'Quotes " and \\ and "claims":[] in a title' };
      const cut = chunkStoryJson(whole);
      expect(join(cut.refs, cut.bodies)).toBe(JSON.stringify(whole));
    }
  });

  it('changes one chunk for a changed claim, and one or two for an added one', () => {
    const parent = chunkStoryJson(story);
    const known = new Set(parent.refs.map((r) => r.hash));
    const changed = story.claims.map((c, i) => (i === 500 ? { ...c, status: 'denied' as const } : c));
    const one = chunkStoryJson({ ...story, claims: changed }, known);
    expect(one.refs.filter((r) => !known.has(r.hash))).toHaveLength(1);
    expect(join(one.refs, one.bodies, parent.bodies)).toBe(JSON.stringify({ ...story, claims: changed }));
    const extra = { ...(story.claims[0] as Story['claims'][number]), id: 'a-new-claim' };
    const added = [...story.claims.slice(0, 300), extra, ...story.claims.slice(300)];
    const two = chunkStoryJson({ ...story, claims: added }, known);
    expect(two.refs.filter((r) => !known.has(r.hash)).length).toBeLessThanOrEqual(2);
    expect(join(two.refs, two.bodies, parent.bodies)).toBe(JSON.stringify({ ...story, claims: added }));
  });

  it('gives a revision only the bodies its parent did not have', () => {
    const text = lines(2_000);
    const first = chunkRevision(text, story, undefined);
    const parent = { content: text, chunks: { content: first.content, json: first.json } } as Revision;
    const same = chunkRevision(text, story, parent);
    expect(same.bodies.size).toBe(0);
    expect(same.content).toEqual(first.content);
    expect(same.json).toEqual(first.json);
  });
});
