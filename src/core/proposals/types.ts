import type { Actor, Claim, ClaimStatus, Source, TimelineEvent } from '../story/schema.js';

/** Where a proposal comes from in the article, and why the rules proposed it. */
export interface Evidence {
  /** The article's sentence, as written. */
  sentence: string;
  /** Its position in the article, from 0. */
  index: number;
  /** Why, in a line an editor can check against the sentence. */
  why: string;
}

interface Base extends Evidence {
  /** Stable within one proposal set: "p1", "p2", … */
  id: string;
  /** Proposals this one needs (a new claim needs the new actors and source it names). */
  requires: string[];
}

export type Proposal =
  | (Base & {
      kind: 'claim';
      claim: Claim /** An existing claim it resembles without restating it. */;
      related?: string;
    })
  | (Base & {
      kind: 'status';
      claimId: string;
      claimText: string;
      from: ClaimStatus;
      to: ClaimStatus;
      note: string;
    })
  | (Base & { kind: 'actor'; actor: Actor })
  | (Base & { kind: 'alias'; actorId: string; alias: string })
  | (Base & { kind: 'source'; source: Source })
  | (Base & { kind: 'timeline'; event: TimelineEvent });

export type ProposalKind = Proposal['kind'];

/** A sentence that restates a claim the story already has: no proposal, but shown, so nothing is silently dropped. */
export interface CoveredSentence {
  index: number;
  sentence: string;
  claimId: string;
  score: number;
}

export interface ProposalSet {
  story: string;
  /** True when the story does not exist yet and the proposals draft it. */
  draft: boolean;
  article: { address: string; title?: string; words: number; sentences: number };
  proposals: Proposal[];
  covered: CoveredSentence[];
}
