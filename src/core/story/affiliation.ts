import type { StoryView } from './catalog.js';
import type { Claim } from './schema.js';

/** A claim shown on an actor's card because of who is affiliated with the actor, with why. */
export interface AffiliatedClaim {
  claim: Claim;
  /** "about The White House" or "on the word of An unnamed US official". */
  why: string;
}

/** The actors affiliated with an actor, directly or down a chain (Kirby → NSC → United States). */
export function affiliatesOf(view: StoryView, actorId: string): string[] {
  const found: string[] = [];
  const seen = new Set([actorId]);
  const queue = [actorId];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const child of view.affiliates.get(id) ?? []) {
      if (seen.has(child.id)) continue; // a cycle in the file must not loop forever
      seen.add(child.id);
      found.push(child.id);
      queue.push(child.id);
    }
  }
  return found;
}

/**
 * Claims that do not name the actor but involve an actor affiliated with it, or rest on a source
 * affiliated with it or them: the United States' card shows what the US official, the White House
 * and the NSC said. Each is marked with why it is there, so the card never implies more.
 */
export function affiliatedClaims(view: StoryView, actorId: string): AffiliatedClaim[] {
  const direct = new Set(view.claimsByActor.get(actorId) ?? []);
  const family = new Set([actorId, ...affiliatesOf(view, actorId)]);
  const result = new Map<Claim, string>();
  for (const id of family) {
    if (id === actorId) continue;
    for (const claim of view.claimsByActor.get(id) ?? []) {
      if (!direct.has(claim) && !result.has(claim)) result.set(claim, `about ${view.actorName(id)}`);
    }
  }
  for (const source of view.story.sources) {
    if (!source.affiliation || !family.has(source.affiliation)) continue;
    for (const claim of view.claimsBySource.get(source.id) ?? []) {
      if (!direct.has(claim) && !result.has(claim)) result.set(claim, `on the word of ${source.name}`);
    }
  }
  // The story's order, which is the editors' order of importance.
  const order = view.claimOrder;
  return [...result]
    .map(([claim, why]) => ({ claim, why }))
    .sort((a, b) => (order.get(a.claim) ?? 0) - (order.get(b.claim) ?? 0));
}
