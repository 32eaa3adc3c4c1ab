import type { SitrepConfig } from '../config/schema.js';
import type { ConsoleSignIn } from '../console/sign-in.js';
import type { ContentService } from '../content/service.js';
import type { ProposalReview } from '../proposals/review.js';
import type { Store } from '../store.js';

/** An admin's change to one claim, as `/sitrep set` and `sitrep ask "set …"` request it. */
export interface ClaimEditRequest {
  story: string;
  claimId: string;
  changes: Record<string, string>;
  author: string;
  via: 'chat' | 'cli';
}

export type ClaimEditOutcome =
  /** `file`: the story file that now holds the revision, when this copy's file was written back. */
  | { ok: true; revisionId: number; changedFields: string[]; file?: string; fileLeftAlone?: string }
  | { ok: false; message: string };

/** The one validated write path for story edits (files, chat and CLI all end up here). */
export interface ClaimEditor {
  apply(request: ClaimEditRequest): Promise<ClaimEditOutcome>;
}

/** One accepted change to a claim, as `/sitrep claim <id>` lists its history. */
export interface ClaimHistoryEntry {
  revisionId: number;
  at: Date;
  author: string;
  via: string;
  change: 'added' | 'removed' | Array<{ field: string; before: string; after: string }>;
}

export interface ClaimHistory {
  /** Oldest first. */
  history(story: string, claimId: string): Promise<ClaimHistoryEntry[]>;
}

/** What commands reach beyond the loaded stories. */
export interface CommandServices {
  store: Store;
  config: SitrepConfig;
  editor: ClaimEditor;
  history: ClaimHistory;
  /** The write path (held changes are confirmed or dropped through it). */
  content?: ContentService;
  /** Article proposals and their review, where an article reader is wired in. */
  proposals?: ProposalReview;
  /** The editors' console's sign-in, where the console runs. */
  console?: ConsoleSignIn;
}
