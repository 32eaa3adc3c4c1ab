import { type Button, type Card, italic, type OutgoingMessage, textBlock } from '../message.js';
import { affiliatedClaims } from '../story/affiliation.js';
import type { StoryView } from '../story/catalog.js';
import type { Actor } from '../story/schema.js';
import { claimLine, claimList } from './claim.js';
import { pickList } from './pick.js';

export function actorCard(actor: Actor, view: StoryView): Card {
  const fields: Array<{ label: string; value: string }> = [{ label: 'Kind', value: actor.kind }];
  if (actor.role) fields.push({ label: 'Role', value: actor.role });
  if (actor.affiliation) fields.push({ label: 'Affiliation', value: view.actorName(actor.affiliation) });
  if (actor.aliases.length > 0) fields.push({ label: 'Also called', value: actor.aliases.join(', ') });
  const claims = view.claimsByActor.get(actor.id) ?? [];
  const card: Card = { title: actor.name, tone: 'info', blocks: [{ type: 'fields', fields }] };
  if (actor.summary) card.blocks.push(textBlock(actor.summary));
  const related = affiliatedClaims(view, actor.id);
  if (claims.length > 0) {
    card.blocks.push(textBlock(`Claims involving ${actor.name} (${claims.length}):`), claimList(claims, view));
  } else {
    const only = related.length > 0 ? ' directly' : '';
    card.blocks.push(textBlock(`No claims in this story involve ${actor.name}${only}.`));
  }
  if (related.length > 0) {
    card.blocks.push(textBlock(`Claims of actors and sources affiliated with ${actor.name} (${related.length}):`));
    card.blocks.push({
      type: 'list',
      items: related.map(({ claim, why }) => claimLine(claim, view, [' ', italic(`[${why}]`)])),
    });
  }
  card.footer = `${view.story.title}${view.story.asOf ? ` · as of ${view.story.asOf}` : ''}`;
  return card;
}

export function actorMessage(actor: Actor, view: StoryView, shared: boolean): OutgoingMessage {
  const card = actorCard(actor, view);
  if (!shared) card.blocks.push(shareButtons(`actor ${actor.id}`));
  return {
    text: `${actor.name}${actor.role ? `: ${actor.role}` : ''}`,
    cards: [card],
    visibility: shared ? 'channel' : 'private',
  };
}

/** The "Share in channel" button under a private answer: it re-runs the lookup with `share`. */
export function shareButtons(command: string): { type: 'buttons'; buttons: Button[] } {
  return { type: 'buttons', buttons: [{ label: 'Share in channel', command: `${command} share` }] };
}

/** Several actors matched: a pick list, as buttons where the platform has them. */
export function actorPickList(query: string, candidates: readonly Actor[], view: StoryView): OutgoingMessage {
  const options = candidates.map((a) => ({ label: a.name, detail: a.role, id: a.id, command: `actor ${a.id}` }));
  return pickList(`Several actors match "${query}". Which one?`, query, options, view.story.title);
}
