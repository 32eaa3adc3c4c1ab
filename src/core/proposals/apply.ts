import type { Story } from '../story/schema.js';
import type { Proposal } from './types.js';

/**
 * A story with proposals applied, as plain data: what an editor accepts goes through the one write
 * path as this new version. Proposals a chosen one requires (the new actor a new claim is about)
 * come with it, so an accepted set never leaves a dangling id.
 */

export function withRequirements(all: readonly Proposal[], chosen: readonly string[]): Proposal[] {
  const byId = new Map(all.map((p) => [p.id, p]));
  const picked = new Set<string>();
  const visit = (id: string) => {
    if (picked.has(id)) return;
    const proposal = byId.get(id);
    if (!proposal) return;
    picked.add(id);
    for (const required of proposal.requires) visit(required);
  };
  for (const id of chosen) visit(id);
  return all.filter((p) => picked.has(p.id));
}

export function applyProposals(story: Story, proposals: readonly Proposal[]): Story {
  const next: Story = {
    ...story,
    sources: [...story.sources],
    actors: story.actors.map((a) => ({ ...a, aliases: [...a.aliases] })),
    claims: story.claims.map((c) => ({ ...c })),
    timeline: [...story.timeline],
  };
  // Actors and sources first: claims and events name them.
  for (const p of proposals) {
    if (p.kind === 'actor' && !next.actors.some((a) => a.id === p.actor.id)) next.actors.push({ ...p.actor });
    if (p.kind === 'source' && !next.sources.some((s) => s.id === p.source.id)) next.sources.push({ ...p.source });
  }
  for (const p of proposals) {
    switch (p.kind) {
      case 'alias': {
        const actor = next.actors.find((a) => a.id === p.actorId);
        if (actor && !actor.aliases.includes(p.alias)) actor.aliases.push(p.alias);
        break;
      }
      case 'claim':
        if (!next.claims.some((c) => c.id === p.claim.id)) next.claims.push({ ...p.claim });
        break;
      case 'status': {
        const claim = next.claims.find((c) => c.id === p.claimId);
        if (claim) {
          claim.status = p.to;
          claim.note = p.note;
        }
        break;
      }
      case 'timeline':
        next.timeline.push({ ...p.event });
        break;
      default:
        break;
    }
  }
  return next;
}
