import type { Claim } from '../story/schema.js';
import { contentWords } from './words.js';

/**
 * Which claims a sentence restates, scored by the words they share (each weighted by how rare it
 * is among the story's claims, so "Vostochny" counts for more than "Russia") and by the actors
 * they share. A rewording of a claim scores high; a sentence about something else scores near 0.
 */

export interface ClaimCandidate {
  claim: Claim;
  /** 0..1: shared word weight over the two texts' weights (Dice), with shared actors. */
  score: number;
  words: number;
  actors: number;
  shared: string[];
}

// A word on at most this share of the claims (or 20 claims) is rare enough to find candidates by.
const RARE_SHARE = 0.02;

const built = new WeakMap<readonly Claim[], ClaimIndex>();

export class ClaimIndex {
  /** The index of a story's claims, built once per story version (a version is never changed). */
  static of(claims: readonly Claim[]): ClaimIndex {
    let index = built.get(claims);
    if (!index) {
      index = new ClaimIndex(claims);
      built.set(claims, index);
    }
    return index;
  }

  private readonly postings = new Map<string, number[]>();
  private readonly byActor = new Map<string, number[]>();
  private readonly claimWeights: number[] = [];
  private readonly claimWords: Array<Set<string>> = [];
  private readonly total: number;

  constructor(readonly claims: readonly Claim[]) {
    this.total = claims.length;
    claims.forEach((claim, i) => {
      const words = contentWords(claim.text);
      this.claimWords.push(new Set(words));
      for (const word of words) {
        const list = this.postings.get(word);
        if (list) list.push(i);
        else this.postings.set(word, [i]);
      }
      for (const actor of claim.about) {
        const list = this.byActor.get(actor);
        if (list) list.push(i);
        else this.byActor.set(actor, [i]);
      }
    });
    for (const words of this.claimWords) this.claimWeights.push([...words].reduce((sum, w) => sum + this.idf(w), 0));
  }

  idf(word: string): number {
    const df = this.postings.get(word)?.length ?? 0;
    return Math.log(1 + (this.total + 1) / (df + 1));
  }

  /** The best-scoring claims for a sentence's words and actor ids, best first. */
  match(text: string, actorIds: ReadonlySet<string>, limit = 5, minScore = 0.15): ClaimCandidate[] {
    const words = contentWords(text);
    const weights = words.map((w) => this.idf(w));
    const sentenceWeight = weights.reduce((sum, w) => sum + w, 0);
    // Candidates: claims sharing a rare word or an actor with the sentence. A restated claim shares
    // at least one; common words then count towards the score of those candidates only.
    const touched = new Set<number>();
    const rare = Math.max(20, this.total * RARE_SHARE);
    for (const word of words) {
      const list = this.postings.get(word);
      if (list && list.length <= rare) for (const i of list) touched.add(i);
    }
    for (const actor of actorIds) for (const i of this.byActor.get(actor) ?? []) touched.add(i);
    const candidates: Array<ClaimCandidate & { at: number }> = [];
    for (const i of touched) {
      const claimWords = this.claimWords[i] as Set<string>;
      let shared = 0;
      for (let k = 0; k < words.length; k += 1) if (claimWords.has(words[k] as string)) shared += weights[k] as number;
      const wordScore = (2 * shared) / (sentenceWeight + (this.claimWeights[i] ?? 0) || 1);
      // Shared actors add at most 0.2: skip what cannot reach the threshold without counting them.
      if (0.8 * wordScore + 0.2 < minScore) continue;
      const claim = this.claims[i] as Claim;
      const actorShare = claim.about.filter((a) => actorIds.has(a)).length / claim.about.length;
      const score = 0.8 * wordScore + 0.2 * actorShare;
      if (score < minScore) continue;
      candidates.push({ claim, score, words: wordScore, actors: actorShare, shared: [], at: i });
    }
    const best = candidates.sort((a, b) => b.score - a.score).slice(0, limit);
    return best.map(({ at, ...candidate }) => {
      const claimWords = this.claimWords[at] ?? new Set<string>();
      return { ...candidate, shared: words.filter((w) => claimWords.has(w)) };
    });
  }
}
