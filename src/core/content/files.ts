import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { hashMatches, storyHash } from '../claims/canonical.js';
import { diffStories, formatValue } from '../claims/diff.js';
import { storyOfRevision } from '../claims/revisions.js';
import type { AdminNotifier } from '../delivery/types.js';
import { counted } from '../helpers.js';
import type { Logger } from '../log.js';
import { contextBlock, type OutgoingMessage } from '../message.js';
import type { Clock } from '../ports.js';
import { sha256 } from '../sha256.js';
import type { Revision, Store } from '../store.js';
import type { StoryCatalog } from '../story/catalog.js';
import { formatProblem, type Problem, parseStory } from '../story/load.js';
import type { Story } from '../story/schema.js';
import { changedSince } from './conflict-text.js';
import { differenceAt } from './conflicts.js';
import { changedFields, diffToEdits, valueAt } from './edits.js';
import type { ContentService } from './service.js';
import { renderText } from './text.js';
import type { ContentConflict, ContentProblem } from './types.js';
import { formatContentProblem } from './validate.js';
import { writeFileAtomically } from './write-file.js';

export interface StoryFilesDeps {
  content: ContentService;
  store: Store;
  catalog: StoryCatalog;
  notifier: AdminNotifier;
  clock: Clock;
  log: Logger;
  briefingsDir: string;
  /** Names this copy of the briefings directory (host or replica, and path) in `file_syncs`. */
  copyName: string;
  /** Rewrite files after changes made elsewhere (`BRIEFINGS_WRITEBACK`). */
  writeback: boolean;
  exclusive<T>(story: string, work: () => Promise<T>): Promise<T>;
}

export type ImportOutcome =
  | { kind: 'unchanged'; revision: Revision }
  | { kind: 'revision'; revision: Revision; previous: Revision | undefined }
  | { kind: 'invalid'; problems: Problem[] | ContentProblem[] }
  | { kind: 'conflict'; conflicts: ContentConflict[] }
  | { kind: 'pending' }
  | { kind: 'missing' };

export function storyIdOfFile(file: string): string {
  return path.basename(file).replace(/\.ya?ml$/, '');
}

/** How far back a never-synced file is looked for among a story's revisions. */
const RECENT_REVISIONS = 50;
/** Lines of differences shown to admins for one file. */
const MAX_LINES = 20;

