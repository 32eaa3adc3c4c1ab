import { createHash } from 'node:crypto';
import type { Claim, Story, TimelineEvent } from '../story/schema.js';

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

/** The hash a revision is stored under: equal for semantically identical files. */
export function storyHash(story: Story): string {
  // The JSON of `canonicalStory`, with each claim's part remembered per claim object: the write
  // path shares untouched claims between revisions (and never mutates them), so a one-claim
  // change to a large story serialises one claim, not all of them.
  const claims = [...story.claims].sort((a, b) => compare(a.id, b.id)).map((c) => remembered(canonicalJson, c, true));
  const json = withClaims(JSON.stringify(canonicalStory({ ...story, claims: [] })), claims);
  return createHash('sha256').update(json).digest('hex');
}

/** `JSON.stringify(story)`, each claim's part remembered per claim object as for the hash. */
export function storyJson(story: Story): string {
  return withClaims(
    JSON.stringify({ ...story, claims: [] }),
    story.claims.map((c) => remembered(plainJson, c, false)),
  );
}

const canonicalJson = new WeakMap<Claim, string>();
const plainJson = new WeakMap<Claim, string>();

function remembered(cache: WeakMap<Claim, string>, claim: Claim, canonical: boolean): string {
  let json = cache.get(claim);
  if (json === undefined) {
    json = JSON.stringify(canonical ? canonicalClaim(claim) : claim);
    cache.set(claim, json);
  }
  return json;
}

/** The story's only `"claims":[]` (a key: quotes inside strings are escaped) filled with `claims`. */
function withClaims(json: string, claims: string[]): string {
  return json.replace('"claims":[]', () => `"claims":[${claims.join(',')}]`);
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
