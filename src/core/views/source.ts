import { type Card, contextBlock, textBlock } from '../message.js';
import type { StoryView } from '../story/catalog.js';
import type { Source } from '../story/schema.js';
import { claimList } from './claim.js';
import { claimCount, type LookupKind, storyFooter } from './lookup.js';

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
  card.footer = storyFooter(view);
  return card;
}

/** How `source <name>` finds, shows and offers sources. */
export const SOURCE_LOOKUP: LookupKind<Source> = {
  noun: 'source',
  find: (view, query) => view.findSource(query),
  card: sourceCard,
  summary: (source, view) =>
    `${source.name} (${source.kind}): ${claimCount((view.claimsBySource.get(source.id) ?? []).length)}`,
  detail: (source) => source.kind,
  near: (view, query) => view.sources.search(query, 3).map((s) => s.source.name),
  nearSeparator: '; ',
};
