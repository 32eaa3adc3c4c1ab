import { canonicalTimeline } from '../claims/canonical.js';
import { diffStories, type FieldValue, type StoryDiff } from '../claims/diff.js';
import type { Story, TimelineEvent } from '../story/schema.js';
import type { ContentEdit, ContentProblem, EntityKind, StoryScalarField } from './types.js';

/** A story as edits build it: the file's shape, not yet validated. */
export type RawStory = Record<string, unknown>;
type Entity = Record<string, unknown>;

export const SECTION: Record<EntityKind, 'claims' | 'actors' | 'sources' | 'timeline'> = {
  claim: 'claims',
  actor: 'actors',
  source: 'sources',
  timeline: 'timeline',
};

/** The field name an edit changes (see `types.ts`), for conflicts and problems. */
export function editField(edit: ContentEdit): string {
  switch (edit.op) {
    case 'set':
      return edit.entity === 'story' ? edit.field : `${SECTION[edit.entity]}.${edit.id}.${edit.field}`;
    case 'add':
      return `${SECTION[edit.entity]}.${edit.entity === 'timeline' ? 'new' : String(edit.value.id)}`;
    case 'remove':
      return `${SECTION[edit.entity]}.${edit.id}`;
    case 'replace':
      return 'story';
  }
}

/**
 * Timeline entries have no ids: an edit names one by its place in the base revision. Finds the
 * same entry (same date and text) in `target`; undefined when it changed or went since.
 */
export function findTimelineEntry(
  base: Story | undefined,
  target: readonly TimelineEvent[],
  id: string,
): number | undefined {
  const index = Number(id);
  const entry = Number.isInteger(index) ? base?.timeline[index] : undefined;
  if (!entry) return undefined;
  // The n-th of equal entries in the base is the n-th in the target.
  const same = (e: TimelineEvent) => e.date === entry.date && e.text === entry.text;
  const nth = base?.timeline.slice(0, index).filter(same).length ?? 0;
  let seen = 0;
  for (const [i, e] of target.entries()) {
    if (!same(e)) continue;
    if (seen === nth) return i;
    seen += 1;
  }
  return undefined;
}

function storyField(raw: RawStory, field: StoryScalarField, value: string | null): void {
  if (field.startsWith('summary.')) {
    const summary = { ...((raw.summary as Entity | undefined) ?? {}) };
    const key = field.slice('summary.'.length);
    if (value === null) delete summary[key];
    else summary[key] = value;
    raw.summary = summary;
  } else if (value === null) delete raw[field];
  else raw[field] = value;
}

/**
 * Applies edits to `target` (the latest revision's story). Entities are copied before they are
 * changed: stories stored in revisions are shared and never mutated. Problems name the field;
 * whether the result is a valid story is checked afterwards, as for a file.
 */
export function applyEdits(
  target: Story | undefined,
  base: Story | undefined,
  edits: readonly ContentEdit[],
): { raw: RawStory; problems: ContentProblem[] } {
  let raw: RawStory = target ? { ...target } : {};
  const problems: ContentProblem[] = [];
  const list = (kind: EntityKind): Entity[] => {
    const section = SECTION[kind];
    if (!Array.isArray(raw[section])) raw[section] = [];
    // Copied once per section, on first write.
    if (raw[section] === (target as RawStory | undefined)?.[section]) raw[section] = [...(raw[section] as Entity[])];
    return raw[section] as Entity[];
  };
  const locate = (kind: EntityKind, id: string): number | undefined => {
    if (kind === 'timeline') return findTimelineEntry(base, list('timeline') as TimelineEvent[], id);
    const at = list(kind).findIndex((e) => e.id === id);
    return at < 0 ? undefined : at;
  };
  for (const edit of edits) {
    const field = editField(edit);
    if (edit.op === 'replace') {
      if (edit.story === null || typeof edit.story !== 'object' || Array.isArray(edit.story)) {
        problems.push({ field, message: 'a story must be a mapping of fields' });
      } else raw = { ...(edit.story as RawStory) };
      continue;
    }
    if (edit.op === 'set' && edit.entity === 'story') {
      storyField(raw, edit.field, edit.value);
      continue;
    }
    const kind = edit.entity as EntityKind;
    if (!(kind in SECTION)) {
      problems.push({ field, message: `unknown kind "${String(kind)}"` });
      continue;
    }
    if (edit.op === 'add') {
      const value = edit.value as unknown;
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        problems.push({ field, message: `a new ${kind} must be a mapping of fields` });
        continue;
      }
      if (kind !== 'timeline' && list(kind).some((e) => e.id === edit.value.id)) {
        problems.push({ field, message: `a ${kind} with id "${String(edit.value.id)}" already exists` });
        continue;
      }
      list(kind).push({ ...edit.value });
      continue;
    }
    const at = locate(kind, edit.id);
    if (at === undefined) {
      problems.push({ field, message: `no ${kind} "${edit.id}" in this story` });
      continue;
    }
    const entities = list(kind);
    if (edit.op === 'remove') {
      entities.splice(at, 1);
      continue;
    }
    if (edit.field === 'id' && kind !== 'timeline') {
      problems.push({ field, message: 'an id cannot be changed: add a new one and remove this one' });
      continue;
    }
    const changed = { ...(entities[at] as Entity) };
    if (edit.value === null) delete changed[edit.field];
    else changed[edit.field] = edit.value;
    entities[at] = changed;
  }
  return { raw, problems };
}

