import { UserError } from '../../errors.js';
import { storyOfRevision } from '../claims/revisions.js';
import type { ContentService } from '../content/service.js';
import type { ApplyOutcome, ContentEdit, EntityKind } from '../content/types.js';
import { capitalise } from '../helpers.js';
import type { ArticleInput, ArticleReader, Clock, ReadArticle } from '../ports.js';
import type { Store } from '../store.js';
import type { Actor, Claim, Source, Story, TimelineEvent } from '../story/schema.js';
import { applyProposals, withRequirements } from './apply.js';
import { proposeChanges, skeletonStory } from './propose.js';
import type { ProposalBatch, StoredProposal } from './stored.js';
import type { CoveredSentence, Proposal } from './types.js';

/**
 * Proposals from an article, kept for review and decided by editors (issue 16, ADR 0082): read
 * against the story's latest stored revision, stored as a batch, then each accepted (as proposed
 * or edited) or rejected. An accepted proposal is a change through the one write path, made on the
 * revision the article was read against (`via: proposal`, the article's address as reference),
 * so a field edited since is a conflict rather than overwritten, and alerts follow as for any edit.
 */

export interface ProposedBatch {
  batch: ProposalBatch;
  proposals: StoredProposal[];
  covered: CoveredSentence[];
}

export type AcceptOutcome =
  | { kind: 'accepted'; ids: number[]; outcome: Extract<ApplyOutcome, { kind: 'applied' | 'unchanged' }> }
  /** Held for an admin (the write path's rule); the proposals stay open. */
  | { kind: 'held'; ids: number[]; outcome: Extract<ApplyOutcome, { kind: 'pending' }> }
  /** Not stored: the proposals stay open. */
  | { kind: 'refused'; ids: number[]; outcome: Extract<ApplyOutcome, { kind: 'invalid' | 'conflict' }> };

export interface ProposeFor {
  story: string;
  /** Who asked: `slack:U…`, `cli:ana`. */
  by: string;
  /** The date "last month" is read against when the article gives none. */
  asOf?: string;
}

export interface ProposalReviewDeps {
  store: Store;
  content: ContentService;
  /** Loaded on first use: the reader pulls in an NLP model a bot that never proposes does not need. */
  reader: () => Promise<ArticleReader>;
  clock: Clock;
}

/** Fields an editor may change when accepting a proposal as edited. */
const CLAIM_FIELDS = ['text', 'status', 'hedging', 'confidence', 'note', 'about', 'source'] as const;
const CLEAR = new Set(['-', 'none', 'null', '']);

export class ProposalReview {
  constructor(private readonly deps: ProposalReviewDeps) {}

  /** Reads the article against the story (or drafts a story that does not exist) and stores the proposals. */
  async propose(input: ArticleInput, options: ProposeFor): Promise<ProposedBatch> {
    const article = await (await this.deps.reader()).read(input);
    return this.record(article, options);
  }

  /** Stores the proposals of an article already read (the command line reads with its own rules). */
  async record(article: ReadArticle, options: ProposeFor): Promise<ProposedBatch> {
    const latest = await this.deps.store.revisions.latest(options.story);
    const story = latest ? storyOfRevision(latest) : undefined;
    const set = proposeChanges(story, article, {
      storyId: options.story,
      ...(options.asOf ? { asOf: options.asOf } : {}),
    });
    const { batch, proposals } = await this.deps.store.proposals.addBatch(
      {
        story: options.story,
        baseRevision: latest?.id ?? null,
        address: article.address,
        title: article.title ?? null,
        draft: story ? null : skeletonStory(options.story, article),
        createdBy: options.by,
        createdAt: this.deps.clock.now(),
      },
      set.proposals,
    );
    return { batch, proposals, covered: set.covered };
  }

  open(story?: string): Promise<StoredProposal[]> {
    return this.deps.store.proposals.list({ status: 'open', ...(story ? { story } : {}) });
  }

