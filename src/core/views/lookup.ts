import { UserError } from '../../errors.js';
import { counted, deepFreeze } from '../helpers.js';
import {
  type Block,
  type Button,
  bold,
  type Card,
  CHOICE_SLOT,
  contextBlock,
  type Inline,
  type OutgoingMessage,
} from '../message.js';
import type { StoryView } from '../story/catalog.js';
import type { LookupResult } from '../story/lookup.js';
import { pickList } from './pick.js';

/**
 * `actor <name>` and `source <name>` answer alike: one card when the name is clear, the choices
 * when several match, near names when none does. What differs (how to find one, its card, how a
 * miss is put) is the kind; the rest is here, once.
 */
export interface LookupKind<T extends { id: string; name: string }> {
  /** The command that shows one ("actor"), also the noun in messages. */
  noun: 'actor' | 'source';
  find(view: StoryView, query: string): LookupResult<T>;
  card(item: T, view: StoryView): Card;
  /** The message's plain text: notification line and fallback. */
  summary(item: T, view: StoryView): string;
  /** Said after its name in a pick list: a role, a kind. */
  detail(item: T): string | undefined;
  /** Names near a query that matched nothing. */
  near(view: StoryView, query: string): string[];
  /** Between near names: sources' names hold commas ("Media reports, citing …"). */
  nearSeparator: string;
}

/** A lookup card's footer: which story, and as of when. */
function storyFooter(view: StoryView): string {
  return `${view.story.title}${view.story.asOf ? ` · as of ${view.story.asOf}` : ''}`;
}

export type CardField = { label: string; value: string };

/** An actor's or a source's card: its name, its facts, what else its kind shows, and from which story. */
export function lookupCard(name: string, fields: CardField[], blocks: Block[], view: StoryView): Card {
  return { title: name, tone: 'info', blocks: [{ type: 'fields', fields }, ...blocks], footer: storyFooter(view) };
}

/** The "Share in channel" button under a private answer: it re-runs the lookup with `share`. */
export function shareButtons(command: string): { type: 'buttons'; buttons: Button[] } {
  return { type: 'buttons', buttons: [{ label: 'Share in channel', command: `${command} share` }] };
}

type LookupCard = Omit<OutgoingMessage, 'visibility'>;

/**
 * Cards already built, per story version (a view is one version): every spelling that finds the
 * same item ("putin", "Pútin", "Putn") gets the same frozen message, which the platforms have
 * then rendered once.
 */
const cardsByView = new WeakMap<StoryView, Map<string, LookupCard>>();

/** One item's card; a private answer offers to share it. Visibility is the router's to set. */
export function lookupMessage<T extends { id: string; name: string }>(
  kind: LookupKind<T>,
  item: T,
  view: StoryView,
  shared: boolean,
): LookupCard {
  let cards = cardsByView.get(view);
  if (!cards) {
    cards = new Map();
    cardsByView.set(view, cards);
  }
  const key = `${kind.noun} ${item.id}${shared ? ' share' : ''}`;
  const built = cards.get(key);
  if (built) return built;
  const card = kind.card(item, view);
  if (!shared) card.blocks.push(shareButtons(`${kind.noun} ${item.id}`));
  const message = deepFreeze({ text: kind.summary(item, view), cards: [card] });
  cards.set(key, message);
  return message;
}

/** Several matched: the choices, never a guess; a pick runs the lookup for the one picked. */
export function lookupPickList<T extends { id: string; name: string }>(
  kind: LookupKind<T>,
  query: string,
  candidates: readonly T[],
  view: StoryView,
  shared: boolean,
): OutgoingMessage {
  const choices = candidates.map((c) => {
    const detail = kind.detail(c);
    return { label: c.name, value: c.id, ...(detail ? { detail } : {}) };
  });
  const command = `${kind.noun} ${CHOICE_SLOT}${shared ? ' share' : ''}`;
  return pickList(`Several ${kind.noun}s match "${query}". Which one?`, query, command, choices, view.story.title);
}

/** The answer to `<noun> <query>` over every loaded story; a miss is a UserError naming near names. */
export function lookupAnswer<T extends { id: string; name: string }>(
  kind: LookupKind<T>,
  query: string,
  views: readonly StoryView[],
  shared: boolean,
): Omit<OutgoingMessage, 'visibility'> {
  for (const view of views) {
    const found = kind.find(view, query);
    if (found.kind === 'found') return lookupMessage(kind, found.item, view, shared);
    if (found.kind === 'ambiguous') return lookupPickList(kind, query, found.candidates, view, shared);
  }
  const near = [...new Set(views.flatMap((v) => kind.near(v, query)))].slice(0, 3);
  const tail =
    near.length > 0 ? ` Did you mean ${near.join(kind.nearSeparator)}?` : ` Try /sitrep ${kind.noun}s for the list.`;
  throw new UserError(`No ${kind.noun} matches "${query}".${tail}`, 'not_found');
}

/** "1 claim", "3 claims". */
export function claimCount(count: number): string {
  return counted(count, 'claim');
}

/**
 * `actors` and `sources`: every one in a story, a line each (the name in bold, then what `detail`
 * says), and how to see one. Visibility is the router's to set.
 */
export function roster<T extends { name: string }>(
  view: StoryView,
  noun: 'actor' | 'source',
  items: readonly T[],
  detail: (item: T) => Inline[],
): Omit<OutgoingMessage, 'visibility'> {
  const title = view.story.title;
  return {
    text: `${counted(items.length, noun)} in ${title}`,
    cards: [
      {
        title: `${noun === 'actor' ? 'Actors' : 'Sources'}: ${title}`,
        tone: 'info',
        blocks: [
          { type: 'list', items: items.map((item) => [bold(item.name), ...detail(item)]) },
          contextBlock(
            `One ${noun} and every claim ${noun === 'actor' ? 'involving them' : 'on its word'}: /sitrep ${noun} <name>`,
          ),
        ],
      },
    ],
  };
}
