import type { ClaimHistoryEntry } from '../commands/services.js';
import type { Store } from '../store.js';
import type { Actor, Claim, ClaimStatus, Source, Story } from '../story/schema.js';
import { storyOfRevision } from './revisions.js';

/**
 * A story's claims as schema.org `ClaimReview`s (JSON-LD), for fact-check aggregators and the
 * newsroom's own site (ADR 0081). The rating is the claim's status on a stated 1–5 scale; the
 * source is the claim's author; dates come from the revision history. Nothing here is invented:
 * a field the story does not hold is left out.
 */

/** Who publishes the reviews: the newsroom running Sitrep (`claimReview.publisher` in config). */
export interface ClaimReviewPublisher {
  name: string;
  url?: string | undefined;
}

/** When a claim entered the story and when it last changed. */
export interface ClaimDates {
  published: Date;
  modified: Date;
}

interface Rating {
  value: number;
  name: string;
  explanation: string;
}

/**
 * The scale, worst to best. A status says how far the desk has verified a claim, not how true the
 * claim is: "reported" is the middle (not checked either way), and "outdated" sits there too, as
 * events overtook it rather than disproved it.
 */
export const CLAIM_REVIEW_SCALE: Readonly<Record<ClaimStatus, Rating>> = {
  retracted: { value: 1, name: 'Retracted', explanation: 'Its source withdrew it.' },
  denied: { value: 1, name: 'Denied', explanation: 'Denied by a party it concerns.' },
  disputed: { value: 2, name: 'Disputed', explanation: 'A named source contradicts it.' },
  reported: { value: 3, name: 'Unverified', explanation: 'Reported by its source; not confirmed independently.' },
  outdated: { value: 3, name: 'Outdated', explanation: 'Later events overtook it.' },
  confirmed: { value: 5, name: 'Confirmed', explanation: 'Confirmed on the record or by events.' },
};

export const CLAIM_REVIEW_SCALE_DESCRIPTION =
  '1 = retracted or denied, 2 = disputed, 3 = reported but unverified (or outdated), 5 = confirmed.';

/**
 * A source is a Person when the story knows it as one (a person actor of that name or alias);
 * otherwise an Organization: a statement, a paper or an agency, and the safe reading of "a US
 * official" too, since schema.org's author takes either.
 */
function sourceEntity(source: Source | undefined, id: string, people: ReadonlySet<string>): Record<string, unknown> {
  if (!source) return { '@type': 'Organization', name: id };
  const type = people.has(source.name.toLowerCase()) ? 'Person' : 'Organization';
  return { '@type': type, name: source.name, ...(source.url ? { url: source.url } : {}) };
}

function personNames(story: Story): Set<string> {
  const names = new Set<string>();
  for (const actor of story.actors) {
    if (actor.kind !== 'person') continue;
    for (const name of [actor.name, ...actor.aliases]) names.add(name.toLowerCase());
  }
  return names;
}

const ACTOR_TYPES: Record<Actor['kind'], string> = {
  person: 'Person',
  state: 'Country',
  government: 'GovernmentOrganization',
  agency: 'GovernmentOrganization',
  organization: 'Organization',
  group: 'Organization',
};

function actorEntity(actor: Actor | undefined, id: string): Record<string, unknown> {
  return actor ? { '@type': ACTOR_TYPES[actor.kind], name: actor.name } : { '@type': 'Thing', name: id };
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/** What the rating leaves out: how firmly the source put it, and the editors' note. */
function reviewBody(claim: Claim, rating: Rating, sources: string): string {
  const hedging = claim.hedging && claim.hedging !== 'firm' ? ` The source's wording is ${claim.hedging}.` : '';
  const note = claim.note ? ` Editors' note: ${claim.note}` : '';
  return `${rating.name}: ${rating.explanation} Source: ${sources}.${hedging}${note}`;
}

export interface ClaimReviewOptions {
  publisher: ClaimReviewPublisher;
  /** Where the document is served, for each review's `url` (`…/claims.jsonld#<claim>`). */
  documentUrl?: string | undefined;
  dates: (claimId: string) => ClaimDates | undefined;
}

export function claimReview(story: Story, claim: Claim, options: ClaimReviewOptions): Record<string, unknown> {
  const sources = new Map(story.sources.map((s) => [s.id, s]));
  const actors = new Map(story.actors.map((a) => [a.id, a]));
  const rating = CLAIM_REVIEW_SCALE[claim.status];
  const people = personNames(story);
  const authors = claim.source.map((id) => sourceEntity(sources.get(id), id, people));
  const appearance = claim.source.flatMap((id) => {
    const url = sources.get(id)?.url;
    return url ? [{ '@type': 'CreativeWork', url }] : [];
  });
  const dates = options.dates(claim.id);
  const publisher = {
    '@type': 'Organization',
    name: options.publisher.name,
    ...(options.publisher.url ? { url: options.publisher.url } : {}),
  };
  return {
    '@type': 'ClaimReview',
    ...(options.documentUrl ? { url: `${options.documentUrl}#${claim.id}` } : {}),
    identifier: `${story.id}/${claim.id}`,
    claimReviewed: claim.text,
    itemReviewed: {
      '@type': 'Claim',
      author: authors.length === 1 ? authors[0] : authors,
      about: claim.about.map((id) => actorEntity(actors.get(id), id)),
      ...(appearance.length > 0 ? { appearance } : {}),
      ...(dates ? { datePublished: day(dates.published) } : {}),
    },
    author: publisher,
    ...(dates ? { datePublished: day(dates.published), dateModified: dates.modified.toISOString() } : {}),
    reviewRating: {
      '@type': 'Rating',
      ratingValue: rating.value,
      bestRating: 5,
      worstRating: 1,
      alternateName: rating.name,
      ratingExplanation: rating.explanation,
      description: CLAIM_REVIEW_SCALE_DESCRIPTION,
    },
    reviewBody: reviewBody(claim, rating, claim.source.map((id) => sources.get(id)?.name ?? id).join(', ')),
    isPartOf: { '@type': 'CreativeWork', name: story.title, identifier: story.id },
  };
}

/** Every claim of a story, one JSON-LD document (`@graph`), in the story's order. */
export function claimReviewDocument(story: Story, options: ClaimReviewOptions): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@graph': story.claims.map((claim) => claimReview(story, claim, options)),
  };
}

/**
 * Dates from a claim's history (oldest first): it was published when it was added, or with the
 * story's first revision when it was there from the start; modified at its last change.
 */
export function claimDatesFrom(entries: readonly ClaimHistoryEntry[], storyStarted: Date): ClaimDates {
  let published = storyStarted;
  for (const entry of entries) if (entry.change === 'added') published = entry.at;
  const last = entries.at(-1);
  return { published, modified: last ? last.at : published };
}

export interface ClaimDatesSource {
  claimDates(story: string): Promise<((claimId: string) => ClaimDates | undefined) | undefined>;
}

/** The reviews of a story's latest stored revision; undefined when no such story is stored. */
export async function latestClaimReviews(
  deps: { store: Store; history: ClaimDatesSource },
  storyId: string,
  options: Omit<ClaimReviewOptions, 'dates'>,
): Promise<{ revision: number; document: Record<string, unknown> } | undefined> {
  const revision = await deps.store.revisions.latest(storyId);
  const story = revision ? storyOfRevision(revision) : undefined;
  if (!revision || !story) return undefined;
  const dates = (await deps.history.claimDates(storyId)) ?? (() => undefined);
  return { revision: revision.id, document: claimReviewDocument(story, { ...options, dates }) };
}