  /**
   * Accepts open proposals (`all` of a story, or by number) with what they require, one change per
   * batch; `edits` (field=value, for one proposal) change it before it is applied.
   */
  async accept(
    chosen: readonly number[] | { all: string },
    by: string,
    edits: Record<string, string> = {},
  ): Promise<AcceptOutcome[]> {
    const picked = await this.pick(chosen);
    if (Object.keys(edits).length > 0 && picked.length !== 1)
      throw new UserError('Edit one proposal at a time: "proposal accept 12 hedging=hedged".');
    const results: AcceptOutcome[] = [];
    for (const [batchId, ids] of groupByBatch(picked)) {
      results.push(await this.acceptBatch(batchId, ids, by, edits));
    }
    return results;
  }

  /** Rejects open proposals; returns the numbers it rejected (one decided meanwhile is not). */
  async reject(chosen: readonly number[] | { all: string }, by: string): Promise<number[]> {
    const picked = await this.pick(chosen);
    return this.deps.store.proposals.decide(
      picked.map((p) => p.id),
      { status: 'rejected', by, at: this.deps.clock.now() },
    );
  }

  private async pick(chosen: readonly number[] | { all: string }): Promise<StoredProposal[]> {
    if ('all' in chosen) return this.open(chosen.all);
    const found = await this.deps.store.proposals.list({ ids: chosen });
    const open = found.filter((p) => p.status === 'open');
    const missing = chosen.filter((id) => !open.some((p) => p.id === id));
    if (missing.length > 0) {
      const decided = found.filter((p) => missing.includes(p.id));
      const why = decided.map((p) => `#${p.id} was ${p.status} by ${p.decidedBy ?? 'someone'}`);
      const unknown = missing.filter((id) => !decided.some((p) => p.id === id)).map((id) => `#${id}`);
      const said = [...why, ...(unknown.length > 0 ? [`there is no proposal ${unknown.join(', ')}`] : [])].join('; ');
      throw new UserError(`${capitalise(said)}. "/sitrep proposal list" shows the open ones.`);
    }
    return open;
  }

  private async acceptBatch(
    batchId: number,
    ids: readonly number[],
    by: string,
    edits: Record<string, string>,
  ): Promise<AcceptOutcome> {
    const batch = await this.deps.store.proposals.batch(batchId);
    if (!batch) throw new UserError(`Proposal batch ${batchId} is gone.`);
    const inBatch = await this.deps.store.proposals.list({ batch: batchId });
    const open = inBatch.filter((p) => p.status === 'open');
    const chosenLocal = inBatch.filter((p) => ids.includes(p.id)).map((p) => p.proposal.id);
    // What they require comes too, unless an earlier acceptance already put it in the story.
    const needed = withRequirements(
      open.map((p) => p.proposal),
      chosenLocal,
    );
    const applied = needed.map((p) => (chosenLocal.length === 1 && p.id === chosenLocal[0] ? edited(p, edits) : p));
    const storedIds = open.filter((p) => needed.some((n) => n.id === p.proposal.id)).map((p) => p.id);
    // A draft's first acceptance creates the story; later ones edit what it created.
    const base = batch.baseRevision ?? inBatch.find((p) => p.revisionId !== null)?.revisionId ?? null;
    const baseStory = base === null ? undefined : await this.storyAt(base);
    const change =
      baseStory === undefined
        ? [{ op: 'replace' as const, story: applyProposals(batch.draft ?? emptyStory(batch.story), applied) }]
        : editsFor(baseStory, applied);
    const outcome = await this.deps.content.apply({
      story: batch.story,
      baseRevision: baseStory === undefined ? null : base,
      origin: { author: by, via: 'proposal', reference: batch.address },
      edits: change,
    });
    switch (outcome.kind) {
      case 'applied':
      case 'unchanged': {
        const decided = await this.deps.store.proposals.decide(storedIds, {
          status: 'accepted',
          by,
          at: this.deps.clock.now(),
          revisionId: outcome.revision.id,
        });
        return { kind: 'accepted', ids: decided, outcome };
      }
      case 'pending':
        return { kind: 'held', ids: storedIds, outcome };
      default:
        return { kind: 'refused', ids: storedIds, outcome };
    }
  }

