import { type AlertPlannerDeps, alertRequests, planAlerts } from '../claims/alerts.js';
import { hashMatches, storyHash } from '../claims/canonical.js';
import { diffSummary } from '../claims/describe.js';
import { diffStories } from '../claims/diff.js';
import { rememberRevisionStory, storyOfRevision } from '../claims/revisions.js';
import type { AdminNotifier } from '../delivery/types.js';
import { contextBlock } from '../message.js';
import type { Revision } from '../store.js';
import type { StoryCatalog } from '../story/catalog.js';
import type { Story } from '../story/schema.js';
import { ChunkedText } from './chunked-text.js';
import { chunkRevision } from './chunks.js';
import { diffTouches, rebaseEdits } from './conflicts.js';
import { applyEdits, changedFields, diffToEdits } from './edits.js';
import { patchChunkedText, readsAs, renderText } from './text.js';
import type {
  AlertPreview,
  ApplyOutcome,
  ContentChange,
  ContentConflict,
  ContentEdit,
  FieldClash,
  PendingChange,
  StoryRevision,
} from './types.js';
import { formatContentProblem, validateStory } from './validate.js';

export interface ContentServiceDeps extends AlertPlannerDeps {
  catalog: StoryCatalog;
  notifier: AdminNotifier;
  /** Serialises work on one story within this process (shared with the story-file importer). */
  exclusive<T>(story: string, work: () => Promise<T>): Promise<T>;
}

/** Told of every revision this process stored (after it is served): file writeback listens. */
export type RevisionListener = (event: {
  revision: Revision;
  story: Story;
  previous: Revision | undefined;
}) => Promise<void>;

/** How many times a change is rebased when other processes keep appending first. */
const MAX_ATTEMPTS = 8;

/**
 * The one write path for story content (ADR 0040): validate → rebase or refuse → store the
 * revision (atomically, only on top of the latest) → serve → audit → plan alerts. Every surface
 * calls `apply`; it knows nothing of where a change came from beyond its `origin`.
 *
 *   const outcome = await content.apply({
 *     story: 'kim-putin-summit', baseRevision: 41,
 *     origin: { author: 'slack:U123', via: 'chat' },
 *     edits: [{ op: 'set', entity: 'claim', id: 'kim-to-visit-russia', field: 'status', value: 'confirmed' }],
 *   });
 *   // outcome.kind: 'applied' | 'unchanged' | 'invalid' | 'conflict' | 'pending'
 */
export class ContentService {
  private readonly listeners: RevisionListener[] = [];
  /** Per story, the latest revision this service stored or read (see `latest`). */
  private readonly lastSeen = new Map<string, Revision>();
  /** Per story, the text of the latest revision this service stored or patched from, in its chunks. */
  private readonly texts = new Map<string, { revision: number; text: ChunkedText | undefined }>();

  constructor(private readonly deps: ContentServiceDeps) {}

  /** Called, in the story's turn, after every revision this process stores. */
  onRevision(listener: RevisionListener): void {
    this.listeners.push(listener);
  }

  /** The latest revision of a story and the story it holds (what an edit form starts from). */
  async current(story: string): Promise<StoryRevision | undefined> {
    const revision = await this.deps.store.revisions.latest(story);
    const parsed = revision && storyOfRevision(revision);
    return revision && parsed ? { revision, story: parsed } : undefined;
  }

  apply(change: ContentChange): Promise<ApplyOutcome> {
    return this.deps.exclusive(change.story, () => this.applyNow(change));
  }

  /** `apply` for a caller already holding the story's turn. */
  async applyNow(change: ContentChange): Promise<ApplyOutcome> {
    for (let attempt = 1; ; attempt++) {
      const latest = await this.latest(change.story);
      const outcome = await this.attempt(change, latest);
      if (outcome !== 'raced') {
        await this.audit(change, outcome);
        return outcome;
      }
      // Another process stored a revision first: rebase onto it.
      if (attempt >= MAX_ATTEMPTS) throw new Error(`story "${change.story}" is changing too fast to apply a change`);
    }
  }

