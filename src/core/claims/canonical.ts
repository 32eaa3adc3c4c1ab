import { createHash } from 'node:crypto';
import { sha256, updateInSlices } from '../sha256.js';
import type { Actor, Claim, Story, TimelineEvent } from '../story/schema.js';

/**
 * A story reduced to what it means, so that re-ordering lists or re-formatting the YAML is not a
 * change: entities sorted by id, id lists treated as sets, object keys sorted, absent optional
 * fields left out. Timeline events are sorted too, because every view orders them by date.
 */
export function canonicalStory(story: Story): unknown {
  const byId = <T extends { id: string }>(list: readonly T[]) => [...list].sort((a, b) => compare(a.id, b.id));
  return sortKeys({
    ...story,
    sources: byId(story.sources),
    actors: byId(story.actors).map((a) => ({ ...a, aliases: sortedSet(a.aliases) })),
    claims: byId(story.claims).map(claimAsSets),
    timeline: canonicalTimeline(story.timeline),
  });
}

/** A claim reduced to what it means: its id lists as sets (keys are sorted with the story's). */
export function canonicalClaim(claim: Claim): Claim {
  return sortKeys(claimAsSets(claim)) as Claim;
}

function claimAsSets(claim: Claim): Claim {
  return { ...claim, about: sortedSet(claim.about), source: sortedSet(claim.source) };
}

export function canonicalTimeline(events: readonly TimelineEvent[]): TimelineEvent[] {
  return events
    .map((e) => ({ ...e, actors: sortedSet(e.actors) }))
    .sort((a, b) => compare(a.date, b.date) || compare(a.text, b.text));
}

/** Marks a hash in the current form; a revision stored before it holds the plain form (see `hashMatches`). */
const TREE_HASH = 't1:';

/**
 * The hash a revision is stored under: equal for semantically identical files. A tree: the
 * canonical story without its actors and claims, then each actor's and each claim's own digest in
 * id order. A digest is remembered per entity object, and the write path shares untouched entities
 * between revisions (and never mutates them), so a one-claim change to a 10,000-claim story hashes
 * one claim and a list of digests, not megabytes of JSON (ADR 0044).
 */
export function storyHash(story: Story): string {
  const rest = JSON.stringify(canonicalStory({ ...story, actors: [], claims: [] }));
  const actors = inIdOrder(story.actors).map((a) => digest(a, canonicalActor));
  const claims = inIdOrder(story.claims).map((c) => digest(c, canonicalClaim));
  const tree = createHash('sha256').update(rest).update('\n');
  updateInSlices(tree, actors.join('')).update('\n');
  return `${TREE_HASH}${updateInSlices(tree, claims.join('')).digest('hex')}`;
}

function canonicalActor(actor: Actor): unknown {
  return sortKeys({ ...actor, aliases: sortedSet(actor.aliases) });
}

const digests = new WeakMap<object, string>();

function digest<T extends object>(entity: T, canonical: (entity: T) => unknown): string {
  let found = digests.get(entity);
  if (found === undefined) {
    found = createHash('sha256')
      .update(JSON.stringify(canonical(entity)))
      .digest('hex');
    digests.set(entity, found);
  }
  return found;
}

/** The last list put in id order, by its ids: a change that adds, removes or moves nothing sorts nothing. */
const lastOrders: Array<{ ids: readonly string[]; order: readonly number[] }> = [];

function inIdOrder<T extends { id: string }>(list: readonly T[]): T[] {
  let known = lastOrders.find((o) => o.ids.length === list.length && list.every((e, i) => e.id === o.ids[i]));
  if (!known) {
    const order = list.map((_, i) => i).sort((a, b) => compare((list[a] as T).id, (list[b] as T).id));
    known = { ids: list.map((e) => e.id), order };
    lastOrders.unshift(known);
    lastOrders.length = Math.min(lastOrders.length, 4);
  }
  return known.order.map((i) => list[i] as T);
}

/** The form revisions were hashed in before the tree: the canonical JSON's own digest. */
function plainStoryHash(story: Story): string {
  return sha256(JSON.stringify(canonicalStory(story)), 'hex');
}

/**
 * Whether a stored revision hash is `story`'s, in the form it was stored in: revisions keep their
 * hashes across the change of form (no migration re-reads every story ever stored).
 */
export function hashMatches(stored: string, story: Story, current?: string): boolean {
  if (stored.startsWith(TREE_HASH)) return stored === (current ?? storyHash(story));
  return stored === plainStoryHash(story);
}

export function sortedSet(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compare);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => compare(a, b));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}
