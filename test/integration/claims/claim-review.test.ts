import jsonld from 'jsonld';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLAIM_REVIEW_SCALE } from '../../../src/core/claims/claim-review.js';
import type { ContentEdit } from '../../../src/core/content/types.js';
import { HttpServer } from '../../../src/http/server.js';
import { createLogger } from '../../../src/logger.js';
import { serveClaimsJsonLd } from '../../../src/public/claims-jsonld.js';
import { type Harness, openHarness } from './harness.js';

/**
 * `GET /stories/<story>/claims.jsonld` over the real HTTP server, store and write path: each claim as
 * a schema.org ClaimReview whose rating, author and dates follow the story's history.
 */

const STORY = 'harbour-strike';
let h: Harness;
let http: HttpServer;
let base: string;

beforeEach(async () => {
  h = await openHarness();
  await h.claims.syncAtStart();
  http = new HttpServer(createLogger('silent'));
  serveClaimsJsonLd(http, {
    store: h.store,
    history: h.claims.history,
    publisher: { name: 'Elling Evening Desk', url: 'https://desk.example' },
    baseUrl: () => 'https://sitrep.example',
  });
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});

afterEach(async () => {
  await http.close();
  await h.close();
});

/** The fields these tests read; the rest is compared with toMatchObject. */
interface Review {
  identifier: string;
  datePublished: string;
  dateModified: string;
  reviewBody: string;
  reviewRating: { ratingValue: number; alternateName: string; description: string };
  itemReviewed: { about: unknown[] };
}

