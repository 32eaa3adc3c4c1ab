import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ClaimDatesSource, type ClaimReviewPublisher, latestClaimReviews } from '../core/claims/claim-review.js';
import type { Store } from '../core/store.js';
import type { HttpServer } from '../http/server.js';

export interface ClaimsJsonLdDeps {
  store: Store;
  history: ClaimDatesSource;
  publisher: ClaimReviewPublisher;
  /** The public base URL (SITREP_PUBLIC_URL), for each review's own address. */
  baseUrl: () => string;
}

const PATH = /^\/stories\/([a-z0-9]+(?:-[a-z0-9]+)*)\/claims\.jsonld$/;

/**
 * `GET /stories/<story>/claims.jsonld`: the story's claims as schema.org ClaimReview, read-only and
 * public (mounted only when `claimReview.public` is set in config). Anyone may fetch it from any
 * site, so it carries no cookie and is cached by revision.
 */
export function serveClaimsJsonLd(http: HttpServer, deps: ClaimsJsonLdDeps): void {
  http.mountPrefix('/stories', (req, res) => answer(req, res, deps));
}

async function answer(req: IncomingMessage, res: ServerResponse, deps: ClaimsJsonLdDeps): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const story = PATH.exec(path)?.[1];
  if (!story) return plain(res, 404, 'not found: the address is /stories/<story>/claims.jsonld');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return plain(res, 405, 'method not allowed');
  }
  const documentUrl = `${deps.baseUrl()}/stories/${story}/claims.jsonld`;
  const reviews = await latestClaimReviews(deps, story, { publisher: deps.publisher, documentUrl });
  if (!reviews) return plain(res, 404, `no story "${story}"`);
  const etag = `"r${reviews.revision}"`;
  const headers = {
    etag,
    'cache-control': 'public, max-age=60',
    'access-control-allow-origin': '*',
    'x-content-type-options': 'nosniff',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-type': 'application/ld+json; charset=utf-8' });
  res.end(req.method === 'HEAD' ? undefined : JSON.stringify(reviews.document, null, 2));
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  res.end(text);
}
