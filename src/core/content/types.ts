import type { FieldValue } from '../claims/diff.js';
import type { DeliveryRequest } from '../delivery/types.js';
import type { Revision } from '../store.js';
import type { Story } from '../story/schema.js';

/**
 * The write path's vocabulary (ADR 0040). Every surface (story files, chat `set` and forms, the CLI,
 * the console, article proposals) builds a `ContentChange` and hands it to `ContentService.apply`;
 * nothing else writes story content.
 *
 * Field names, used in edits, problems and conflicts alike:
 * - `title`, `asOf`, `summary.headline`, `summary.short`, `summary.full`: the story's own fields;
 * - `claims.<id>`, `actors.<id>`, `sources.<id>`: one entity (added or removed as a whole);
 * - `claims.<id>.<field>` (and actors, sources): one field of one entity;
 * - `timeline.<n>` / `timeline.<n>.<field>`: the n-th timeline entry (from 0) as the base revision
 *   lists it (entries have no ids; a rebase finds the same entry by its date and text).
 */

/**
 * Where a change came from. Stored with the revision and in the audit log. `start`: a story file
 * edited while the bot was stopped, imported at start-up.
 */
export type ContentVia = 'file' | 'chat' | 'cli' | 'console' | 'import' | 'proposal' | 'start';

export interface ContentOrigin {
  /** Who: `slack:U0123`, `discord:1234`, `console:ana@example.org`, `cli:ana`, `file`. */
  author: string;
  via: ContentVia;
  /** What the change rests on, shown with the revision: an article URL, a file path, a proposal id. */
  reference?: string;
}

/** The entity lists of a story. */
export type EntityKind = 'claim' | 'actor' | 'source' | 'timeline';

/** The story's own fields an edit may set (`summary.full` and `asOf` may be cleared with `null`). */
export const STORY_SCALAR_FIELDS = ['title', 'asOf', 'summary.headline', 'summary.short', 'summary.full'] as const;
export type StoryScalarField = (typeof STORY_SCALAR_FIELDS)[number];

/**
 * One edit. Values are the story file's own shapes (ids for `about`/`source`/`affiliation`/`actors`,
 * strings elsewhere); they are validated by the same rules as a file once every edit is applied.
 */
export type ContentEdit =
  /** A field of one claim, actor, source or timeline entry; `null` removes an optional field. */
  | { op: 'set'; entity: EntityKind; id: string; field: string; value: FieldValue }
  /** One of the story's own fields; `null` removes an optional one. */
  | { op: 'set'; entity: 'story'; field: StoryScalarField; value: string | null }
  /** A new claim, actor, source (its `id` must be new) or timeline entry, as it would be written in a file. */
  | { op: 'add'; entity: EntityKind; value: Record<string, unknown> }
  /**
   * Removes a claim, actor, source or timeline entry. An actor or source still named elsewhere
   * (a claim's `about`, a timeline entry, an affiliation) makes the change invalid, naming where.
   */
  | { op: 'remove'; entity: EntityKind; id: string }
  /**
   * A whole story: for a new story (base `null`), an import, or a file. `text` is its YAML as
   * written (kept as the revision's text); without it the YAML is generated.
   */
  | { op: 'replace'; story: unknown; text?: string };

export interface ContentChange {
  story: string;
  /**
   * The revision the editor saw (what the console form or chat modal showed). `null`: the story
   * is new. A change against an older revision is rebased onto the latest when no revision since
   * touched the same fields, and refused with a `conflict` when one did.
   */
  baseRevision: number | null;
  origin: ContentOrigin;
  edits: readonly ContentEdit[];
  /**
   * An admin confirmed a change that removes more than a third of the story's claims (or all of
   * them). Without it such a change is held as `pending` (see `ContentService.confirm`).
   */
  confirmed?: boolean;
  /**
   * The YAML the result was written as (a file import): kept as the revision's text when it reads
   * as exactly the resulting story; otherwise the text is the base revision's with the edits made.
   */
  text?: string;
}

/** A problem with a change, naming the field (see above for names) in plain words. */
export interface ContentProblem {
  field: string;
  message: string;
}

/** A field a change sets that another change since its base set differently. */
export interface FieldClash {
  field: string;
  /** What this change wanted (`present`: the entry, added or replaced whole). `null`: absent (or the entity removed). */
  yours: FieldValue;
  /** What the latest revision holds. `null`: absent (or the entity removed). */
  now: FieldValue;
  /**
   * What another change did to it since the base: `set` the field to `now` (`null`: cleared), or
   * `added`, `changed` or `removed` the whole entry (its `now` then says only whether it is there).
   */
  since: 'set' | 'added' | 'changed' | 'removed';
}

/** A clash as reported: with who made the other change, how, when and in which revision. */
export interface ContentConflict extends FieldClash {
  /** Who changed it since the base revision, how and when. */
  changedBy: string;
  via: string;
  changedAt: Date;
  revision: number;
}

/** A change held until an admin confirms it. */
export interface PendingChange {
  id: number;
  story: string;
  baseRevision: number | null;
  origin: ContentOrigin;
  /** e.g. "removes 12 of 14 claims". */
  reason: string;
  createdAt: Date;
}

export type ApplyOutcome =
  /** Stored and served; `rebasedFrom` when it was made against an older revision. */
  | { kind: 'applied'; revision: Revision; previous: Revision | undefined; changed: string[]; rebasedFrom?: number }
  /** The story already reads like this: no revision. */
  | { kind: 'unchanged'; revision: Revision }
  | { kind: 'invalid'; problems: ContentProblem[] }
  | { kind: 'conflict'; conflicts: ContentConflict[]; latest: Revision }
  /** Removes too much to go live unasked: stored for an admin to confirm. */
  | { kind: 'pending'; pending: PendingChange };

/** What saving a change would raise (`ContentService.previewAlerts`): nothing is stored or sent. */
export interface AlertPreview {
  kind: 'preview';
  alerts: DeliveryRequest[];
}

/** A revision and the story it holds, as a surface reads it before editing. */
export interface StoryRevision {
  revision: Revision;
  story: Story;
}
