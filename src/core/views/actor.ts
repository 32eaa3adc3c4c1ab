import { type Block, type Card, italic, textBlock } from '../message.js';
import { affiliatedClaims } from '../story/affiliation.js';
import type { StoryView } from '../story/catalog.js';
import type { Actor } from '../story/schema.js';
import { claimLine, claimList } from './claim.js';
import { type CardField, type LookupKind, lookupCard } from './lookup.js';

export function actorCard(actor: Actor, view: StoryView): Card {
  const fields: CardField[] = [{ label: 'Kind', value: actor.kind }];
  if (actor.role) fields.push({ label: 'Role', value: actor.role });
  if (actor.affiliation) fields.push({ label: 'Affiliation', value: view.actorName(actor.affiliation) });
  if (actor.aliases.length > 0) fields.push({ label: 'Also called', value: actor.aliases.join(', ') });
  const claims = view.claimsByActor.get(actor.id) ?? [];
  const blocks: Block[] = [];
  if (actor.summary) blocks.push(textBlock(actor.summary));
  const related = affiliatedClaims(view, actor.id);
  if (claims.length > 0) {
    blocks.push(textBlock(`Claims involving ${actor.name} (${claims.length}):`), claimList(claims, view));
  } else {
    const only = related.length > 0 ? ' directly' : '';
    blocks.push(textBlock(`No claims in this story involve ${actor.name}${only}.`));
  }
  if (related.length > 0) {
    blocks.push(textBlock(`Claims of actors and sources affiliated with ${actor.name} (${related.length}):`));
    blocks.push({
      type: 'list',
      items: related.map(({ claim, why }) => claimLine(claim, view, [' ', italic(`[${why}]`)])),
    });
  }
  return lookupCard(actor.name, fields, blocks, view);
}

/** How `actor <name>` finds, shows and offers actors. */
export const ACTOR_LOOKUP: LookupKind<Actor> = {
  noun: 'actor',
  find: (view, query) => view.findActor(query),
  card: actorCard,
  summary: (actor) => `${actor.name}${actor.role ? `: ${actor.role}` : ''}`,
  detail: (actor) => actor.role,
  near: (view, query) => view.actors.search(query, 3).map((a) => a.actor.name),
  nearSeparator: ', ',
};
