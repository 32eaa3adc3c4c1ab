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

export class StorySearch {
  private readonly docs: Doc[] = [];
  /** term → (doc index → weight of the term in it) */
  private readonly postings = new Map<string, Map<number, number>>();

  constructor(story: Story) {
    for (const claim of story.claims) {
      this.add({ kind: 'claim', claim }, [
        [claim.text, 3],
        [claim.note ?? '', 1.5],
        [claim.id.replace(/-/g, ' '), 1],
      ]);
    }
    for (const actor of story.actors) {
      this.add({ kind: 'actor', actor }, [
        [[actor.name, ...actor.aliases].join(' '), 4],
        [actor.role ?? '', 2],
        [actor.summary ?? '', 1],
      ]);
    }
    for (const source of story.sources) {
      this.add({ kind: 'source', source }, [[[source.name, ...(source.aliases ?? [])].join(' '), 3]]);
    }
    for (const event of story.timeline) this.add({ kind: 'event', event }, [[`${event.date} ${event.text}`, 2]]);
  }

  private add(item: Item, fields: Array<[string, number]>): void {
    const index = this.docs.length;
    const doc: Doc = { item, fields: [] };
    for (const [text, weight] of fields) {
      if (!text) continue;
      doc.fields.push({ text: ` ${terms(text).join(' ')} `, weight });
      for (const term of new Set(terms(text))) {
        const posting = this.postings.get(term) ?? new Map<number, number>();
        posting.set(index, Math.max(posting.get(index) ?? 0, weight));
        this.postings.set(term, posting);
      }
    }
    this.docs.push(doc);
  }

  /** Best first. Every word typed counts; matching them all, and as a phrase, counts most. */
  search(query: string, limit = 10): SearchHit[] {
    const words = [...new Set(terms(query))];
    if (words.length === 0) return [];
    const scores = new Map<number, { score: number; matched: number }>();
    for (const word of words) {
      const posting = this.postings.get(word);
      if (!posting) continue;
      const idf = Math.log(1 + this.docs.length / posting.size);
      for (const [doc, weight] of posting) {
        const entry = scores.get(doc) ?? { score: 0, matched: 0 };
        entry.score += idf * weight;
        entry.matched += 1;
        scores.set(doc, entry);
      }
    }
    const phrase = words.length > 1 ? ` ${words.join(' ')} ` : undefined;
    const ranked = [...scores]
      .map(([doc, { score, matched }]) => {
        let total = score * (matched / words.length) ** 2;
        const fields = (this.docs[doc] as Doc).fields;
        if (phrase && fields.some((f) => f.text.includes(phrase))) total *= 2;
        return { doc, total };
      })
      .sort((a, b) => b.total - a.total || a.doc - b.doc)
      .slice(0, limit);
    return ranked.map(({ doc, total }) => ({ ...(this.docs[doc] as Doc).item, score: total }));
  }

  /** A nearer query when nothing matched: each unknown word replaced by the closest word the story uses. */
  suggest(query: string): string | undefined {
    const words = normalizeName(query).split(' ').filter(Boolean);
    let changed = false;
    const fixed = words.map((word) => {
      if (STOP.has(word) || this.postings.has(stem(word))) return word;
      const budget = Math.max(1, Math.floor(word.length / 4));
      let best: string | undefined;
      let bestDistance = budget + 1;
      for (const term of this.postings.keys()) {
        if (Math.abs(term.length - word.length) > budget) continue;
        const d = distance(term, stem(word));
        if (d < bestDistance) {
          best = term;
          bestDistance = d;
        }
      }
      if (best === undefined) return word;
      changed = true;
      return best;
    });
    return changed && this.search(fixed.join(' '), 1).length > 0 ? fixed.join(' ') : undefined;
  }
}

const built = new WeakMap<Story, StorySearch>();

/** One index per loaded story version, built on first use. */
export function searchIndex(story: Story): StorySearch {
  let index = built.get(story);
  if (!index) {
    index = new StorySearch(story);
    built.set(story, index);
  }
  return index;
}
