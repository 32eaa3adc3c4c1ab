import { distance } from 'fastest-levenshtein';
import { normalizeName } from './normalize.js';
import type { Actor, Claim, Source, Story, TimelineEvent } from './schema.js';

/**
 * Ranked full-text search over a story: claims (text and notes), actors, sources and the timeline.
 * Case, accents and plurals fold away ("Armoured trains" finds "armoured train"); a phrase typed
 * whole ranks above the same words scattered; a claim's own words weigh more than its note.
 */

type Item =
  | { kind: 'claim'; claim: Claim }
  | { kind: 'actor'; actor: Actor }
  | { kind: 'source'; source: Source }
  | { kind: 'event'; event: TimelineEvent };

export type SearchHit = Item & { score: number };

interface Doc {
  item: Item;
  /** Normalised text of each field with its weight, for phrase matches. */
  fields: Array<{ text: string; weight: number }>;
}

const STOP = new Set(
  'a an and are as at be by for from has have he her his in is it its of on or that the their this to was were will with what who about did does do said say says'.split(
    ' ',
  ),
);

/** English plurals and possessives to one stem: trains → train, ministries → ministry, boxes → box. */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|x|ch|sh|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is'))
    return word.slice(0, -1);
  return word;
}

export function terms(text: string): string[] {
  return normalizeName(text)
    .split(' ')
    .filter((w) => w && !STOP.has(w))
    .map(stem);
}

/** The docs holding one term, with the term's weight in each; ascending doc order. */
interface Posting {
  readonly docs: readonly number[];
  readonly weights: readonly number[];
}

/**
 * One story version's search index, built once and never changed after (frozen, like the answers
 * cached from it): a query reads postings and scores only the documents holding its words; the
 * text of a document is read again only to check a phrase, and only for documents that could
 * still rank among the first `limit`.
 */
export class StorySearch {
  private readonly docs: readonly Doc[];
  private readonly postings: ReadonlyMap<string, Posting>;
  /** The story's terms by length, for "did you mean": a typo is within a letter or two of its word. */
  private readonly termsByLength: ReadonlyMap<number, readonly string[]>;
  /** The story's terms in order, for the word still being typed. */
  private readonly sortedTerms: readonly string[];

  constructor(story: Story) {
    const docs: Doc[] = [];
    const building = new Map<string, Map<number, number>>();
    const add = (item: Item, fields: Array<[string, number]>) => {
      const index = docs.length;
      const doc: Doc = { item, fields: [] };
      for (const [text, weight] of fields) {
        if (!text) continue;
        const words = terms(text);
        doc.fields.push(Object.freeze({ text: ` ${words.join(' ')} `, weight }));
        for (const term of words) {
          const posting = building.get(term) ?? new Map<number, number>();
          posting.set(index, Math.max(posting.get(index) ?? 0, weight));
          building.set(term, posting);
        }
      }
      Object.freeze(doc.fields);
      docs.push(Object.freeze(doc));
    };
    for (const claim of story.claims) {
      add({ kind: 'claim', claim }, [
        [claim.text, 3],
        [claim.note ?? '', 1.5],
        [claim.id.replace(/-/g, ' '), 1],
      ]);
    }
    for (const actor of story.actors) {
      add({ kind: 'actor', actor }, [
        [[actor.name, ...actor.aliases].join(' '), 4],
        [actor.role ?? '', 2],
        [actor.summary ?? '', 1],
      ]);
    }
    for (const source of story.sources) {
      add({ kind: 'source', source }, [[[source.name, ...(source.aliases ?? [])].join(' '), 3]]);
    }
    for (const event of story.timeline) add({ kind: 'event', event }, [[`${event.date} ${event.text}`, 2]]);

    const postings = new Map<string, Posting>();
    const byLength = new Map<number, string[]>();
    for (const [term, posting] of building) {
      postings.set(
        term,
        Object.freeze({ docs: Object.freeze([...posting.keys()]), weights: Object.freeze([...posting.values()]) }),
      );
      const same = byLength.get(term.length) ?? [];
      same.push(term);
      byLength.set(term.length, same);
    }
    for (const list of byLength.values()) Object.freeze(list);
    this.docs = Object.freeze(docs);
    this.postings = postings;
    this.termsByLength = byLength;
    this.sortedTerms = Object.freeze([...postings.keys()].sort());
    Object.freeze(this);
  }

