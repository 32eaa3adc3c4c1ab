import { distance } from 'fastest-levenshtein';
import { normalizeName } from './normalize.js';

/**
 * Fuzzy lookup of named things (actors, claims, stories) by id, name or alias. Exact matches win
 * outright, so "kim" finds the person whose alias is "Kim" and not everything that mentions Kim;
 * otherwise whole words, then prefixes, then small typos score, and a near-tie becomes a pick list.
 */

export interface Named {
  id: string;
  names: readonly string[];
}

export type LookupResult<T> =
  | { kind: 'found'; item: T }
  | { kind: 'ambiguous'; candidates: T[] }
  | { kind: 'none'; suggestions: T[] };

interface Entry<T> {
  item: T;
  key: string;
  words: string[];
}

const EXACT = 100;
const WORDS = 80;
const PREFIX = 60;

function scoreKey<T>(entry: Entry<T>, query: string, queryWords: string[]): number {
  if (entry.key === query) return EXACT;
  if (queryWords.every((w) => entry.words.includes(w))) return WORDS - (entry.words.length - queryWords.length);
  if (entry.key.startsWith(query) || queryWords.every((w) => entry.words.some((x) => x.startsWith(w)))) {
    return PREFIX - (entry.key.length - query.length) / 10;
  }
  // Typos: compare with the whole key and with each word, allowing about one edit per four letters.
  const budget = Math.max(1, Math.floor(query.length / 4));
  if (Math.abs(entry.key.length - query.length) <= budget) {
    const d = distance(entry.key, query);
    if (d <= budget) return 50 - d * 10;
  }
  if (queryWords.length === 1) {
    let best = Number.POSITIVE_INFINITY;
    for (const word of entry.words) {
      if (Math.abs(word.length - query.length) > budget) continue;
      best = Math.min(best, distance(word, query));
    }
    if (best <= budget) return 40 - best * 10;
  }
  return 0;
}

export class NameIndex<T extends Named> {
  private readonly entries: Entry<T>[] = [];
  private readonly exact = new Map<string, T[]>();

  constructor(items: readonly T[]) {
    for (const item of items) {
      const keys = new Set([item.id, item.id.replace(/-/g, ' '), ...item.names].map(normalizeName).filter(Boolean));
      for (const key of keys) {
        this.entries.push({ item, key, words: key.split(' ') });
        const list = this.exact.get(key) ?? [];
        if (!list.includes(item)) list.push(item);
        this.exact.set(key, list);
      }
    }
  }

  find(query: string, limit = 5): LookupResult<T> {
    const q = normalizeName(query);
    if (!q) return { kind: 'none', suggestions: [] };
    const exact = this.exact.get(q);
    if (exact?.length === 1 && exact[0]) return { kind: 'found', item: exact[0] };
    // A name several items share exactly is a pick list of those, whatever else scores.
    if (exact && exact.length > 1) return { kind: 'ambiguous', candidates: exact.slice(0, limit) };
    const ranked = this.rank(q, limit);
    const [first, second] = ranked;
    if (!first) return { kind: 'none', suggestions: [] };
    if (!second || first.score - second.score >= 10) return { kind: 'found', item: first.item };
    return { kind: 'ambiguous', candidates: ranked.map((r) => r.item) };
  }

  /** Best matches first; for pick lists and autocomplete. */
  search(query: string, limit = 25): T[] {
    const q = normalizeName(query);
    if (!q) return this.unique().slice(0, limit);
    return this.rank(q, limit).map((r) => r.item);
  }

  private rank(query: string, limit: number): Array<{ item: T; score: number }> {
    const words = query.split(' ');
    const best = new Map<T, number>();
    for (const entry of this.entries) {
      const score = scoreKey(entry, query, words);
      if (score > (best.get(entry.item) ?? 0)) best.set(entry.item, score);
    }
    return [...best]
      .map(([item, score]) => ({ item, score }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }

  private unique(): T[] {
    return [...new Set(this.entries.map((e) => e.item))];
  }
}