  private async storyAt(revisionId: number): Promise<Story | undefined> {
    const revision = await this.deps.store.revisions.get(revisionId);
    return revision ? storyOfRevision(revision) : undefined;
  }
}

function groupByBatch(proposals: readonly StoredProposal[]): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (const p of proposals) groups.set(p.batch, [...(groups.get(p.batch) ?? []), p.id]);
  return groups;
}

function emptyStory(id: string): Story {
  return { id, title: id, summary: { headline: id, short: id }, sources: [], actors: [], claims: [], timeline: [] };
}

const list = (raw: string) =>
  raw
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** A proposal as the editor changed it before accepting; the write path validates the values. */
export function edited(proposal: Proposal, edits: Record<string, string>): Proposal {
  if (Object.keys(edits).length === 0) return proposal;
  if (proposal.kind === 'status') {
    const unknown = Object.keys(edits).filter((f) => f !== 'status' && f !== 'note');
    if (unknown.length > 0) throw new UserError(`A status change takes status= and note=, not ${unknown.join(', ')}.`);
    return {
      ...proposal,
      ...(edits.status ? { to: edits.status as typeof proposal.to } : {}),
      ...(edits.note !== undefined ? { note: edits.note } : {}),
    };
  }
  if (proposal.kind !== 'claim') throw new UserError(`Only new claims and status changes can be edited when accepted.`);
  const claim: Record<string, unknown> = { ...proposal.claim };
  for (const [field, value] of Object.entries(edits)) {
    if (!(CLAIM_FIELDS as readonly string[]).includes(field))
      throw new UserError(`A claim's fields are ${CLAIM_FIELDS.join(', ')}, not ${field}.`);
    if (field === 'about' || field === 'source') claim[field] = list(value);
    else if (CLEAR.has(value.trim().toLowerCase()) && field !== 'text' && field !== 'status') delete claim[field];
    else claim[field] = value;
  }
  return { ...proposal, claim: claim as typeof proposal.claim };
}

type AddingProposal = Extract<Proposal, { kind: EntityKind }>;

/** The actor, source, claim or timeline entry a proposal adds. */
function proposedEntity(p: AddingProposal): Actor | Source | Claim | TimelineEvent {
  return p.kind === 'timeline' ? p.event : p.kind === 'actor' ? p.actor : p.kind === 'source' ? p.source : p.claim;
}

/** The proposals as edits of `base`, the revision they were read against. */
export function editsFor(base: Story, proposals: readonly Proposal[]): ContentEdit[] {
  const edits: ContentEdit[] = [];
  const aliases = new Map(base.actors.map((a) => [a.id, [...a.aliases]]));
  for (const p of proposals) {
    switch (p.kind) {
      case 'actor':
      case 'source':
      case 'claim':
      case 'timeline':
        edits.push({ op: 'add', entity: p.kind, value: { ...proposedEntity(p) } });
        break;
      case 'status':
        edits.push({ op: 'set', entity: 'claim', id: p.claimId, field: 'status', value: p.to });
        edits.push({ op: 'set', entity: 'claim', id: p.claimId, field: 'note', value: p.note });
        break;
      case 'alias': {
        const now = aliases.get(p.actorId);
        if (!now) {
          // An actor proposed in the same batch: the alias goes with its addition.
          const added = edits.find((e) => e.op === 'add' && e.entity === 'actor' && e.value.id === p.actorId);
          if (added?.op === 'add') added.value.aliases = [...((added.value.aliases as string[]) ?? []), p.alias];
          break;
        }
        if (!now.includes(p.alias)) now.push(p.alias);
        break;
      }
    }
  }
  for (const [id, list] of aliases) {
    const before = base.actors.find((a) => a.id === id)?.aliases ?? [];
    if (list.length !== before.length) edits.push({ op: 'set', entity: 'actor', id, field: 'aliases', value: list });
  }
  return edits;
}