  /** Best first. Every word typed counts; matching them all, and as a phrase, counts most. */
  search(query: string, limit = 10): SearchHit[] {
    const words = [...new Set(terms(query))];
    if (words.length === 0 || limit <= 0) return [];
    const score = new Float64Array(this.docs.length);
    const matched = new Uint16Array(this.docs.length);
    const touched: number[] = [];
    for (const word of words) {
      const posting = this.postings.get(word);
      if (!posting) continue;
      const idf = Math.log(1 + this.docs.length / posting.docs.length);
      const { docs, weights } = posting;
      for (let i = 0; i < docs.length; i += 1) {
        const doc = docs[i] as number;
        if (matched[doc] === 0) touched.push(doc);
        score[doc] = (score[doc] as number) + idf * (weights[i] as number);
        matched[doc] = (matched[doc] as number) + 1;
      }
    }
    const base = (doc: number) => (score[doc] as number) * ((matched[doc] as number) / words.length) ** 2;
    const phrase = words.length > 1 ? ` ${words.join(' ')} ` : undefined;
    let ranked: Ranked[];
    if (!phrase) {
      ranked = topRanked(touched, base, limit);
    } else {
      // A phrase doubles a score, and only a document holding every word can hold the phrase. Its
      // text is read for it only when doubling would lift it to the first `limit` by words alone.
      const floor = topRanked(touched, base, limit).at(-1)?.total ?? 0;
      const all = words.length;
      const withPhrase = (doc: number) => {
        const words = base(doc);
        if (matched[doc] !== all || 2 * words < floor) return words;
        return (this.docs[doc] as Doc).fields.some((f) => f.text.includes(phrase)) ? 2 * words : words;
      };
      ranked = topRanked(touched, withPhrase, limit);
    }
    return ranked.map(({ doc, total }) => ({ ...(this.docs[doc] as Doc).item, score: total }));
  }

  /**
   * Search as it is typed (autocomplete): the last word may be unfinished, so when the story has no
   * such word it stands for the story's most used word that begins with it ("armou" → "armoured").
   */
  searchAsTyped(query: string, limit = 10): SearchHit[] {
    const words = normalizeName(query).split(' ').filter(Boolean);
    const last = words.at(-1);
    if (!last || this.postings.has(stem(last))) return this.search(query, limit);
    const completion = this.mostUsedStartingWith(last);
    return this.search([...words.slice(0, -1), completion ?? last].join(' '), limit);
  }

  private mostUsedStartingWith(prefix: string): string | undefined {
    let low = 0;
    let high = this.sortedTerms.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.sortedTerms[mid] as string) < prefix) low = mid + 1;
      else high = mid;
    }
    let best: string | undefined;
    let uses = 0;
    for (let i = low; i < this.sortedTerms.length && (this.sortedTerms[i] as string).startsWith(prefix); i += 1) {
      const term = this.sortedTerms[i] as string;
      const count = this.postings.get(term)?.docs.length ?? 0;
      if (count > uses) {
        best = term;
        uses = count;
      }
    }
    return best;
  }

  /** A nearer query when nothing matched: each unknown word replaced by the closest word the story uses. */
  suggest(query: string): string | undefined {
    const words = normalizeName(query).split(' ').filter(Boolean);
    let changed = false;
    const fixed = words.map((word) => {
      if (STOP.has(word) || this.postings.has(stem(word))) return word;
      const stemmed = stem(word);
      const budget = Math.max(1, Math.floor(word.length / 4));
      let best: string | undefined;
      let bestDistance = budget + 1;
      for (let length = word.length - budget; length <= word.length + budget; length += 1) {
        for (const term of this.termsByLength.get(length) ?? []) {
          const d = distance(term, stemmed);
          if (d < bestDistance) {
            best = term;
            bestDistance = d;
          }
        }
      }
      if (best === undefined) return word;
      changed = true;
      return best;
    });
    return changed && this.search(fixed.join(' '), 1).length > 0 ? fixed.join(' ') : undefined;
  }
}

interface Ranked {
  doc: number;
  total: number;
}

/** The first `limit` documents by score, best first, ties in story order; without sorting them all. */
function topRanked(docs: readonly number[], scoreOf: (doc: number) => number, limit: number): Ranked[] {
  const top: Ranked[] = [];
  const before = (a: Ranked, b: Ranked) => a.total > b.total || (a.total === b.total && a.doc < b.doc);
  for (const doc of docs) {
    const entry = { doc, total: scoreOf(doc) };
    const last = top[top.length - 1];
    if (top.length >= limit && last && !before(entry, last)) continue;
    let at = top.length;
    while (at > 0 && before(entry, top[at - 1] as Ranked)) at -= 1;
    top.splice(at, 0, entry);
    if (top.length > limit) top.pop();
  }
  return top;
}

const built = new WeakMap<Story, StorySearch>();

/** One index per story version (a revision is a new Story), built on its first search and reused. */
export function searchIndex(story: Story): StorySearch {
  let index = built.get(story);
  if (!index) {
    index = new StorySearch(story);
    built.set(story, index);
  }
  return index;
}