  /**
   * Applies a held change an admin confirmed, on top of whatever is latest now (it is rebased or
   * refused like any other). `undefined` when it is no longer pending (decided already).
   */
  async confirm(id: number, admin: string): Promise<ApplyOutcome | undefined> {
    const held = await this.deps.store.pendingChanges.get(id);
    if (held?.status !== 'pending') return undefined;
    return this.deps.exclusive(held.story, async () => {
      const change = { ...(JSON.parse(held.change) as ContentChange), confirmed: true };
      const outcome = await this.applyNow(change);
      if (outcome.kind === 'applied' || outcome.kind === 'unchanged') {
        const decided = await this.deps.store.pendingChanges.decide(id, {
          status: 'confirmed',
          by: admin,
          at: this.deps.clock.now(),
          revisionId: outcome.revision.id,
        });
        if (!decided) this.deps.log.warn({ pending: id }, 'pending change decided twice');
      }
      return outcome;
    });
  }

  /** Drops a held change; false when it is no longer pending. */
  discard(id: number, admin: string): Promise<boolean> {
    return this.deps.store.pendingChanges.decide(id, { status: 'discarded', by: admin, at: this.deps.clock.now() });
  }

  /**
   * What saving `change` would do, without saving anything: its problems or conflict as `apply`
   * would answer, or the alerts it would raise (one per channel that would get one).
   */
  async previewAlerts(
    change: ContentChange,
  ): Promise<Exclude<ApplyOutcome, { kind: 'applied' | 'pending' }> | AlertPreview> {
    const latest = await this.latest(change.story);
    const outcome = await this.evaluate(change, latest, true);
    if (outcome === 'raced' || outcome.kind === 'applied' || outcome.kind === 'pending')
      throw new Error('a preview never stores');
    if (outcome.kind !== 'preview') return outcome;
    const revision = {
      id: 0,
      story: change.story,
      author: change.origin.author,
      via: change.origin.via,
      createdAt: this.deps.clock.now(),
    };
    const alerts = outcome.before ? await alertRequests(this.deps, revision, outcome.before, outcome.after) : [];
    return { kind: 'preview', alerts };
  }

  private async attempt(change: ContentChange, latest: Revision | undefined): Promise<ApplyOutcome | 'raced'> {
    const outcome = await this.evaluate(change, latest, false);
    if (outcome !== 'raced' && outcome.kind === 'preview') throw new Error('only a preview stops before storing');
    return outcome;
  }

