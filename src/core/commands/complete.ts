import type { Completion, Suggestion } from '../ports.js';
import type { Store } from '../store.js';
import type { StoryCatalog } from '../story/catalog.js';
import { normalizeName } from '../story/normalize.js';
import { CLAIM_STATUSES, TIERS } from '../story/schema.js';
import { type SearchHit, searchIndex } from '../story/search.js';

const TIME_ZONES = Intl.supportedValuesOf('timeZone');

function fromList(values: readonly string[], query: string, limit: number): Suggestion[] {
  const q = normalizeName(query);
  const starts = values.filter((v) => normalizeName(v).startsWith(q));
  const contains = values.filter((v) => !starts.includes(v) && normalizeName(v).includes(q));
  return [...starts, ...contains].slice(0, limit).map((v) => ({ label: v, value: v }));
}

function searchLabel(hit: SearchHit): string {
  const text = {
    claim: () => (hit.kind === 'claim' ? hit.claim.text : ''),
    actor: () => (hit.kind === 'actor' ? hit.actor.name : ''),
    source: () => (hit.kind === 'source' ? hit.source.name : ''),
    event: () => (hit.kind === 'event' ? hit.event.text : ''),
  }[hit.kind]();
  // Discord allows 100 characters for a choice's name and value; cut at a word.
  return text.length <= 100 ? text : `${text.slice(0, 99).replace(/\s+\S*$/, '')}…`;
}

/** Autocomplete values for typed options: fuzzy over names and aliases, best first. */
export async function completeOption(
  kind: Completion,
  query: string,
  limit: number,
  deps: { catalog: StoryCatalog; store: Store },
): Promise<Suggestion[]> {
  const views = deps.catalog.list();
  switch (kind) {
    case 'actor':
      return views
        .flatMap((v) => v.actors.search(query, limit))
        .slice(0, limit)
        .map((a) => ({ label: a.actor.role ? `${a.actor.name} — ${a.actor.role}` : a.actor.name, value: a.id }));
    case 'source':
      return views
        .flatMap((v) => v.sources.search(query, limit))
        .slice(0, limit)
        .map((s) => ({ label: `${s.source.name} (${s.source.kind})`, value: s.id }));
    case 'search':
      // What the story holds that begins to match: each suggestion searches for itself.
      return views
        .flatMap((v) => (query.trim() ? searchIndex(v.story).searchAsTyped(query, limit) : []))
        .slice(0, limit)
        .map((hit) => {
          const text = searchLabel(hit);
          return { label: text, value: text };
        });
    case 'claim':
      return views
        .flatMap((v) => {
          const q = normalizeName(query);
          return v.story.claims.filter((c) => !q || normalizeName(`${c.id} ${c.text}`).includes(q));
        })
        .slice(0, limit)
        .map((c) => ({ label: `${c.id}: ${c.text}`, value: c.id }));
    case 'story':
      return deps.catalog.searchStories(query, limit).map((v) => ({ label: v.story.title, value: v.id }));
    case 'timezone':
      return fromList(TIME_ZONES, query, limit);
    case 'tier':
      return fromList(TIERS, query, limit);
    case 'status':
      return fromList(CLAIM_STATUSES, query, limit);
    case 'track-kind':
      return fromList(['claim', 'actor', 'story'], query, limit);
    case 'schedule': {
      const schedules = await deps.store.schedules.list();
      return fromList(
        schedules.map((s) => s.id),
        query,
        limit,
      );
    }
  }
}
