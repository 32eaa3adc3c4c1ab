import { type Card, contextBlock, type OutgoingMessage, textBlock } from '../message.js';
import type { StoryView } from '../story/catalog.js';
import type { Source } from '../story/schema.js';
import { shareButtons } from './actor.js';
import { claimList } from './claim.js';
import { pickList } from './pick.js';

export function sourceCard(source: Source, view: StoryView): Card {
  const fields: Array<{ label: string; value: string }> = [{ label: 'Kind', value: source.kind }];
  if (source.affiliation) fields.push({ label: 'Actor', value: view.actorName(source.affiliation) });
  if (source.aliases && source.aliases.length > 0)
    fields.push({ label: 'Also called', value: source.aliases.join(', ') });
  const claims = view.claimsBySource.get(source.id) ?? [];
  const card: Card = { title: source.name, tone: 'info', blocks: [{ type: 'fields', fields }] };
  if (source.url) card.blocks.push(contextBlock({ text: source.url, url: source.url }));
  card.blocks.push(
    claims.length > 0
      ? textBlock(`Claims on its word (${claims.length}):`)
      : textBlock('No claim in this story rests on this source.'),
  );
  if (claims.length > 0) card.blocks.push(claimList(claims, view));
  card.footer = `${view.story.title}${view.story.asOf ? ` · as of ${view.story.asOf}` : ''}`;
  return card;
}

export function sourceMessage(source: Source, view: StoryView, shared: boolean): OutgoingMessage {
  const card = sourceCard(source, view);
  if (!shared) card.blocks.push(shareButtons(`source ${source.id}`));
  const count = (view.claimsBySource.get(source.id) ?? []).length;
  return {
    text: `${source.name} (${source.kind}): ${count} claim${count === 1 ? '' : 's'}`,
    cards: [card],
    visibility: shared ? 'channel' : 'private',
  };
}

export function sourcePickList(query: string, candidates: readonly Source[], view: StoryView): OutgoingMessage {
  const options = candidates.map((s) => ({ label: s.name, detail: s.kind, id: s.id, command: `source ${s.id}` }));
  return pickList(`Several sources match "${query}". Which one?`, query, options, view.story.title);
}