  /** Validates, rebases and (unless `dryRun`) stores a change: the write path's one body. */
  private async evaluate(
    change: ContentChange,
    latest: Revision | undefined,
    dryRun: boolean,
  ): Promise<ApplyOutcome | 'raced' | { kind: 'preview'; before: Story | undefined; after: Story }> {
    const { store, clock } = this.deps;
    const problem = (field: string, message: string): ApplyOutcome => ({
      kind: 'invalid',
      problems: [{ field, message }],
    });
    if (change.edits.length === 0) return problem('edits', 'nothing to change');
    let base: Revision | undefined;
    if (change.baseRevision === null) {
      if (latest) return problem('story', `story "${change.story}" already exists (revision ${latest.id})`);
    } else {
      if (!latest) return problem('story', `no story "${change.story}"`);
      base = latest.id === change.baseRevision ? latest : await store.revisions.get(change.baseRevision);
      if (!base || base.story !== change.story)
        return problem('baseRevision', `revision ${change.baseRevision} is not a revision of "${change.story}"`);
    }
    const baseStory = base && storyOfRevision(base);
    const latestStory = latest && storyOfRevision(latest);
    if ((base && !baseStory) || (latest && !latestStory))
      return problem('story', 'a stored revision of this story cannot be read any more');

    let edits: readonly ContentEdit[] = change.edits;
    const stale = base !== undefined && latest !== undefined && base.id !== latest.id;
    const replaced = edits.find((e) => e.op === 'replace');
    if (replaced && stale && baseStory) {
      // A whole story made on an older revision merges as the edits it makes to that revision.
      const whole = applyEdits(undefined, undefined, [replaced]);
      const checked = whole.problems.length > 0 ? undefined : validateStory(whole.raw, change.story);
      if (!checked?.ok) return { kind: 'invalid', problems: checked?.problems ?? whole.problems };
      edits = [...diffToEdits(baseStory, checked.story), ...edits.filter((e) => e !== replaced)];
    }
    if (stale && baseStory && latestStory && latest) {
      const rebased = rebaseEdits(baseStory, latestStory, diffStories(baseStory, latestStory), edits);
      if (rebased.clashes.length > 0) {
        return { kind: 'conflict', conflicts: await this.attribute(base as Revision, rebased.clashes), latest };
      }
      edits = rebased.edits;
    }
    const applied = applyEdits(latestStory, baseStory, edits);
    if (applied.problems.length > 0) return { kind: 'invalid', problems: applied.problems };
    const checked = validateStory(applied.raw, change.story, latestStory);
    if (!checked.ok) return { kind: 'invalid', problems: checked.problems };
    const next = checked.story;
    const hash = storyHash(next);
    if (latest && hashMatches(latest.hash, next, hash)) return { kind: 'unchanged', revision: latest };

    if (dryRun) return { kind: 'preview', before: latestStory, after: next };
    const removal = latestStory && removesTooMuch(latestStory, next);
    if (removal && !change.confirmed) return { kind: 'pending', pending: await this.hold(change, removal) };

    const inPlace =
      change.text === undefined && latestStory ? this.patchInPlace(latest, latestStory, edits, next) : undefined;
    const text =
      inPlace?.text.text ??
      (change.text !== undefined && readsAs(change.text, next)
        ? change.text
        : renderText(latest?.content, latestStory, edits, next));
    const chunked = chunkRevision(text, next, latest, inPlace?.cut);
    const revision = await store.revisions.append(
      {
        story: change.story,
        hash,
        content: text,
        chunked,
        author: change.origin.author,
        via: change.origin.via,
        reference: change.origin.reference ?? null,
        createdAt: clock.now(),
        // A story's first revision is its baseline: nothing to alert.
        alertsPlanned: latest === undefined,
      },
      latest?.id ?? null,
    );
    if (!revision) return 'raced';
    this.remember(revision);
    this.texts.set(change.story, {
      revision: revision.id,
      text: inPlace?.text ?? ChunkedText.of(text, chunked.content),
    });
    rememberRevisionStory(revision, next);
    this.deps.catalog.put(next, text, revision.id);
    const diff = latestStory ? diffStories(latestStory, next) : undefined;
    this.deps.log.info(
      {
        story: change.story,
        revision: revision.id,
        via: change.origin.via,
        detail: diff ? diffSummary(diff) : 'first version',
      },
      'story revision recorded',
    );
    if (latest) {
      // The revision is stored; a failure here leaves it unplanned, for the periodic retry.
      const known =
        latestStory && revision.parentId === latest.id ? { before: latestStory, after: next, diff } : undefined;
      await planAlerts(this.deps, revision, known).catch((err: unknown) =>
        this.deps.log.error({ err, revision: revision.id }, 'planning alerts failed'),
      );
    }
    for (const listener of this.listeners) {
      await listener({ revision, story: next, previous: latest }).catch((err: unknown) =>
        this.deps.log.error({ err, revision: revision.id }, 'a revision listener failed'),
      );
    }
    return {
      kind: 'applied',
      revision,
      previous: latest,
      changed: diff ? changedFields(diff) : ['story'],
      ...(stale && base ? { rebasedFrom: base.id } : {}),
    };
  }

  /**
   * The story's latest revision. Revisions never change, so the one this service last stored or
   * read is reused when it is still the latest: only its id is asked for, not megabytes of text.
   */
  private async latest(story: string): Promise<Revision | undefined> {
    const { revisions } = this.deps.store;
    const known = this.lastSeen.get(story);
    const found = known && known.id === (await revisions.latestId(story)) ? known : await revisions.latest(story);
    if (found) this.remember(found);
    else this.lastSeen.delete(story);
    return this.lastSeen.get(story);
  }

  /**
   * Keeps the latest revision without its stored JSON: that is only for parsing the story, which the
   * catalog already serves, and at 10,000 claims it is megabytes of string held for nothing.
   */
  private remember(revision: Revision): void {
    this.lastSeen.set(revision.story, revision.storyJson ? { ...revision, storyJson: null } : revision);
  }

