import { UserError } from '../../errors.js';
import type { TrackingKind } from '../store.js';
import type { StoryCatalog, StoryView } from '../story/catalog.js';
import type { Claim } from '../story/schema.js';

export const TRACK_KINDS = ['claim', 'actor', 'story'] as const;

/** What `track` / `untrack` name, resolved against the loaded stories. */
export interface TrackTarget {
  kind: TrackingKind;
  target: string;
  story: string;
  /** For replies: `claim kim-to-visit-russia`, `actor Kim Jong Un`, `story "Title"`. */
  label: string;
}

export function describeTarget(
  kind: TrackingKind,
  target: string,
  catalog: StoryCatalog,
  story?: string | null,
): string {
  const views = story ? [catalog.get(story)].filter((v): v is StoryView => v !== undefined) : catalog.list();
  if (kind === 'story') return `story "${catalog.get(target)?.story.title ?? target}"`;
  if (kind === 'actor') {
    const name = views.map((v) => v.actorById.get(target)?.name).find(Boolean);
    return name && name !== target ? `actor ${name} (${target})` : `actor ${target}`;
  }
  return `claim ${target}`;
}

/** A claim by exact id (optionally `story:claim`), or failing that by a close id. */
export function findClaimById(query: string, catalog: StoryCatalog): { view: StoryView; claim: Claim } {
  const [storyPart, claimPart] = query.includes(':') ? query.split(':', 2) : [undefined, query];
  const views = storyPart ? [catalog.resolve(storyPart)] : catalog.served();
  const exact = views.flatMap((view) => {
    const claim = view.claimById.get(claimPart ?? '');
    return claim ? [{ view, claim }] : [];
  });
  if (exact.length > 1) {
    throw new UserError(
      `Claim "${claimPart}" exists in several stories; name one: ${exact.map((e) => `${e.view.id}:${claimPart}`).join(', ')}.`,
    );
  }
  if (exact[0]) return exact[0];
  const hints = views.flatMap((v) => v.claims.search(claimPart ?? '', 3).map((c) => c.id)).slice(0, 3);
  const tail = hints.length > 0 ? ` Did you mean ${hints.join(', ')}?` : ' Try /sitrep claims for the list.';
  throw new UserError(`No claim with id "${claimPart}".${tail}`, 'not_found');
}

export function resolveTrackTarget(kind: TrackingKind, query: string | undefined, catalog: StoryCatalog): TrackTarget {
  const q = query?.trim() ?? '';
  if (kind === 'story') {
    const view = catalog.resolve(q || undefined);
    return { kind, target: view.id, story: view.id, label: `story "${view.story.title}"` };
  }
  if (!q) throw new UserError(`Name the ${kind}: /sitrep track ${kind} <id>.`);
  if (kind === 'claim') {
    const { view, claim } = findClaimById(q, catalog);
    return { kind, target: claim.id, story: view.id, label: `claim ${claim.id}` };
  }
  const views = catalog.served();
  for (const view of views) {
    const byId = view.actorById.get(q);
    const found = byId ? { kind: 'found' as const, item: byId } : view.findActor(q);
    if (found.kind === 'found') {
      return { kind, target: found.item.id, story: view.id, label: `actor ${found.item.name} (${found.item.id})` };
    }
    if (found.kind === 'ambiguous') {
      const names = found.candidates.map((a) => `${a.name} (${a.id})`).join(', ');
      throw new UserError(`"${q}" matches several actors: ${names}. Name one by id.`);
    }
  }
  const hints = views.flatMap((v) => v.actors.search(q, 3).map((a) => a.id)).slice(0, 3);
  const tail = hints.length > 0 ? ` Did you mean ${hints.join(', ')}?` : ' Try /sitrep actors for the list.';
  throw new UserError(`No actor matches "${q}".${tail}`, 'not_found');
}
