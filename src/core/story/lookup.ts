import { distance } from 'fastest-levenshtein';
import { normalizeName } from './normalize.js';

/**
 * Lookup of named things (actors, sources, claims, stories) by id, name or alias, with rules a
 * reader can predict:
 * - an exact name or alias wins outright ("kim" is the person whose alias is "Kim");
 * - then names holding every word typed, then names the words begin;
 * - then typos, one word at a time, about one slip per four letters;
 * - a query of two or three letters ("NK", "US") matches only exactly: abbreviations are aliases
 *   in the story, never guessed ("NK" is not "UK");
 * - a word of three letters or fewer is never "corrected" into another (only a dropped letter is
 *   forgiven: "Lnd" for "Lind"), so a typo never crosses a whole differing name word ("Kim Jong Il"
 *   is not Kim Jong Un; he is offered as a suggestion);
 * - a near-tie is a pick list, not a guess.
 * `search` is looser (prefixes of short words, whole-name typos): it feeds autocomplete and the
 * "did you mean" of a miss, where offering a near name is the point.
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
  /** The words run together: "whitehouse" for "white house". */
  joined: string;
}

/** A normalised query, split once for every entry it is scored against. */
interface Query {
  text: string;
  words: string[];
  joined: string;
}

const EXACT = 100;
const WORDS = 80;
const PREFIX = 60;
/** Queries this short match only exactly. */
const SHORT = 3;

function typoBudget(length: number): number {
  return Math.max(1, Math.floor(length / 4));
}

/** Optimal string alignment distance: Levenshtein with a swap of two neighbours counted as one slip. */
function slips(a: string, b: string, budget: number): number {
  const lev = distance(a, b);
  if (lev <= budget || lev > 2 * budget) return lev;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i += 1) {
    const row = rows[i] as number[];
    const above = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = best;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/** Each typed word matched to its own word of the name, exactly or (four letters and more) within a slip budget. */
function wordTypos(entryWords: readonly string[], queryWords: readonly string[]): number | undefined {
  const used = new Set<number>();
  let total = 0;
  for (const word of queryWords) {
    let best = -1;
    let bestSlips = Number.POSITIVE_INFINITY;
    for (const [i, candidate] of entryWords.entries()) {
      if (used.has(i)) continue;
      if (candidate === word) {
        best = i;
        bestSlips = 0;
        break;
      }
      if (candidate.length <= SHORT) continue;
      // A short typed word may only have dropped a letter ("Lnd" for "Lind"); never replaced one ("Il" for "Un").
      if (word.length <= SHORT && (candidate.length !== word.length + 1 || distance(candidate, word) !== 1)) continue;
      const budget = typoBudget(word.length);
      if (Math.abs(candidate.length - word.length) > budget) continue;
      const d = slips(candidate, word, budget);
      if (d <= budget && d < bestSlips) {
        best = i;
        bestSlips = d;
      }
    }
    if (best < 0) return undefined;
    used.add(best);
    total += bestSlips;
  }
  return total;
}

function strictScore<T>(entry: Entry<T>, q: Query): number {
  const { text: query, words: queryWords } = q;
  if (entry.key === query) return EXACT;
  if (query.length <= SHORT) return 0;
  if (queryWords.every((w) => entry.words.includes(w))) return WORDS - (entry.words.length - queryWords.length);
  if (entry.key.startsWith(query) || queryWords.every((w) => entry.words.some((x) => x.startsWith(w)))) {
    return PREFIX - (entry.key.length - query.length) / 10;
  }
  // "whitehouse" for "White House": the same letters, only the spaces differ.
  if (entry.words.length > 1 && entry.joined === q.joined) return PREFIX;
  const typos = wordTypos(entry.words, queryWords);
  if (typos !== undefined) return 50 - typos * 10 - (entry.words.length - queryWords.length);
  return 0;
}

/** The looser score of `search`: prefixes of any length, and typos over the whole name. */
function looseScore<T>(entry: Entry<T>, q: Query): number {
  const { text: query, words: queryWords } = q;
  const strict = strictScore(entry, q);
  if (strict > 0) return strict;
  if (entry.key.startsWith(query) || queryWords.every((w) => entry.words.some((x) => x.startsWith(w)))) {
    return PREFIX - (entry.key.length - query.length) / 10;
  }
  const budget = typoBudget(query.length);
  if (Math.abs(entry.key.length - query.length) <= budget) {
    const d = distance(entry.key, query);
    if (d <= budget) return 40 - d * 10;
  }
  if (queryWords.length === 1) {
    let best = Number.POSITIVE_INFINITY;
    for (const word of entry.words) {
      if (Math.abs(word.length - query.length) > budget) continue;
      best = Math.min(best, distance(word, query));
    }
    if (best <= budget) return 30 - best * 10;
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
        const words = key.split(' ');
        this.entries.push({ item, key, words, joined: words.join('') });
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
    const ranked = this.rank(q, limit, strictScore);
    const [first, second] = ranked;
    if (!first) return { kind: 'none', suggestions: this.rank(q, 3, looseScore).map((r) => r.item) };
    if (!second || first.score - second.score >= 10) return { kind: 'found', item: first.item };
    return { kind: 'ambiguous', candidates: ranked.map((r) => r.item) };
  }

  /** True when the query is exactly an item's id, name or alias (case, accents and spacing aside). */
  hasExactly(query: string): boolean {
    return this.exact.has(normalizeName(query));
  }

  /** Best matches first, loosely; for pick lists, autocomplete and "did you mean". */
  search(query: string, limit = 25): T[] {
    const q = normalizeName(query);
    if (!q) return this.unique().slice(0, limit);
    return this.rank(q, limit, looseScore).map((r) => r.item);
  }

  private rank(
    query: string,
    limit: number,
    score: (entry: Entry<T>, query: Query) => number,
  ): Array<{ item: T; score: number }> {
    const words = query.split(' ');
    const q: Query = { text: query, words, joined: words.join('') };
    const best = new Map<T, number>();
    for (const entry of this.entries) {
      const s = score(entry, q);
      if (s > (best.get(entry.item) ?? 0)) best.set(entry.item, s);
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