  /** A one-claim change patched inside the chunks of `latest`'s text (ADR 0044), when it can be. */
  private patchInPlace(latest: Revision | undefined, latestStory: Story, edits: readonly ContentEdit[], next: Story) {
    if (!latest?.chunks) return undefined;
    let held = this.texts.get(latest.story);
    if (held?.revision !== latest.id) {
      held = { revision: latest.id, text: ChunkedText.of(latest.content, latest.chunks.content) };
      this.texts.set(latest.story, held);
    }
    return held.text && patchChunkedText(held.text, latestStory, edits, next);
  }

  /** Who changed each clashing field since `base`, and when (the latest such revision). */
  private async attribute(base: Revision, clashes: FieldClash[]): Promise<ContentConflict[]> {
    const later = await this.deps.store.revisions.after(base.story, base.id);
    const by = new Map<string, Revision>();
    let before = storyOfRevision(base);
    for (const revision of later) {
      const story = storyOfRevision(revision);
      if (!before || !story) continue;
      const diff = diffStories(before, story);
      for (const clash of clashes) if (diffTouches(diff, clash.field)) by.set(clash.field, revision);
      before = story;
    }
    const fallback = later[later.length - 1] ?? base;
    return clashes.map((clash) => {
      const revision = by.get(clash.field) ?? fallback;
      return {
        ...clash,
        changedBy: revision.author,
        via: revision.via,
        changedAt: revision.createdAt,
        revision: revision.id,
      };
    });
  }

  private async hold(change: ContentChange, reason: string): Promise<PendingChange> {
    const { store, clock, notifier, log } = this.deps;
    const stored = await store.pendingChanges.add({
      story: change.story,
      baseRevision: change.baseRevision,
      author: change.origin.author,
      via: change.origin.via,
      reference: change.origin.reference ?? null,
      change: JSON.stringify(change),
      reason,
      createdAt: clock.now(),
    });
    const text =
      `A change to "${change.story}" by ${change.origin.author} (${change.origin.via}) ${reason}; it is held, not ` +
      `published. An admin confirms it with "/sitrep confirm ${stored.id}" or drops it with "/sitrep discard ${stored.id}".`;
    log.warn({ story: change.story, pending: stored.id, reason }, 'change held for an admin');
    await notifier
      .notify({ text, visibility: 'channel', cards: [{ tone: 'warning', blocks: [contextBlock(text)] }] })
      .catch((err: unknown) => log.error({ err }, 'could not tell admins about a held change'));
    return {
      id: stored.id,
      story: stored.story,
      baseRevision: stored.baseRevision,
      origin: change.origin,
      reason,
      createdAt: stored.createdAt,
    };
  }

  private async audit(change: ContentChange, outcome: ApplyOutcome): Promise<void> {
    const detail =
      outcome.kind === 'applied'
        ? `revision ${outcome.revision.id}: ${outcome.changed.join(', ')}`
        : outcome.kind === 'invalid'
          ? outcome.problems.map(formatContentProblem).join('; ')
          : outcome.kind === 'conflict'
            ? outcome.conflicts.map((c) => `${c.field} changed by ${c.changedBy} in revision ${c.revision}`).join('; ')
            : outcome.kind === 'pending'
              ? `held as pending change ${outcome.pending.id}: ${outcome.pending.reason}`
              : 'no change';
    await this.deps.store.audit.add({
      at: this.deps.clock.now(),
      actor: change.origin.author,
      via: change.origin.via,
      action: 'content.apply',
      target: change.story,
      outcome: outcome.kind === 'invalid' ? 'invalid' : outcome.kind === 'conflict' ? 'refused' : 'ok',
      detail: `${outcome.kind}: ${detail}${change.origin.reference ? ` [${change.origin.reference}]` : ''}`.slice(
        0,
        1000,
      ),
    });
  }
}

/**
 * Issue 11: a change that takes out more than a third of a story's claims (or all of them) is
 * far more often a truncated file or a slip than an intended edit; every tracking channel would be
 * told "claim removed" for each. Such a change waits for an admin.
 */
export function removesTooMuch(before: Story, after: Story): string | undefined {
  if (before.claims.length === 0) return undefined;
  const kept = new Set(after.claims.map((c) => c.id));
  const removed = before.claims.filter((c) => !kept.has(c.id)).length;
  if (removed === 0) return undefined;
  if (removed === before.claims.length || removed * 3 > before.claims.length)
    return `removes ${removed} of ${before.claims.length} claims`;
  return undefined;
}
