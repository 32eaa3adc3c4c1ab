import { describe, expect, it } from 'vitest';
import { useSignedInConsole } from './signed-in.js';

/** The claims table and claim pages, on a story whose every text tries to become markup. */

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">click</a>';
const claims = Array.from({ length: 120 }, (_, i) => ({
  id: `claim-${i}`,
  text: i === 0 ? `Claim ${HOSTILE}` : `Claim number ${i} ${i % 2 ? 'odd' : 'even'}`,
  about: [i % 3 ? 'mallory' : 'trent'],
  source: 'src-a',
  status: i % 4 === 0 ? 'confirmed' : 'reported',
  ...(i % 5 === 0 ? { hedging: 'hedged' } : {}),
  ...(i === 0 ? { note: `Note ${HOSTILE}` } : {}),
}));
const story = {
  id: 'hostile-story',
  title: `Story ${HOSTILE}`,
  summary: { headline: `Headline ${HOSTILE}`, short: `Short ${HOSTILE}` },
  sources: [{ id: 'src-a', name: `Source ${HOSTILE}`, kind: 'media' }],
  actors: [
    { id: 'mallory', name: `Mallory ${HOSTILE}`, kind: 'person' },
    { id: 'trent', name: 'Trent', kind: 'person' },
  ],
  claims,
  timeline: [],
};

const t = useSignedInConsole({ storyTexts: [{ id: story.id, text: JSON.stringify(story) }] });
const ids = (html: string) => [...html.matchAll(/claims\/(claim-\d+)"/g)].map((m) => m[1]);

describe('the claims table', () => {
  it('shows 50 claims a page with the count, and pages through the rest', async () => {
    const first = await t.get('/console/stories/hostile-story/claims');
    expect(first).toContain('120 of 120 claims, page 1 of 3');
    expect(ids(first)).toHaveLength(50);
    const third = await t.get('/console/stories/hostile-story/claims?page=3');
    expect(ids(third)).toEqual(claims.slice(100).map((c) => c.id));
  });

  it('filters by actor, status, hedging and words, and keeps the filters across pages', async () => {
    const html = await t.get('/console/stories/hostile-story/claims?actor=trent&status=confirmed&hedging=hedged');
    const expected = claims
      .filter((c) => c.about[0] === 'trent' && c.status === 'confirmed' && c.hedging === 'hedged')
      .map((c) => c.id);
    expect(ids(html)).toEqual(expected);
    const odd = await t.get('/console/stories/hostile-story/claims?q=odd');
    expect(odd).toContain('60 of 120 claims, page 1 of 2');
    expect(odd).toContain('q=odd&amp;page=2');
  });
});

describe('hostile story text', () => {
  it.each([
    '/console/',
    '/console/stories/hostile-story',
    '/console/stories/hostile-story/claims',
    '/console/stories/hostile-story/claims/claim-0',
    '/console/stories/hostile-story/preview?tier=full&actor=mallory',
  ])('%s shows it as text: no element, no handler, no live link', async (path) => {
    const html = await t.get(path);
    expect(html).not.toMatch(/<script|<img|<[^>]*\son[a-z]+=|href="javascript:/i);
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('a claim page', () => {
  it('shows every field and a 404 for a claim that does not exist', async () => {
    const html = await t.get('/console/stories/hostile-story/claims/claim-5');
    expect(html).toContain('Claim number 5 odd');
    expect(html).toContain('hedged');
    const missing = await fetch(`${t.harness.origin}/console/stories/hostile-story/claims/nope`, {
      headers: { cookie: t.cookie },
    });
    expect(missing.status).toBe(404);
  });
});
