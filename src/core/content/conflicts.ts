import { type FieldValue, type StoryDiff, sameValue } from '../claims/diff.js';
import type { Story } from '../story/schema.js';
import { editField, findTimelineEntry, SECTION, valueAt } from './edits.js';
import type { ContentEdit, FieldClash } from './types.js';

/** Whether the changes in `diff` touched `field` (or the whole entity it belongs to). */
export function diffTouches(diff: StoryDiff, field: string): boolean {
  const [section, id, name] = field.split('.');
  if (section === 'timeline') return diff.timelineChanged;
  if (section === 'claims' || section === 'actors' || section === 'sources') {
    const change = diff[section].find((c) => c.id === id);
    if (!change) return false;
    return change.kind !== 'changed' || name === undefined || change.fields.some((f) => f.field === name);
  }
  return diff.details.some((d) => d.field === field);
}

/**
 * How the story served differs from another version at `field` when nothing says which came later
 * (a file never synced): a field's value, or a whole entry there in one and not the other.
 */
export function differenceAt(field: string, yours: FieldValue, now: FieldValue): FieldClash['since'] {
  const [section, id, name] = field.split('.');
  const wholeEntry = id !== undefined && name === undefined && ['claims', 'actors', 'sources'].includes(section ?? '');
  if (!wholeEntry) return 'set';
  return now === null ? 'removed' : yours === null ? 'added' : 'changed';
}

function editValue(edit: ContentEdit): FieldValue {
  if (edit.op === 'set') return edit.value;
  if (edit.op === 'add') return 'present';
  return null;
}

/**
 * Rebase-or-refuse (ADR 0040): `edits` were made on `base`; `since` is what changed from `base` to
 * `latest`. An edit of a field nobody touched since is kept; one that another change since set to
 * a different value is a clash; one that already holds (the same value, an entity already gone)
 * is dropped.
 */
export function rebaseEdits(
  base: Story,
  latest: Story,
  since: StoryDiff,
  edits: readonly ContentEdit[],
): { edits: ContentEdit[]; clashes: FieldClash[] } {
  const kept: ContentEdit[] = [];
  const clashes: FieldClash[] = [];
  for (const edit of edits) {
    const field = editField(edit);
    if (edit.op === 'replace') {
      clashes.push({ field, yours: 'present', now: 'present', since: 'changed' });
      continue;
    }
    if (edit.op !== 'add' && edit.entity === 'timeline') {
      const still = findTimelineEntry(base, latest.timeline, edit.id);
      if (still === undefined) clashes.push({ field, yours: editValue(edit), now: null, since: 'removed' });
      else kept.push(edit);
      continue;
    }
    if (edit.op === 'add' && edit.entity === 'timeline') {
      kept.push(edit);
      continue;
    }
    const entity =
      edit.op === 'set' && edit.entity === 'story'
        ? undefined
        : `${SECTION[edit.entity]}.${'id' in edit ? edit.id : String(edit.value.id)}`;
    const now = valueAt(latest, field);
    if (edit.op === 'remove') {
      if (valueAt(latest, field) === null) continue;
      if (diffTouches(since, field)) clashes.push({ field, yours: null, now: 'present', since: 'changed' });
      else kept.push(edit);
      continue;
    }
    if (edit.op === 'add') {
      // An id already taken at the base is the change's own mistake, not a clash: kept, so that
      // applying it answers "already exists" as an invalid change does.
      if (now === null || valueAt(base, field) !== null) kept.push(edit);
      else clashes.push({ field, yours: 'present', now: 'present', since: 'added' });
      continue;
    }
    if (entity && valueAt(latest, entity) === null) {
      clashes.push({ field, yours: edit.value, now: null, since: 'removed' });
      continue;
    }
    if (!diffTouches(since, field)) kept.push(edit);
    else if (!sameValue(edit.field, edit.value, now)) clashes.push({ field, yours: edit.value, now, since: 'set' });
  }
  return { edits: kept, clashes };
}
