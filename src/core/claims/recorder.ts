import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AdminNotifier } from '../delivery/types.js';
import { contextBlock, type OutgoingMessage } from '../message.js';
import type { Revision, RevisionVia } from '../store.js';
import type { StoryCatalog } from '../story/catalog.js';
import { formatProblem, type Problem, parseStory } from '../story/load.js';
import { type AlertPlannerDeps, planAlerts } from './alerts.js';
import { storyHash } from './canonical.js';
import { diffSummary } from './describe.js';
import { diffStories } from './diff.js';
import { rememberRevisionStory, storyOfRevision } from './revisions.js';

export interface RecorderDeps extends AlertPlannerDeps {
  catalog: StoryCatalog;
  notifier: AdminNotifier;
}

export interface Origin {
  author: string;
  via: RevisionVia;
}

export type IngestOutcome =
  | { kind: 'unchanged'; revision: Revision }
  | { kind: 'revision'; revision: Revision; previous: Revision | undefined }
  | { kind: 'invalid'; problems: Problem[] }
  | { kind: 'missing' };

export function storyIdOfFile(file: string): string {
  return path.basename(file).replace(/\.ya?ml$/, '');
}

/**
 * The single place where a version of a story file becomes live: validated, stored as a revision
 * when its meaning changed, served, audited and alerted. Work on one story is serialised, so the
 * bot's own write and the file watcher seeing it can never both make a revision.
 */
export class RevisionRecorder {
  private readonly queues = new Map<string, Promise<unknown>>();
  /** The problems last reported per file, so that a file saved twice broken is reported once. */
  private readonly reported = new Map<string, string>();
  /** Where each story's file is, as last seen valid. */
  private readonly files = new Map<string, string>();
  /**
   * Per file, the text last accepted from it and the revision it is: the same text needs no parse.
   * Only the revision's id is kept: its content and JSON would be two more copies of the story.
   */
  private readonly accepted = new Map<string, { text: string; revision: Pick<Revision, 'id' | 'story'> }>();

  constructor(private readonly deps: RecorderDeps) {}

