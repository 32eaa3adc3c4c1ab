import { type Block, type Card, contextBlock, textBlock } from '../message.js';
import type { StoryView } from '../story/catalog.js';
import type { Source } from '../story/schema.js';
import { claimList } from './claim.js';
import { type CardField, claimCount, type LookupKind, lookupCard } from './lookup.js';

export function sourceCard(source: Source, view: StoryView): Card {
  const fields: CardField[] = [{ label: 'Kind', value: source.kind }];
  if (source.affiliation) fields.push({ label: 'Actor', value: view.actorName(source.affiliation) });
  if (source.aliases && source.aliases.length > 0)
    fields.push({ label: 'Also called', value: source.aliases.join(', ') });
  const claims = view.claimsBySource.get(source.id) ?? [];
  const blocks: Block[] = [];
  if (source.url) blocks.push(contextBlock({ text: source.url, url: source.url }));
  blocks.push(
    claims.length > 0
      ? textBlock(`Claims on its word (${claims.length}):`)
      : textBlock('No claim in this story rests on this source.'),
  );
  if (claims.length > 0) blocks.push(claimList(claims, view));
  return lookupCard(source.name, fields, blocks, view);
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
