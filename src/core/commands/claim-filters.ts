import { distance } from 'fastest-levenshtein';
import type { StoryCatalog } from '../story/catalog.js';
import { CLAIM_STATUSES, type Claim, CONFIDENCES, HEDGINGS } from '../story/schema.js';

/** `unconfirmed`: every status but confirmed, the question a careful reader asks first. */
export const STATUS_FILTERS = [...CLAIM_STATUSES, 'unconfirmed'] as const;

export interface ClaimFilters {
  story?: string;
  /** An actor or a source, as typed. */
  who?: string;
  status?: string;
  hedging?: string;
  confidence?: string;
}

const KEYWORDS: Array<[keyof ClaimFilters, readonly string[]]> = [
  ['status', STATUS_FILTERS],
  ['hedging', HEDGINGS],
  ['confidence', CONFIDENCES],
];

/**
 * Sorts the words of `claims …` into filters, in any order: a status, a hedging and a confidence
 * word are recognised wherever they stand; a loaded story's id is the story; the rest names an
 * actor or a source. Two words for the same filter are a mistake, said plainly.
 */
export function splitFilters(words: readonly string[], catalog: StoryCatalog): ClaimFilters | { error: string } {
  const filters: ClaimFilters = {};
  const rest: string[] = [];
  for (const word of words) {
    const lower = word.toLowerCase();
    const keyword = KEYWORDS.find(([, values]) => values.includes(lower));
    if (keyword) {
      const [field] = keyword;
      if (filters[field] !== undefined && filters[field] !== lower) {
        return { error: `two ${field} filters ("${filters[field]}" and "${lower}"): give one` };
      }
      filters[field] = lower;
    } else if (filters.story === undefined && rest.length === 0 && catalog.list().length > 1 && catalog.isStory(word)) {
      filters.story = word;
    } else {
      rest.push(word);
    }
  }
  if (rest.length > 0) filters.who = rest.join(' ');
  return filters;
}

/** A typed word that is nearly a filter keyword ("speculativ"): for the "did you mean" of a miss. */
export function nearKeyword(word: string): string | undefined {
  const lower = word.toLowerCase();
  if (lower.length < 4) return undefined;
  for (const [, values] of KEYWORDS) {
    const near = values.find((v) => distance(v, lower) <= Math.max(1, Math.floor(v.length / 5)));
    if (near) return near;
  }
  return undefined;
}

export function matchesFilters(claim: Claim, filters: ClaimFilters): boolean {
  if (filters.status === 'unconfirmed') {
    if (claim.status === 'confirmed') return false;
  } else if (filters.status && claim.status !== filters.status) return false;
  if (filters.hedging && claim.hedging !== filters.hedging) return false;
  if (filters.confidence && claim.confidence !== filters.confidence) return false;
  return true;
}

/** "with status reported, speculative, high confidence": the filters as a reader says them. */
export function describeFilters(filters: ClaimFilters): string {
  const parts: string[] = [];
  if (filters.status === 'unconfirmed') parts.push('not confirmed');
  else if (filters.status) parts.push(`with status ${filters.status}`);
  const qualities = [
    filters.hedging && (filters.hedging === 'hedged' ? 'hedged by the source' : filters.hedging),
    filters.confidence && `${filters.confidence} confidence`,
  ].filter(Boolean);
  if (qualities.length > 0) parts.push(parts.length > 0 ? `, ${qualities.join(', ')}` : qualities.join(', '));
  return parts.join('');
}