async function reviews(): Promise<Review[]> {
  const res = await fetch(`${base}/stories/${STORY}/claims.jsonld`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
  const body = (await res.json()) as { '@context': string; '@graph': Review[] };
  expect(body['@context']).toBe('https://schema.org');
  return body['@graph'];
}

async function apply(edits: ContentEdit[]): Promise<void> {
  const latest = await h.store.revisions.latest(STORY);
  const outcome = await h.claims.content.apply({
    story: STORY,
    baseRevision: latest?.id ?? null,
    origin: { author: 'console:ana', via: 'console' },
    edits,
  });
  expect(outcome.kind, JSON.stringify(outcome)).toBe('applied');
}

describe('ClaimReview JSON-LD', () => {
  it('gives every claim with its status as the rating, its source as the author, and the story as context', async () => {
    const graph = await reviews();
    const view = h.catalog.get(STORY);
    expect(graph).toHaveLength(view?.story.claims.length ?? -1);
    const diverted = graph.find((r) => r.identifier === `${STORY}/ships-diverted`);
    expect(diverted).toMatchObject({
      '@type': 'ClaimReview',
      url: `https://sitrep.example/stories/${STORY}/claims.jsonld#ships-diverted`,
      claimReviewed: 'Some shipping lines may divert vessels to other ports.',
      author: { '@type': 'Organization', name: 'Elling Evening Desk', url: 'https://desk.example' },
      itemReviewed: {
        '@type': 'Claim',
        author: { '@type': 'Organization', name: 'The Elling Courier', url: 'https://courier.example/strike' },
        appearance: [{ '@type': 'CreativeWork', url: 'https://courier.example/strike' }],
      },
      reviewRating: { '@type': 'Rating', ratingValue: 3, bestRating: 5, worstRating: 1, alternateName: 'Unverified' },
    });
    expect(diverted?.reviewRating.description).toMatch(/1 = retracted or denied.*5 = confirmed/);
    // The hedge is not lost in the rating: the review says how the source put it.
    expect(diverted?.reviewBody).toContain('speculative');
    for (const review of graph) {
      expect(review.datePublished).toBe('2031-04-02');
      expect(Number.isNaN(Date.parse(review.dateModified))).toBe(false);
    }
  });

  it('follows the history: a confirmed claim rates 5 from when it changed, a claim added later is dated then', async () => {
    h.clock.set('2031-04-05T10:00:00.000Z');
    await apply([{ op: 'set', entity: 'claim', id: 'ships-diverted', field: 'status', value: 'confirmed' }]);
    h.clock.set('2031-04-07T12:30:00.000Z');
    await apply([
      { op: 'add', entity: 'source', value: { id: 'lind-interview', name: 'Maria Lind', kind: 'official' } },
      {
        op: 'add',
        entity: 'claim',
        value: {
          id: 'talks-resume',
          text: 'Talks resumed on Tuesday.',
          about: ['dock-union'],
          source: ['union-statement', 'lind-interview'],
          status: 'denied',
        },
      },
    ]);
    const graph = await reviews();
    const diverted = graph.find((r) => r.identifier === `${STORY}/ships-diverted`);
    expect(diverted?.reviewRating).toMatchObject({ ratingValue: 5, alternateName: 'Confirmed' });
    expect(diverted?.datePublished).toBe('2031-04-02');
    expect(diverted?.dateModified).toBe('2031-04-05T10:00:00.000Z');
    const added = graph.find((r) => r.identifier === `${STORY}/talks-resume`);
    expect(added).toMatchObject({
      datePublished: '2031-04-07',
      dateModified: '2031-04-07T12:30:00.000Z',
      reviewRating: { ratingValue: CLAIM_REVIEW_SCALE.denied.value, alternateName: 'Denied' },
      // A source the story knows as a person is a Person; a statement is an Organization.
      itemReviewed: {
        author: [
          { '@type': 'Organization', name: "Statement by the Elling Dock Workers' Union" },
          { '@type': 'Person', name: 'Maria Lind' },
        ],
      },
    });
    expect(added?.itemReviewed.about).toEqual([{ '@type': 'Organization', name: "Elling Dock Workers' Union" }]);
  });

  it('is valid JSON-LD: a processor expands every review to schema.org terms', async () => {
    const res = await fetch(`${base}/stories/${STORY}/claims.jsonld`);
    const document = (await res.json()) as jsonld.JsonLdDocument;
    // schema.org's context, as its vocabulary: fetched from nowhere, so nothing leaves this machine.
    const documentLoader = async (url: string) => {
      if (!/^https?:\/\/schema\.org\/?$/.test(url)) throw new Error(`unexpected context ${url}`);
      return { documentUrl: url, document: { '@context': { '@vocab': 'https://schema.org/' } } };
    };
    const options = { documentLoader, safe: true } as jsonld.Options.Expand;
    const expanded = (await jsonld.expand(document, options)) as unknown as Array<Record<string, unknown>>;
    const reviews = expanded.filter((node) =>
      (node['@type'] as string[] | undefined)?.includes('https://schema.org/ClaimReview'),
    );
    expect(reviews).toHaveLength(h.catalog.get(STORY)?.story.claims.length ?? -1);
    for (const review of reviews) {
      for (const term of ['claimReviewed', 'itemReviewed', 'reviewRating', 'author', 'datePublished'])
        expect(review[`https://schema.org/${term}`], term).toBeDefined();
    }
  });

  it('answers 304 to a client holding the current revision, 404 for an unknown story, 405 for a write', async () => {
    const first = await fetch(`${base}/stories/${STORY}/claims.jsonld`);
    const etag = first.headers.get('etag') ?? '';
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    expect((await fetch(`${base}/stories/${STORY}/claims.jsonld`, { headers: { 'if-none-match': etag } })).status).toBe(
      304,
    );
    await apply([{ op: 'set', entity: 'claim', id: 'ships-diverted', field: 'status', value: 'disputed' }]);
    const after = await fetch(`${base}/stories/${STORY}/claims.jsonld`, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    const missing = await fetch(`${base}/stories/no-such-story/claims.jsonld`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('no story "no-such-story"');
    expect((await fetch(`${base}/stories/${STORY}/claims.jsonld`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${base}/stories/${STORY}/other`)).status).toBe(404);
  });
});
