import { randomBytes } from 'node:crypto';
import { chmod, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ClaimEditOutcome, ClaimEditor, ClaimEditRequest } from '../commands/services.js';
import type { Logger } from '../log.js';
import type { Clock } from '../ports.js';
import type { Store } from '../store.js';
import type { StoryCatalog } from '../story/catalog.js';
import { formatProblem, parseStory } from '../story/load.js';
import { compactFields } from './describe.js';
import { diffStories } from './diff.js';
import { validateEdit } from './edit-values.js';
import type { RevisionRecorder } from './recorder.js';
import { patchClaim } from './yaml-edit.js';

export interface EditorDeps {
  store: Store;
  catalog: StoryCatalog;
  clock: Clock;
  log: Logger;
  recorder: RevisionRecorder;
  /** The file a story is stored in. */
  fileOf(story: string): string;
}

/**
 * `/sitrep set` and `sitrep ask "set …"`: validates the change, re-validates the whole story,
 * writes the file atomically with its comments and layout kept, and records the revision (which
 * raises the alerts). Every attempt, accepted or not, is audited.
 */
export class FileClaimEditor implements ClaimEditor {
  constructor(private readonly deps: EditorDeps) {}

  async apply(request: ClaimEditRequest): Promise<ClaimEditOutcome> {
    const { catalog, recorder } = this.deps;
    if (!catalog.get(request.story)) return this.refuse(request, `No story "${request.story}" is loaded.`);
    return recorder.exclusive(request.story, async () => {
      const file = this.deps.fileOf(request.story);
      // An edit saved on disk that the watcher has not picked up yet becomes its own revision
      // first, so that it is attributed to the file and not to this command.
      const synced = await recorder.ingestFileNow(file, { author: 'file', via: 'file' });
      if (synced.kind === 'missing') return this.refuse(request, `The file of story "${request.story}" is missing.`);
      if (synced.kind === 'invalid') {
        const lines = synced.problems.slice(0, 5).map(formatProblem).join('\n');
        return this.refuse(request, `The story file has problems; fix them before editing from chat:\n${lines}`);
      }
      const view = catalog.get(request.story);
      const claim = view?.claimById.get(request.claimId);
      if (!view || !claim) return this.refuse(request, `No claim "${request.claimId}" in story "${request.story}".`);
      const edit = validateEdit(request.changes, claim, view);
      if (edit.problems.length > 0) return this.refuse(request, edit.problems.join('\n'));
      if (edit.changed.length === 0) {
        await this.audit(request, 'ok', 'no change: the claim already has these values');
        return { ok: true, revisionId: synced.revision.id, changedFields: [] };
      }
      const before = await readFile(file, 'utf8');
      const after = patchClaim(before, claim.id, edit.patch);
      const checked = parseStory(after, file);
      if (!checked.ok) {
        return this.refuse(
          request,
          `The change would make the story invalid:\n${checked.problems.slice(0, 5).map(formatProblem).join('\n')}`,
        );
      }
      await writeFileAtomically(file, after);
      const recorded = await recorder.ingestText(file, after, { author: request.author, via: request.via });
      const fields = diffStories(view.story, checked.story).claims.find((c) => c.id === claim.id)?.fields ?? [];
      // `unchanged`: another process (the CLI and the bot share the files) recorded this content first.
      const revisionId =
        recorded.kind === 'revision' || recorded.kind === 'unchanged' ? recorded.revision.id : synced.revision.id;
      await this.audit(request, 'ok', `${request.story}: ${compactFields(fields)}`);
      return { ok: true, revisionId, changedFields: fields.map((f) => f.field) };
    });
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
    this.deps.log.info({ author: request.author, via: request.via, claim: request.claimId, outcome }, 'claim edit');
  }
}

/** Write to a temporary file in the same directory, flush, then rename over: never a half-written story. */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    const mode = (await stat(file).catch(() => undefined))?.mode;
    if (mode !== undefined) await chmod(temp, mode & 0o7777);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
