import type { Story } from '../story/schema.js';
import type { Proposal } from './types.js';

/** Proposals kept for review (migration 009): the storage port's part for them. */

export type ProposalStatus = 'open' | 'accepted' | 'rejected';

/** One reading of one article against one story. */
export interface ProposalBatch {
  id: number;
  story: string;
  /** The revision the article was read against (null: the story did not exist; the batch drafts it). */
  baseRevision: number | null;
  /** The article's URL, or the file or "text" it came from. */
  address: string;
  title: string | null;
  /** The story this batch drafts (it did not exist when the article was read): its skeleton. */
  draft: Story | null;
  createdBy: string;
  createdAt: Date;
}

export type NewProposalBatch = Omit<ProposalBatch, 'id'>;

export interface StoredProposal {
  /** Shown to editors as #id; unique across batches. */
  id: number;
  batch: number;
  story: string;
  /** As the rules proposed it; `requires` names other proposals of its batch by their local ids. */
  proposal: Proposal;
  status: ProposalStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
  /** The revision an accepted proposal went into. */
  revisionId: number | null;
}

export interface ProposalDecision {
  status: 'accepted' | 'rejected';
  by: string;
  at: Date;
  revisionId?: number;
}

export interface ProposalRepo {
  addBatch(
    batch: NewProposalBatch,
    proposals: readonly Proposal[],
  ): Promise<{ batch: ProposalBatch; proposals: StoredProposal[] }>;
  batch(id: number): Promise<ProposalBatch | undefined>;
  /** Oldest first. */
  list(filter?: {
    story?: string;
    status?: ProposalStatus;
    batch?: number;
    ids?: readonly number[];
  }): Promise<StoredProposal[]>;
  /**
   * Decides the proposals of `ids` that are still open; returns the ids it decided. One decided
   * meanwhile (another editor, a replayed request) is left as it is.
   */
  decide(ids: readonly number[], decision: ProposalDecision): Promise<number[]>;
}
