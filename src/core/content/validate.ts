import type { z } from 'zod';
import { sameIdsInPlace } from '../claims/diff.js';
import { referenceProblems } from '../story/load.js';
import {
  actorSchema,
  claimSchema,
  STORY_LIMITS,
  type Story,
  sourceSchema,
  storySchema,
  timelineEventSchema,
} from '../story/schema.js';
import { isMissingField, type PathKey } from '../yaml-source.js';
import type { RawStory } from './edits.js';
import type { ContentProblem } from './types.js';

/**
 * A path in the story as a field name of the write path: list items by their id
 * (`claims.kim-visit.status`), timeline entries by their place, values inside a field's own list
 * dropped (`claims.x.about`, not `claims.x.about.1`).
 */
export function fieldName(raw: RawStory, at: readonly PathKey[]): string {
  const [section, index, field] = at;
  if (section === undefined) return 'story';
  if (typeof index !== 'number') return at.filter((s) => typeof s === 'string').join('.');
  const item = (raw[section] as Array<Record<string, unknown>> | undefined)?.[index];
  const id = section !== 'timeline' && typeof item?.id === 'string' ? item.id : String(index);
  return [section, id, ...(typeof field === 'string' ? [field] : [])].join('.');
}

function issueMessage(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `unknown field "${key}"`);
  if (isMissingField(issue)) return ['required field is missing'];
  if (issue.code === 'invalid_value' && 'values' in issue)
    return [`must be one of ${(issue.values as unknown[]).map(String).join(', ')}, not ${JSON.stringify(issue.input)}`];
  return [issue.message];
}

/**
 * The rules a story file is held to (the schema, ids that exist and are unique, the id naming the
 * story), applied to a story built by edits. Every problem at once, each naming its field.
 */
export function validateStory(
  raw: RawStory,
  storyId: string,
  previous?: Story,
): { ok: true; story: Story } | { ok: false; problems: ContentProblem[] } {
  const onTop = previous && validOnTop(raw, storyId, previous);
  if (onTop) return { ok: true, story: onTop };
  const problems: ContentProblem[] = [];
  const parsed = storySchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const at = issue.path as PathKey[];
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
      const messages = issueMessage(issue);
      for (const [i, message] of messages.entries()) {
        const key = keys[i];
        problems.push({ field: fieldName(raw, key === undefined ? at : [...at, key]), message });
      }
    }
  }
  const taken = new Set(problems.map((p) => p.field));
  for (const { at, message } of referenceProblems(raw)) {
    const field = fieldName(raw, at);
    if (!taken.has(field)) problems.push({ field, message });
  }
  if (typeof raw.id === 'string' && raw.id !== storyId)
    problems.push({ field: 'id', message: `must stay "${storyId}" (a story's id is its name)` });
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  return { ok: true, story: parsed.data };
}

const SECTIONS = [
  ['sources', sourceSchema, STORY_LIMITS.sources],
  ['actors', actorSchema, STORY_LIMITS.actors],
  ['claims', claimSchema, STORY_LIMITS.claims],
  ['timeline', timelineEventSchema, STORY_LIMITS.timeline],
] as const;

/**
 * The same rules, checked only where `raw` differs from `previous` (a story that passed them):
 * an entity still the very object `previous` holds was checked then (the schemas give back what
 * they accept), so only new and changed entities go through the schema; the story's own fields,
 * list sizes, ids and references are checked whole. Untouched entities are shared with
 * `previous`, so later diffs skip them at once (ADR 0042). `undefined` when anything is wrong:
 * the full check then names every problem.
 */
function validOnTop(raw: RawStory, storyId: string, previous: Story): Story | undefined {
  if (raw.id !== storyId) return undefined;
  const lists: Record<string, unknown[]> = {};
  for (const [section, schema, max] of SECTIONS) {
    const items = raw[section] ?? (section === 'sources' || section === 'actors' ? [] : undefined);
    if (!Array.isArray(items) || items.length > max) return undefined;
    if (items === previous[section]) {
      lists[section] = items;
      continue;
    }
    const before: readonly unknown[] = previous[section];
    // In place, an item that is not the object before it is a changed one; otherwise look it up.
    const known = sameIdsInPlace(before, items) ? undefined : new Set(before);
    const checked: unknown[] = [];
    for (const [i, item] of items.entries()) {
      if (item === before[i] || known?.has(item)) checked.push(item);
      else {
        const parsed = schema.safeParse(item);
        if (!parsed.success) return undefined;
        checked.push(parsed.data);
      }
    }
    lists[section] = checked;
  }
  const own = storySchema.safeParse({ ...raw, sources: [], actors: [], claims: [], timeline: [] });
  if (!own.success) return undefined;
  const story = { ...own.data, ...lists } as Story;
  return referencesHold(story, previous) ? story : undefined;
}

/**
 * The reference rules for a story built on `previous`. While its actors and sources are the very
 * lists `previous` held, an untouched claim or timeline still names only ids that exist, so only
 * the new and changed ones are checked, and claim ids for being unique.
 */
function referencesHold(story: Story, previous: Story): boolean {
  if (story.actors !== previous.actors || story.sources !== previous.sources)
    return referenceProblems(story).length === 0;
  const inPlace = sameIdsInPlace(previous.claims, story.claims);
  if (!inPlace && new Set(story.claims.map((c) => c.id)).size !== story.claims.length) return false;
  const before = inPlace ? undefined : new Set<unknown>(previous.claims);
  const changed = story.claims.filter((c, i) => c !== previous.claims[i] && !before?.has(c));
  const timeline = story.timeline === previous.timeline ? [] : story.timeline;
  return referenceProblems({ ...story, claims: changed, timeline }).length === 0;
}

export function formatContentProblem(p: ContentProblem): string {
  return `${p.field}: ${p.message}`;
}