function textHash(text: string): string {
  return sha256(text, 'hex');
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Story files as an import and a writeback at the edge of the write path (ADR 0041). The database
 * holds the story; this copy of `briefings/` remembers (in `file_syncs`) which revision each file
 * last matched. What changed in a file since then is applied as a change on that revision (a
 * three-way merge: rebased onto the latest, or refused when someone else changed the same field);
 * a file that still matches an older revision (a replica restarted with a stale copy) changes
 * nothing and is brought up to date. After a change made anywhere, the file is rewritten with its
 * comments and layout kept, unless it holds edits not yet imported.
 */
export class StoryFiles {
  /** The problems last reported per file, so that a file saved twice broken is reported once. */
  private readonly reported = new Map<string, string>();
  private readonly files = new Map<string, string>();
  /**
   * Per file, the digest of the text last read or written and the revision it matched: the same
   * text needs no parse. A digest, not the text: a large story's text would stay resident after
   * the story shrank (8 MB for a 10,000-claim one).
   */
  private readonly known = new Map<string, { hash: string; revision: number }>();
  /** Stories whose file is being imported: the revision it makes is written back by the import. */
  private readonly importing = new Set<string>();

  constructor(private readonly deps: StoryFilesDeps) {}

  fileOf(story: string): string {
    return this.files.get(story) ?? path.join(this.deps.briefingsDir, `${story}.yaml`);
  }

  /** The story's file, and whether it holds `revision` (written back or already alike); none without writeback. */
  fileState(story: string, revision: number): { file: string; holds: boolean } | undefined {
    const file = this.fileOf(story);
    const known = this.known.get(file);
    return known && this.deps.writeback ? { file, holds: known.revision === revision } : undefined;
  }

  /** `atStart`: edits found are ones made while the bot was stopped (said so in their alerts). */
  importFile(file: string, options: { atStart?: boolean } = {}): Promise<ImportOutcome> {
    return this.deps.exclusive(storyIdOfFile(file), () => this.importNow(file, options));
  }

  /** `importFile` for a caller holding the story's turn. */
  async importNow(file: string, options: { atStart?: boolean } = {}): Promise<ImportOutcome> {
    const id = storyIdOfFile(file);
    this.importing.add(id);
    try {
      return await this.importText(file, options.atStart === true);
    } finally {
      this.importing.delete(id);
    }
  }

  private async importText(file: string, atStart: boolean): Promise<ImportOutcome> {
    const { store, catalog } = this.deps;
    const text = await readText(file);
    if (text === undefined) return this.fileRemoved(file);
    const id = storyIdOfFile(file);
    const hash = textHash(text);
    const known = this.known.get(file);
    if (known?.hash === hash) {
      const latest = await store.revisions.latest(id);
      if (latest?.id === known.revision) return { kind: 'unchanged', revision: latest };
    }
    const parsed = parseStory(text, file);
    if (!parsed.ok) {
      catalog.apply(file, parsed);
      await this.serveLatest(id);
      await this.report(file, parsed.problems.map(formatProblem), 'invalid');
      return { kind: 'invalid', problems: parsed.problems };
    }
    // A file read well again may be reported afresh; differences of a never-synced file only once.
    if (!this.reported.get(file)?.startsWith('unsynced\n')) this.reported.delete(file);
    catalog.clearProblems(file);
    this.files.set(id, file);
    const story = parsed.story;
    const latest = await store.revisions.latest(id);
    const sync = await store.fileSyncs.get(this.deps.copyName, id);
    if (!latest) {
      const created = await this.deps.content.applyNow({
        story: id,
        baseRevision: null,
        origin: this.origin(file, atStart),
        edits: [{ op: 'replace', story, text }],
      });
      return this.settle(file, text, story, created);
    }
    if (sync?.textHash === hash) {
      // The file is as this copy last left it: nothing from it; bring it up to date.
      await this.serveLatest(id);
      if (sync.revisionId !== latest.id) await this.follow(latest);
      else this.known.set(file, { hash, revision: latest.id });
      return { kind: 'unchanged', revision: latest };
    }
    const base = sync ? await store.revisions.get(sync.revisionId) : await this.holding(id, story);
    const baseStory = base && storyOfRevision(base);
    if (!base || !baseStory) return this.unsynced(file, story, latest);
    if (hashMatches(base.hash, story)) {
      // An older (or the same) revision, unedited: a stale copy changes nothing.
      await this.serveLatest(id);
      await this.writeBack(file, text, story, latest);
      return { kind: 'unchanged', revision: latest };
    }
    const outcome = await this.deps.content.applyNow({
      story: id,
      baseRevision: base.id,
      origin: this.origin(file, atStart),
      edits: diffToEdits(baseStory, story),
      text,
    });
    return this.settle(file, text, story, outcome);
  }

  private origin(file: string, atStart: boolean) {
    return { author: 'file', via: atStart ? ('start' as const) : ('file' as const), reference: path.basename(file) };
  }

  private async settle(
    file: string,
    text: string,
    story: Story,
    outcome: Awaited<ReturnType<ContentService['applyNow']>>,
  ): Promise<ImportOutcome> {
    switch (outcome.kind) {
      case 'applied':
      case 'unchanged': {
        // Rebased over others' changes, the file lacks them: written back (or, read-only, left).
        await this.writeBack(file, text, story, outcome.revision);
        return outcome.kind === 'applied'
          ? { kind: 'revision', revision: outcome.revision, previous: outcome.previous }
          : { kind: 'unchanged', revision: outcome.revision };
      }
      case 'conflict':
        await this.report(
          file,
          outcome.conflicts.map(
            (c) =>
              // `present`: the file adds or replaces the whole entry, not a value of that name.
              `${c.field}: the file ${c.since !== 'set' && c.yours === 'present' ? 'has it' : `says ${formatValue(c.yours)}`}; ` +
              changedSince(c, "the file's base"),
          ),
          'conflict',
        );
        return { kind: 'conflict', conflicts: outcome.conflicts };
      case 'invalid':
        await this.report(file, outcome.problems.map(formatContentProblem), 'invalid');
        return { kind: 'invalid', problems: outcome.problems };
      case 'pending':
        return { kind: 'pending' };
    }
  }

  /**
   * With no record of what this copy last matched (a new host name, files copied in, a story
   * stored by `sitrep import` or another replica first): the recent revision the file holds
   * exactly, if any. A file that holds none of them is not known to be newer or older than the
   * database, so it is not merged (ADR 0043).
   */
  private async holding(story: string, fileStory: Story): Promise<Revision | undefined> {
    const hash = storyHash(fileStory);
    const recent = await this.deps.store.revisions.list(story, { limit: RECENT_REVISIONS });
    return recent.find((revision) => hashMatches(revision.hash, fileStory, hash));
  }

  /**
   * A file this copy never synced, different from every recent revision: neither applied (it may
   * be an old copy: importing it would roll back changes made elsewhere) nor overwritten (it may
   * hold an editor's work). The admins are shown how it differs from the story served, and the
   * file stays as it is until someone imports it (`sitrep import`) or replaces it
   * (`sitrep export --out`).
   */
  private async unsynced(file: string, story: Story, latest: Revision): Promise<ImportOutcome> {
    await this.serveLatest(latest.story);
    const served = storyOfRevision(latest);
    const fields = served ? changedFields(diffStories(served, story)) : ['story'];
    const conflicts = fields.map((field) => {
      const [yours, now] = [valueAt(story, field), valueAt(served, field)];
      return {
        field,
        yours,
        now,
        since: differenceAt(field, yours, now),
        changedBy: latest.author,
        via: latest.via,
        changedAt: latest.createdAt,
        revision: latest.id,
      };
    });
    const shown = conflicts.slice(0, MAX_LINES).map(
      // No revision number: the same differences are reported once, however many revisions follow.
      (c) => `${c.field}: the file says ${formatValue(c.yours)}, the story served says ${formatValue(c.now)}`,
    );
    if (conflicts.length > MAX_LINES) shown.push(`… and ${conflicts.length - MAX_LINES} more`);
    await this.report(file, shown, 'unsynced');
    return { kind: 'conflict', conflicts };
  }

  /** After a revision stored here or elsewhere, in the story's turn: the file follows it. */
  async follow(revision: Revision): Promise<void> {
    const { store } = this.deps;
    if (this.importing.has(revision.story)) return;
    const file = this.fileOf(revision.story);
    const text = await readText(file);
    const sync = await store.fileSyncs.get(this.deps.copyName, revision.story);
    if (text === undefined) {
      // A story made elsewhere gets its file here; one whose file was removed here stays removed.
      if (!sync && this.deps.writeback) await this.write(file, revision.content, revision);
      return;
    }
    if (sync?.revisionId === revision.id) return;
    if (!sync || sync.textHash !== textHash(text)) {
      // The file holds edits not imported yet: they are merged first (which writes the file back).
      await this.importNow(file);
      return;
    }
    const synced = await store.revisions.get(sync.revisionId);
    const syncedStory = synced && storyOfRevision(synced);
    if (syncedStory) await this.writeBack(file, text, syncedStory, revision);
  }

  /** Rewrites `file` (now `text`, holding `story`) as `revision`, keeping its comments and layout. */
  private async writeBack(file: string, text: string, story: Story, revision: Revision): Promise<void> {
    const target = storyOfRevision(revision);
    if (!target) return;
    const edits = diffToEdits(story, target);
    if (edits.length === 0) {
      await this.record(file, text, revision);
      return;
    }
    if (!this.deps.writeback) return;
    await this.write(file, renderText(text, story, edits, target), revision);
  }

  private async write(file: string, text: string, revision: Revision): Promise<void> {
    await writeFileAtomically(file, text);
    await this.record(file, text, revision);
    this.deps.log.info({ file, revision: revision.id }, 'story file written back');
  }

  private async record(file: string, text: string, revision: Revision): Promise<void> {
    const hash = textHash(text);
    this.files.set(revision.story, file);
    this.known.set(file, { hash, revision: revision.id });
    await this.deps.store.fileSyncs.put({
      instance: this.deps.copyName,
      story: revision.story,
      revisionId: revision.id,
      textHash: hash,
      updatedAt: this.deps.clock.now(),
    });
  }

  /** Serves the story's latest stored revision (a file never replaces it by being read). */
  async serveLatest(story: string): Promise<void> {
    const latest = await this.deps.store.revisions.latest(story);
    if (!latest || this.deps.catalog.get(story)?.revision === latest.id) return;
    const parsed = storyOfRevision(latest);
    if (parsed) this.deps.catalog.put(parsed, latest.content, latest.id);
  }

  private async report(file: string, lines: string[], kind: FileReport): Promise<void> {
    const key = `${kind}\n${lines.join('\n')}`;
    if (this.reported.get(file) === key) return;
    this.reported.set(file, key);
    const { log, store, notifier, clock } = this.deps;
    log.warn(
      { file, problems: lines },
      `story file ${kind === 'invalid' ? 'is invalid' : kind === 'conflict' ? 'conflicts' : 'differs and was never synced'}; not applied`,
    );
    if (kind === 'invalid') {
      // Conflicts and problems found after merging are audited by the write path itself.
      await store.audit.add({
        at: clock.now(),
        actor: 'file',
        via: 'file',
        action: 'edit',
        target: storyIdOfFile(file),
        outcome: 'invalid',
        detail: lines.join('\n').slice(0, 1000),
      });
    }
    await notifier
      .notify(fileMessage(file, lines, kind))
      .catch((err: unknown) => log.error({ err, file }, 'could not tell admins about a story file'));
  }

  /** A removed file is no longer mirrored; the story, in the database, stays served. */
  private async fileRemoved(file: string): Promise<ImportOutcome> {
    const id = storyIdOfFile(file);
    this.reported.delete(file);
    this.known.delete(file);
    this.deps.catalog.clearProblems(file);
    if (this.files.get(id) === file) {
      this.files.delete(id);
      this.deps.log.warn({ file, story: id }, 'story file removed; the story stays served from the database');
      const text =
        `Story file ${path.basename(file)} was removed from this server's briefings folder. Story "${id}" is ` +
        `still served from the database; "sitrep export ${id}" writes it out again.`;
      await this.deps.notifier
        .notify({ text, visibility: 'channel', cards: [{ tone: 'warning', blocks: [contextBlock(text)] }] })
        .catch((err: unknown) => this.deps.log.error({ err, file }, 'could not tell admins about a removed file'));
    }
    return { kind: 'missing' };
  }
}

type FileReport = 'invalid' | 'conflict' | 'unsynced';

const KEPT: Record<FileReport, (file: string) => string> = {
  invalid: () => 'The latest stored version stays live until the file is fixed.',
  conflict: () =>
    'The edit in the file was not applied; the value now stays. Change the file to agree, or edit elsewhere.',
  unsynced: (file) =>
    'This server never synced the file and it matches no recent revision, so it may be an old copy: it was ' +
    `neither applied nor overwritten. "sitrep import ${file}" applies it; ` +
    `"sitrep export ${storyIdOfFile(file)} --out ${path.dirname(file)}" replaces it.`,
};

function fileMessage(file: string, lines: string[], kind: FileReport): OutgoingMessage {
  const noun = kind === 'invalid' ? 'problem' : kind === 'conflict' ? 'conflict' : 'difference';
  const text = `Story file ${path.basename(file)} has ${counted(lines.length, noun)}`;
  const kept = KEPT[kind](file);
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
