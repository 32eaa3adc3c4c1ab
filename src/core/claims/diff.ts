import {
  type Actor,
  CLAIM_TRACKED_FIELDS,
  type Claim,
  type ClaimField,
  type Source,
  type Story,
} from '../story/schema.js';
import { canonicalTimeline, sortedSet } from './canonical.js';

/** A field's value as a diff shows it: lists stay lists, an absent optional field is `null`. */
export type FieldValue = string | string[] | null;

export interface FieldChange<F extends string = string> {
  field: F;
  before: FieldValue;
  after: FieldValue;
}

/** One entity (claim, actor, source) that was added, removed or changed between two versions. */
export interface EntityChange<T, F extends string> {
  id: string;
  kind: 'added' | 'removed' | 'changed';
  before: T | null;
  after: T | null;
  /** For `changed`: every differing field, in a fixed order. Empty for `added` / `removed`. */
  fields: FieldChange<F>[];
}

export const ACTOR_FIELDS = ['name', 'kind', 'aliases', 'role', 'affiliation', 'summary'] as const;
export const SOURCE_FIELDS = ['name', 'kind', 'url'] as const;
export const STORY_FIELDS = ['id', 'title', 'asOf', 'summary.headline', 'summary.short', 'summary.full'] as const;
export type ActorField = (typeof ACTOR_FIELDS)[number];
export type SourceField = (typeof SOURCE_FIELDS)[number];
export type StoryField = (typeof STORY_FIELDS)[number];

export type ClaimChange = EntityChange<Claim, ClaimField>;
export type ActorChange = EntityChange<Actor, ActorField>;
export type SourceChange = EntityChange<Source, SourceField>;

export interface StoryDiff {
  story: string;
  /** Changed and added claims in the new file's order, then removed ones in the old file's order. */
  claims: ClaimChange[];
  actors: ActorChange[];
  sources: SourceChange[];
  /** Title, date and summary fields. */
  details: FieldChange<StoryField>[];
  timelineChanged: boolean;
}

/** Lists whose order carries no meaning: compared as sets, shown in file order. */
const SET_FIELDS = new Set(['about', 'source', 'aliases']);

function fieldValue(entity: object, field: string): FieldValue {
  const value = (entity as Record<string, unknown>)[field];
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(String);
  return String(value);
}

export function sameValue(field: string, a: FieldValue, b: FieldValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const [x, y] = SET_FIELDS.has(field) ? [sortedSet(a), sortedSet(b)] : [a, b];
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  return a === b;
}

export function fieldChanges<F extends string>(before: object, after: object, fields: readonly F[]): FieldChange<F>[] {
  const changes: FieldChange<F>[] = [];
  for (const field of fields) {
    const [a, b] = [fieldValue(before, field), fieldValue(after, field)];
    if (!sameValue(field, a, b)) changes.push({ field, before: a, after: b });
  }
  return changes;
}

/**
 * Whether two lists hold entities with the same ids in the same places: then an entity that is not
 * the very object in its place before is the only kind that can have changed (the write path
 * shares untouched entities), and nothing was added, removed or moved.
 */
export function sameIdsInPlace(before: readonly unknown[], after: readonly unknown[]): boolean {
  const id = (entity: unknown) => (entity as { id?: unknown } | null)?.id;
  return before.length === after.length && after.every((e, i) => e === before[i] || id(e) === id(before[i]));
}

function entityChanges<T extends { id: string }, F extends string>(
  before: readonly T[],
  after: readonly T[],
  fields: readonly F[],
): EntityChange<T, F>[] {
  if (sameIdsInPlace(before, after)) {
    const changes: EntityChange<T, F>[] = [];
    for (const [i, entity] of after.entries()) {
      const previous = before[i] as T;
      if (previous === entity) continue;
      const differing = fieldChanges(previous, entity, fields);
      if (differing.length > 0)
        changes.push({ id: entity.id, kind: 'changed', before: previous, after: entity, fields: differing });
    }
    return changes;
  }
  const old = new Map(before.map((e) => [e.id, e]));
  const now = new Set(after.map((e) => e.id));
  const changes: EntityChange<T, F>[] = [];
  for (const entity of after) {
    const previous = old.get(entity.id);
    if (!previous) {
      changes.push({ id: entity.id, kind: 'added', before: null, after: entity, fields: [] });
      continue;
    }
    // Stories built by the write path share the entities a change did not touch.
    if (previous === entity) continue;
    const differing = fieldChanges(previous, entity, fields);
    if (differing.length > 0)
      changes.push({ id: entity.id, kind: 'changed', before: previous, after: entity, fields: differing });
  }
  for (const entity of before) {
    if (!now.has(entity.id)) changes.push({ id: entity.id, kind: 'removed', before: entity, after: null, fields: [] });
  }
  return changes;
}

function storyDetails(story: Story): Record<StoryField, string | undefined> {
  return {
    id: story.id,
    title: story.title,
    asOf: story.asOf,
    'summary.headline': story.summary.headline,
    'summary.short': story.summary.short,
    'summary.full': story.summary.full,
  };
}

/** Exactly what changed between two versions of a story. Re-ordering alone changes nothing. */
export function diffStories(before: Story, after: Story): StoryDiff {
  return {
    story: after.id,
    claims: entityChanges(before.claims, after.claims, CLAIM_TRACKED_FIELDS),
    actors: entityChanges(before.actors, after.actors, ACTOR_FIELDS),
    sources: entityChanges(before.sources, after.sources, SOURCE_FIELDS),
    details: fieldChanges(storyDetails(before), storyDetails(after), STORY_FIELDS),
    timelineChanged:
      JSON.stringify(canonicalTimeline(before.timeline)) !== JSON.stringify(canonicalTimeline(after.timeline)),
  };
}

export function isEmptyDiff(diff: StoryDiff): boolean {
  return (
    diff.claims.length === 0 &&
    diff.actors.length === 0 &&
    diff.sources.length === 0 &&
    diff.details.length === 0 &&
    !diff.timelineChanged
  );
}

/** A value in one line of prose: lists joined, absence spelled out. */
export function formatValue(value: FieldValue): string {
  if (value === null) return '(none)';
  return Array.isArray(value) ? value.join(', ') : value;
}
