import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { patchClaim } from '../../../../src/core/claims/yaml-edit.js';
import { parseStory } from '../../../../src/core/story/load.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/stories');
const original = readFileSync(path.join(FIXTURES, 'harbour-strike.yaml'), 'utf8');

function changedLines(before: string, after: string): Array<[string | undefined, string | undefined]> {
  const a = before.split('\n');
  const b = after.split('\n');
  const out: Array<[string | undefined, string | undefined]> = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) out.push([a[i], b[i]]);
  return out;
}

function claimOf(text: string, id: string) {
  const result = parseStory(text, 'harbour-strike.yaml');
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.line}:${p.col} ${p.message}`).join('\n'));
  return result.story.claims.find((c) => c.id === id);
}

describe('patchClaim', () => {
  it('changes only the edited value; comments and every other byte stay', () => {
    const after = patchClaim(original, 'turnout-disputed', { status: 'confirmed' });
    expect(changedLines(original, after)).toEqual([['    status: disputed', '    status: confirmed']]);
  });

  it('rewrites a folded text in its style and keeps list styles', () => {
    const text =
      'Dock workers stopped work at Port Elling on Monday, the union and the harbour authority both say; pickets formed at the gates.';
    const after = patchClaim(original, 'strike-from-monday', {
      text,
      about: ['dock-union'],
      source: ['union-statement', 'local-paper'],
    });
    expect(after).toContain('    text: >-\n      Dock workers stopped work');
    expect(after).toContain('    about: [dock-union]\n    source: [union-statement, local-paper]\n');
    expect(after).toContain('# Who claims things.');
    expect(claimOf(after, 'strike-from-monday')).toMatchObject({
      text,
      about: ['dock-union'],
      source: ['union-statement', 'local-paper'],
    });
  });

  it('adds a missing field at the end of the claim and removes a field with its line', () => {
    const added = patchClaim(original, 'ships-diverted', { confidence: 'low' });
    expect(added.split('\n')).toHaveLength(original.split('\n').length + 1);
    expect(added).toContain('    hedging: speculative\n    confidence: low\n  - id: lind-calls-for-talks');
    const removed = patchClaim(original, 'strike-from-monday', { note: null });
    expect(removed).not.toContain('how long the strike will last');
    expect(removed.split('\n')).toHaveLength(original.split('\n').length - 1);
    expect(claimOf(removed, 'strike-from-monday')?.note).toBeUndefined();
  });

  it('quotes values YAML would misread', () => {
    const note = 'Status: "unclear" # not a comment';
    const after = patchClaim(original, 'turnout-disputed', { note });
    expect(claimOf(after, 'turnout-disputed')?.note).toBe(note);
  });

  it('keeps a single source a scalar, and falls back to the Document API for flow-style claims', () => {
    const after = patchClaim(original, 'ships-diverted', { source: ['union-statement'] });
    expect(after).toContain('    source: union-statement\n');
    const flow = readFileSync(path.join(FIXTURES, 'harbour-strike.reordered.yaml'), 'utf8');
    const edited = patchClaim(flow, 'ships-diverted', { status: 'denied' });
    expect(claimOf(edited, 'ships-diverted')?.status).toBe('denied');
    expect(edited).toContain('# The same story as harbour-strike.yaml');
  });
});
