import { validateEdit } from '../claims/edit-values.js';
import type { ClaimEditOutcome, ClaimEditor, ClaimEditRequest } from '../commands/services.js';
import type { Clock } from '../ports.js';
import type { Store } from '../store.js';
import type { StoryCatalog } from '../story/catalog.js';
import { changedSince } from './conflict-text.js';
import type { ContentService } from './service.js';
import type { ApplyOutcome, ContentEdit } from './types.js';
import { formatContentProblem } from './validate.js';

export interface ClaimEditorDeps {
  store: Store;
  catalog: StoryCatalog;
  clock: Clock;
  content: ContentService;
  /** Before an edit from chat: a story-file edit saved but not yet picked up becomes its own revision first. */
  syncFile?(story: string): Promise<void>;
  /**
   * The story's file and whether it now holds `revision`: with writeback off (or no file) the change
   * lives only in the database, and the answer must not claim a file was saved; a file left as it
   * was (it holds edits not valid yet) is named, so its editor knows their next save merges.
   */
  fileState?(story: string, revision: number): { file: string; holds: boolean } | undefined;
}

/**
 * `/sitrep set` and `sitrep ask "set …"` on the write path: the typed `field=value` pairs are read
 * against the served story (names to ids, close spellings suggested), then applied as a change on
 * the revision the caller was served. Every attempt, accepted or not, is audited.
 */
export class ContentClaimEditor implements ClaimEditor {
  constructor(private readonly deps: ClaimEditorDeps) {}

  async apply(request: ClaimEditRequest): Promise<ClaimEditOutcome> {
    const { catalog, content } = this.deps;
    if (!catalog.get(request.story)) return this.refuse(request, `No story "${request.story}" is loaded.`);
    await this.deps.syncFile?.(request.story);
    const view = catalog.get(request.story);
    const claim = view?.claimById.get(request.claimId);
    if (!view || !claim) return this.refuse(request, `No claim "${request.claimId}" in story "${request.story}".`);
    const edit = validateEdit(request.changes, claim, view);
    if (edit.problems.length > 0) return this.refuse(request, edit.problems.join('\n'));
    const current = view.revision ?? (await this.deps.store.revisions.latest(request.story))?.id;
    if (edit.changed.length === 0 && current !== undefined) {
      await this.audit(request, 'ok', 'no change: the claim already has these values');
      return { ok: true, revisionId: current, changedFields: [] };
    }
    const edits: ContentEdit[] = Object.entries(edit.patch).map(([field, value]) => ({
      op: 'set',
      entity: 'claim',
      id: claim.id,
      field,
      value,
    }));
    const outcome = await content.apply({
      story: request.story,
      baseRevision: current ?? null,
      origin: { author: request.author, via: request.via },
      edits,
    });
    return this.answer(request, claim.id, outcome);
  }

  private async answer(request: ClaimEditRequest, claimId: string, outcome: ApplyOutcome): Promise<ClaimEditOutcome> {
    const prefix = `claims.${claimId}.`;
    switch (outcome.kind) {
      case 'applied': {
        const fields = outcome.changed.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length));
        await this.audit(request, 'ok', `${request.story}: revision ${outcome.revision.id}, ${fields.join(', ')}`);
        const state = this.deps.fileState?.(request.story, outcome.revision.id);
        const file = state && (state.holds ? { file: state.file } : { fileLeftAlone: state.file });
        return { ok: true, revisionId: outcome.revision.id, changedFields: fields, ...file };
      }
      case 'unchanged':
        await this.audit(request, 'ok', 'no change: the claim already has these values');
        return { ok: true, revisionId: outcome.revision.id, changedFields: [] };
      case 'invalid':
        return this.refuse(
          request,
          `The change would make the story invalid:\n${outcome.problems.slice(0, 5).map(formatContentProblem).join('\n')}`,
        );
      case 'conflict':
        return this.refuse(
          request,
          outcome.conflicts
            .map(
              (c) =>
                `${c.field.startsWith(prefix) ? c.field.slice(prefix.length) : c.field}: ` +
                `${changedSince(c, 'you started editing')}. Nothing was changed; look again and repeat your edit if it still applies.`,
            )
            .join('\n'),
        );
      case 'pending':
        return this.refuse(
          request,
          `Held for an admin: this change ${outcome.pending.reason} (pending ${outcome.pending.id}).`,
        );
    }
  }

  private async refuse(request: ClaimEditRequest, message: string): Promise<ClaimEditOutcome> {
    await this.audit(request, 'invalid', message);
    return { ok: false, message };
  }

  private async audit(request: ClaimEditRequest, outcome: 'ok' | 'invalid', detail: string): Promise<void> {
    const asked = Object.entries(request.changes)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(' ');
    await this.deps.store.audit.add({
      at: this.deps.clock.now(),
      actor: request.author,
      via: request.via,
      action: 'set',
      target: request.claimId,
      outcome,
      detail: `${detail.slice(0, 800)} [asked: ${asked.slice(0, 400)}]`,
    });
  }
}
