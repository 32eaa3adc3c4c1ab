import type { ClaimHistory, ClaimHistoryEntry } from '../commands/services.js';
import type { Revision, Store } from '../store.js';
import { CLAIM_TRACKED_FIELDS, type Story } from '../story/schema.js';
import { type ClaimDates, claimDatesFrom } from './claim-review.js';
import { fieldChanges, formatValue } from './diff.js';
import { storyOfRevision } from './revisions.js';

/** What has been worked out for one story so far: later calls only look at newer revisions. */
interface StoryMemo {
  lastRevisionId: number;
  lastStory: Story | undefined;
  /** When the story's first revision was stored: the claims it began with date from then. */
  startedAt: Date | undefined;
  entries: Map<string, ClaimHistoryEntry[]>;
}

/**
 * A claim's history, from the stored revisions of its story: each revision is compared with the
 * one before it. The story's first revision is the baseline, so a claim that was there from the
 * start has no "added" entry; one added later has.
 */
export class RevisionClaimHistory implements ClaimHistory {
  private readonly memos = new Map<string, StoryMemo>();

  constructor(private readonly store: Store) {}

  async history(story: string, claimId: string): Promise<ClaimHistoryEntry[]> {
    const memo = await this.upToDate(story);
    return [...(memo.entries.get(claimId) ?? [])];
  }

  /** When each claim of the story entered it and last changed (undefined for a story never stored). */
  async claimDates(story: string): Promise<((claimId: string) => ClaimDates | undefined) | undefined> {
    const memo = await this.upToDate(story);
    const started = memo.startedAt;
    if (!started) return undefined;
    return (claimId) => claimDatesFrom(memo.entries.get(claimId) ?? [], started);
  }

  private async upToDate(story: string): Promise<StoryMemo> {
    const memo = this.memos.get(story) ?? {
      lastRevisionId: 0,
      lastStory: undefined,
      startedAt: undefined,
      entries: new Map(),
    };
    for (const revision of await this.newerRevisions(story, memo.lastRevisionId)) {
      const current = storyOfRevision(revision);
      if (!current) continue;
      if (memo.lastStory) record(memo.entries, memo.lastStory, current, revision);
      else memo.startedAt = revision.createdAt;
      memo.lastStory = current;
      memo.lastRevisionId = revision.id;
    }
    this.memos.set(story, memo);
    return memo;
  }

  /** Oldest first. Pages back from the newest until it meets what is already known. */
  private async newerRevisions(story: string, after: number): Promise<Revision[]> {
    const recent = await this.store.revisions.list(story, { limit: 10 });
    const reachesKnown = recent.length < 10 || recent.some((r) => r.id <= after);
    const all = reachesKnown ? recent : await this.store.revisions.list(story);
    return all.filter((r) => r.id > after).reverse();
  }
}

function record(entries: Map<string, ClaimHistoryEntry[]>, before: Story, after: Story, revision: Revision): void {
  const base = { revisionId: revision.id, at: revision.createdAt, author: revision.author, via: revision.via };
  const add = (id: string, entry: ClaimHistoryEntry) => entries.set(id, [...(entries.get(id) ?? []), entry]);
  const old = new Map(before.claims.map((c) => [c.id, c]));
  for (const claim of after.claims) {
    const previous = old.get(claim.id);
    if (!previous) {
      add(claim.id, { ...base, change: 'added' });
      continue;
    }
    const fields = fieldChanges(previous, claim, CLAIM_TRACKED_FIELDS);
    if (fields.length > 0) {
      add(claim.id, {
        ...base,
        change: fields.map((f) => ({ field: f.field, before: historyValue(f.before), after: historyValue(f.after) })),
      });
    }
  }
  const now = new Set(after.claims.map((c) => c.id));
  for (const claim of before.claims) if (!now.has(claim.id)) add(claim.id, { ...base, change: 'removed' });
}

/** Empty for an absent value: the claim view shows that as ∅. */
function historyValue(value: Parameters<typeof formatValue>[0]): string {
  return value === null ? '' : formatValue(value);
}
