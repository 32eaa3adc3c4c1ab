import { type Block, type Card, contextBlock, type Inline, inlinesText, type OutgoingMessage } from '../message.js';

/**
 * How much one answer or briefing may hold (README, "Limits"): a channel asked a question, or
 * subscribed to a briefing, gets a few messages, never hundreds; what is left out is counted and
 * said where to read it. The cut is made on the neutral tree, before any platform renders it.
 */

/** Characters of an interactive answer: about three Slack messages or Discord embeds. */
export const ANSWER_MAX_CHARS = 9_000;
/** Claims a full briefing lists (a short one lists five). */
export const FULL_BRIEFING_MAX_CLAIMS = 50;
/** Timeline events a full briefing lists, the latest ones. */
export const FULL_BRIEFING_MAX_EVENTS = 30;

const WHERE_THE_REST_IS =
  'narrow it (claims with an actor, status or words; search) or read it in the editors’ console';

function inlineLength(content: readonly Inline[]): number {
  return inlinesText(content).length;
}

function blockLength(block: Block): number {
  switch (block.type) {
    case 'text':
    case 'context':
      return inlineLength(block.content);
    case 'fields':
      return block.fields.reduce((n, f) => n + f.label.length + f.value.length, 0);
    case 'list':
      return block.items.reduce((n, item) => n + inlineLength(item) + 1, 0);
    case 'choices':
      return block.choices.reduce((n, c) => n + c.label.length + (c.detail?.length ?? 0), 0);
    default:
      return 0;
  }
}

/** Items and blocks of `cards` past `maxChars`, left out and counted in one closing line. */
export function boundAnswer<M extends Pick<OutgoingMessage, 'cards'>>(message: M, maxChars = ANSWER_MAX_CHARS): M {
  let budget = maxChars;
  let omitted = 0;
  const cards: Card[] = [];
  for (const card of message.cards) {
    if (budget <= 0) {
      omitted += card.blocks.reduce((n, b) => n + (b.type === 'list' ? b.items.length : 1), 0);
      continue;
    }
    const blocks: Block[] = [];
    for (const block of card.blocks) {
      const length = blockLength(block);
      if (length <= budget) {
        blocks.push(block);
        budget -= length;
        continue;
      }
      if (block.type === 'list') {
        const kept: Inline[][] = [];
        for (const item of block.items) {
          const itemLength = inlineLength(item) + 1;
          if (itemLength > budget) break;
          kept.push(item);
          budget -= itemLength;
        }
        if (kept.length > 0) blocks.push({ ...block, items: kept });
        omitted += block.items.length - kept.length;
      } else {
        omitted += 1;
      }
      budget = 0;
    }
    cards.push({ ...card, blocks });
  }
  if (omitted === 0) return message;
  const last = cards.at(-1);
  const note = contextBlock(`${omitted} more not shown here: ${WHERE_THE_REST_IS}.`);
  if (last) last.blocks.push(note);
  return { ...message, cards };
}
