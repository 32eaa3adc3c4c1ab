import { describe, expect, it } from 'vitest';
import { claimItemStarts, patchClaimLines } from '../../../../src/core/content/claim-text.js';
import { readsAs, renderText } from '../../../../src/core/content/text.js';
import type { ContentEdit } from '../../../../src/core/content/types.js';
import { parseStory } from '../../../../src/core/story/load.js';
import type { Story } from '../../../../src/core/story/schema.js';

/** The one-claim fast path of a revision's text (ADR 0042): only that claim's lines change. */

const HEAD = `id: t
title: T
asOf: "2031-04-02"
summary:
  headline: H
  short: S
actors:
  - id: a
    name: A
    kind: person
sources:
  - id: s
    name: S
    kind: media
`;

function story(text: string): Story {
  const read = parseStory(text, 't.yaml');
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  return read.story;
}

function set(id: string, field: string, value: string | string[] | null): ContentEdit & { id: string } {
  return { op: 'set', entity: 'claim', id, field, value };
}

function edited(base: Story, edits: ContentEdit[]): Story {
  const claims = base.claims.map((c) => {
    const patch = edits.filter((e) => e.op === 'set' && e.entity === 'claim' && e.id === c.id);
    if (patch.length === 0) return c;
    const next: Record<string, unknown> = { ...c };
    for (const e of patch) {
      if (e.op !== 'set') continue;
      if (e.value === null) delete next[e.field];
      else next[e.field] = e.value;
    }
    if (typeof next.source === 'string') next.source = [next.source];
    return next as Story['claims'][number];
  });
  return { ...base, claims };
}

const LAYOUTS: Record<string, string> = {
  'indented, comments, folded text, a timeline after': `${HEAD}claims:
  # --- First ---
  - id: c1
    text: >-
      One claim, folded
      over two lines.
    about: [a]
    source: s
    status: reported

  # --- Second ---
  - id: c2
    text: "A quoted claim
      running on."
    about:
      - a
    source: [s]
    status: reported
    note: kept # a comment stays
  - id: c3
    text: Third.
    about: [a]
    source: s
    status: denied
# Dates.
timeline:
  - date: "2031-03-28"
    text: Something.
`,
  'dashes at the key column, claims last, no final newline': `${HEAD}timeline: []
claims:
- id: c1
  text: One.
  about: [a]
  source: s
  status: reported
- id: c2
  text: Two.
  about: [a]
  source: s
  status: reported
- id: c3
  text: Three.
  about: [a]
  source: s
  status: confirmed`,
};

describe('patching one claim in a story text', () => {
  for (const [name, text] of Object.entries(LAYOUTS)) {
    it(`${name}: keeps every other byte and reads as the new story`, () => {
      const base = story(text);
      for (const edits of [
        [set('c2', 'status', 'confirmed')],
        [set('c1', 'note', 'A new note.'), set('c1', 'hedging', 'firm')],
        [set('c3', 'source', ['s']), set('c3', 'text', 'Three, longer: with a colon.')],
        [set('c2', 'note', null)],
      ]) {
        const next = edited(base, edits);
        const out = renderText(text, base, edits, next);
        const index = base.claims.findIndex((c) => c.id === edits[0]?.id);
        const claims = { count: 3, index, before: base.claims[index], after: next.claims[index] };
        const patch = Object.fromEntries(edits.map((e) => (e.op === 'set' ? [e.field, e.value] : [])));
        // The fast path, not the whole-document fallback, gave this text.
        expect(patchClaimLines(text, claims as Parameters<typeof patchClaimLines>[1], patch)).toBe(out);
        expect(readsAs(out, next), out).toBe(true);
        const lines = new Set(out.split('\n'));
        const kept = text.split('\n').filter((l) => !lines.has(l));
        // Only lines of the edited claim can differ.
        expect(
          kept.every((l) => /^\s+(\w+:|- |")|^- id:/.test(l)),
          kept.join('\n'),
        ).toBe(true);
        expect(out).toContain('# Dates.'.repeat(text.includes('# Dates.') ? 1 : 0));
      }
    });
  }

  it('finds each item of a block list, and none in a flow list or one with tabs', () => {
    const text = LAYOUTS['indented, comments, folded text, a timeline after'] as string;
    const found = claimItemStarts(text);
    expect(found?.starts.map((at) => text.slice(at, text.indexOf('\n', at)))).toEqual([
      '  - id: c1',
      '  - id: c2',
      '  - id: c3',
    ]);
    expect(text.slice(found?.end ?? 0).startsWith('timeline:')).toBe(true);
    expect(claimItemStarts(`${HEAD}claims: [{id: c1}]\n`)).toBeUndefined();
    expect(claimItemStarts(`${HEAD}claims:\n\t- id: c1\n`)).toBeUndefined();
  });

  it('falls back to the whole document when the text has anchors, and still reads as the new story', () => {
    const text = `${HEAD}timeline: []\nclaims:\n  - id: c1\n    text: &t One.\n    about: [a]\n    source: s\n    status: reported\n  - id: c2\n    text: *t\n    about: [a]\n    source: s\n    status: reported\n`;
    const base = story(text);
    const edits: ContentEdit[] = [set('c1', 'text', 'Changed.')];
    const next = edited(base, edits);
    expect(readsAs(renderText(text, base, edits, next), next)).toBe(true);
  });
});