function entityEdits(
  kind: EntityKind,
  changes: StoryDiff['claims'] | StoryDiff['actors'] | StoryDiff['sources'],
): ContentEdit[] {
  return changes.flatMap((change): ContentEdit[] => {
    if (change.kind === 'added') return [{ op: 'add', entity: kind, value: { ...(change.after as object) } }];
    if (change.kind === 'removed') return [{ op: 'remove', entity: kind, id: change.id }];
    return change.fields.map((f) => ({ op: 'set', entity: kind, id: change.id, field: f.field, value: f.after }));
  });
}

/**
 * The edits that turn `before` into `after`: what a file import or a whole-story replacement
 * changed, so it merges like any other change. Timeline entries are compared as a multiset.
 */
export function diffToEdits(before: Story, after: Story, diff: StoryDiff = diffStories(before, after)): ContentEdit[] {
  const edits: ContentEdit[] = [
    ...diff.details
      .filter((d) => d.field !== 'id')
      .map(
        (d): ContentEdit => ({
          op: 'set',
          entity: 'story',
          field: d.field as StoryScalarField,
          value: d.after as string | null,
        }),
      ),
    ...entityEdits('source', diff.sources),
    ...entityEdits('actor', diff.actors),
    ...entityEdits('claim', diff.claims),
  ];
  if (diff.timelineChanged) {
    const key = (e: TimelineEvent) => JSON.stringify(canonicalTimeline([e])[0]);
    const remaining = new Map<string, number>();
    for (const e of after.timeline) remaining.set(key(e), (remaining.get(key(e)) ?? 0) + 1);
    for (const [i, e] of before.timeline.entries()) {
      const left = remaining.get(key(e)) ?? 0;
      if (left > 0) remaining.set(key(e), left - 1);
      else edits.push({ op: 'remove', entity: 'timeline', id: String(i) });
    }
    const kept = new Map<string, number>();
    for (const e of before.timeline) kept.set(key(e), (kept.get(key(e)) ?? 0) + 1);
    for (const e of after.timeline) {
      const left = kept.get(key(e)) ?? 0;
      if (left > 0) kept.set(key(e), left - 1);
      else edits.push({ op: 'add', entity: 'timeline', value: { ...e } });
    }
  }
  return edits;
}

/** The fields (see `types.ts`) a diff changed, as changes report them. */
export function changedFields(diff: StoryDiff): string[] {
  const fields: string[] = diff.details.map((d) => d.field);
  for (const [section, changes] of [
    ['sources', diff.sources],
    ['actors', diff.actors],
    ['claims', diff.claims],
  ] as const) {
    for (const c of changes) {
      if (c.kind === 'changed') fields.push(...c.fields.map((f) => `${section}.${c.id}.${f.field}`));
      else fields.push(`${section}.${c.id}`);
    }
  }
  if (diff.timelineChanged) fields.push('timeline');
  return fields;
}

/** A field's value in a story, for conflicts: `null` when absent (or its entity is). */
export function valueAt(story: Story | undefined, field: string): FieldValue {
  if (!story) return null;
  const [first, id, name] = field.split('.');
  if (first === 'summary' && id) return (story.summary as Record<string, string | undefined>)[id] ?? null;
  if (first === 'title' || first === 'asOf' || first === 'id') return story[first] ?? null;
  const section = story[first as 'claims' | 'actors' | 'sources'];
  if (!Array.isArray(section)) return null;
  const entity = (section as Entity[]).find((e) => e.id === id);
  if (!entity) return null;
  if (!name) return 'present';
  const value = entity[name];
  if (value === undefined || value === null) return null;
  return Array.isArray(value) ? value.map(String) : String(value);
}