  exclusive<T>(story: string, work: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(story) ?? Promise.resolve()).then(work, work);
    const settled = run.catch(() => {});
    this.queues.set(story, settled);
    void settled.then(() => {
      if (this.queues.get(story) === settled) this.queues.delete(story);
    });
    return run;
  }

  fileOf(story: string): string | undefined {
    return this.files.get(story);
  }

  /** Reads a story file and records it (the watcher and start-up use this). */
  ingestFile(file: string, origin: Origin): Promise<IngestOutcome> {
    return this.exclusive(storyIdOfFile(file), () => this.ingestFileNow(file, origin));
  }

  /** Like `ingestFile`, for a caller already holding the story's turn. */
  async ingestFileNow(file: string, origin: Origin): Promise<IngestOutcome> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return this.fileRemoved(file);
    }
    return this.ingestText(file, text, origin);
  }

  /** Records one version of a file's text. The caller holds the story's turn. */
  async ingestText(file: string, text: string, origin: Origin): Promise<IngestOutcome> {
    // Start-up and the watcher read every file again; text this process already accepted, still
    // the story's latest revision, is unchanged without parsing and hashing it again.
    const known = this.accepted.get(file);
    if (known?.text === text) {
      const latest = await this.deps.store.revisions.latest(known.revision.story);
      if (latest?.id === known.revision.id) return { kind: 'unchanged', revision: latest };
    }
    const outcome = await this.parseAndRecord(file, text, origin);
    if (outcome.kind === 'unchanged' || outcome.kind === 'revision') {
      this.accepted.set(file, { text, revision: { id: outcome.revision.id, story: outcome.revision.story } });
    } else this.accepted.delete(file);
    return outcome;
  }

  private async parseAndRecord(file: string, text: string, origin: Origin): Promise<IngestOutcome> {
    const { store, catalog, log } = this.deps;
    const result = parseStory(text, file);
    if (!result.ok) {
      catalog.apply(file, result);
      await this.serveLastStored(file);
      await this.reportInvalid(file, result.problems, origin);
      return { kind: 'invalid', problems: result.problems };
    }
    this.reported.delete(file);
    const story = result.story;
    this.files.set(story.id, file);
    const hash = storyHash(story);
    const latest = await store.revisions.latest(story.id);
    if (latest?.hash === hash) {
      catalog.apply(file, result, latest.id);
      return { kind: 'unchanged', revision: latest };
    }
    const revision = await store.revisions.add({
      story: story.id,
      hash,
      content: text,
      storyJson: JSON.stringify(story),
      author: origin.author,
      via: origin.via,
      createdAt: this.deps.clock.now(),
      alertsPlanned: latest === undefined,
    });
    rememberRevisionStory(revision, story);
    catalog.apply(file, result, revision.id);
    const before = latest && storyOfRevision(latest);
    const detail = before ? diffSummary(diffStories(before, story)) : 'first version';
    log.info({ story: story.id, revision: revision.id, via: origin.via, detail }, 'story revision recorded');
    if (origin.via === 'file' || origin.via === 'start') {
      await store.audit.add({
        at: this.deps.clock.now(),
        actor: origin.author,
        via: 'file',
        action: 'edit',
        target: story.id,
        outcome: 'ok',
        detail,
      });
    }
    if (latest) {
      // The revision is stored; a failure here leaves it unplanned for the next start to recover.
      await planAlerts(this.deps, revision).catch((err: unknown) =>
        log.error({ err, revision: revision.id }, 'planning alerts failed'),
      );
    }
    return { kind: 'revision', revision, previous: latest };
  }

  /** At start nothing is live yet: the last valid version is the last stored revision. */
  private async serveLastStored(file: string): Promise<void> {
    const id = storyIdOfFile(file);
    if (this.deps.catalog.get(id)) return;
    const latest = await this.deps.store.revisions.latest(id);
    const story = latest && storyOfRevision(latest);
    if (latest && story) this.deps.catalog.put(story, latest.content, latest.id);
  }

  /** Whether `text` is what this process last read from (or wrote to) the file. */
  matches(file: string, text: string): boolean {
    return this.accepted.get(file)?.text === text;
  }

  /** The file now holds `text`, which is `revision` (written back by this process): nothing to import. */
  accept(file: string, text: string, revision: Revision): void {
    this.files.set(revision.story, file);
    this.accepted.set(file, { text, revision: { id: revision.id, story: revision.story } });
  }

  private async reportInvalid(file: string, problems: Problem[], origin: Origin): Promise<void> {
    const lines = problems.map(formatProblem);
    const key = lines.join('\n');
    if (this.reported.get(file) === key) return;
    this.reported.set(file, key);
    const { log, store, notifier, clock } = this.deps;
    log.warn({ file, problems: lines }, 'story file is invalid; the last valid version stays live');
    await store.audit.add({
      at: clock.now(),
      actor: origin.author,
      via: 'file',
      action: 'edit',
      target: storyIdOfFile(file),
      outcome: 'invalid',
      detail: key.slice(0, 1000),
    });
    await notifier
      .notify(invalidFileMessage(file, lines, this.deps.catalog.get(storyIdOfFile(file)) !== undefined))
      .catch((err: unknown) => log.error({ err, file }, 'could not tell admins about an invalid story file'));
  }

  private async fileRemoved(file: string): Promise<IngestOutcome> {
    const id = storyIdOfFile(file);
    this.reported.delete(file);
    this.accepted.delete(file);
    // Only the file the story was loaded from takes it away (not a guessed .yaml for a .yml).
    if (this.files.get(id) === file) {
      this.files.delete(id);
      this.deps.catalog.remove(id);
      this.deps.log.warn({ file, story: id }, 'story file removed; the story is no longer served');
      const text = `Story file ${path.basename(file)} was removed: story "${id}" is no longer served.`;
      await this.deps.notifier
        .notify({ text, visibility: 'channel', cards: [{ tone: 'warning', blocks: [contextBlock(text)] }] })
        .catch((err: unknown) =>
          this.deps.log.error({ err, file }, 'could not tell admins about a removed story file'),
        );
    }
    return { kind: 'missing' };
  }
}

function invalidFileMessage(file: string, lines: string[], stillServed: boolean): OutgoingMessage {
  const text = `Story file ${path.basename(file)} has ${lines.length} problem${lines.length === 1 ? '' : 's'}`;
  const kept = stillServed
    ? 'The last valid version stays live until the file is fixed.'
    : 'The story is not served until the file is fixed.';
  return {
    text: `${text}. ${kept}`,
    visibility: 'channel',
    cards: [
      {
        title: text,
        tone: 'error',
        blocks: [{ type: 'list', items: lines.map((l) => [{ text: l, style: 'code' as const }]) }, contextBlock(kept)],
      },
    ],
  };
}
