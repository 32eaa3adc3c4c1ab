import {
  type Block,
  type Button,
  type Card,
  choiceCommand,
  type Inline,
  type OutgoingMessage,
  STATUS_MARK,
  type Tone,
} from '../../core/message.js';
import {
  blockChars,
  SLACK_LIMITS,
  type SlackBlock,
  type SlackButton,
  type SlackPayload,
  type SlackText,
} from './blocks.js';
import { escapeCode, escapeMrkdwn, escapePlain, safeCut, safeLinkUrl, truncateEscaped } from './escape.js';

/**
 * The neutral message tree → Block Kit. Limits are met by splitting, never by failing or dropping:
 * a long list becomes several sections, a long reply several messages. Every string from the tree is
 * escaped (see escape.ts); links come only from `Span.url`.
 */

/** Most text one block may carry, so that several fit in a message (a section's own limit). */
const UNIT_CHARS = SLACK_LIMITS.sectionText;

/** Buttons carry the command they run; the action_id only has to be unique in its message. */
export const ACTION_PREFIX = 'sitrep:';

const TONE_EMOJI: Record<Tone, string | undefined> = {
  ...STATUS_MARK,
  info: undefined,
  success: '✅',
  warning: '⚠️',
  error: '❌',
};

export function toneEmoji(tone: Tone | undefined): string | undefined {
  return tone ? TONE_EMOJI[tone] : undefined;
}

// ---- inline text -------------------------------------------------------------------------------

function wrap(marker: string, inner: string): string {
  const match = /^(\s*)(.*?)(\s*)$/s.exec(inner);
  const [, lead = '', core = '', trail = ''] = match ?? [];
  return core === '' ? inner : `${lead}${marker}${core}${marker}${trail}`;
}

function inlineMrkdwn(part: Inline): string {
  if (typeof part === 'string') return escapeMrkdwn(part);
  const url = safeLinkUrl(part.url);
  if (part.style === 'code') {
    const code = wrap('`', escapeCode(part.text));
    return url ? `${code} <${url}|${escapeMrkdwn('link')}>` : code;
  }
  let text = escapeMrkdwn(part.text);
  if (url) text = `<${url}|${text.trim() === '' ? url : text}>`;
  if (part.style === 'bold') text = wrap('*', text);
  if (part.style === 'italic') text = wrap('_', text);
  return text;
}

/** Inline content as mrkdwn. Exported for tests and other renderers of Slack text. */
export function mrkdwn(content: readonly Inline[]): string {
  return content.map(inlineMrkdwn).join('');
}

/**
 * Splits mrkdwn into pieces of at most `max` characters: at line breaks when it can, else at spaces,
 * never inside an entity or a link.
 */
export function splitMrkdwn(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut <= max / 2) {
      const space = lastSpaceOutsideLink(rest, max);
      cut = space > max / 4 ? space : safeCut(rest, max);
    }
    if (cut <= 0) cut = safeCut(rest, max) || max;
    const piece = rest.slice(0, cut).replace(/\s+$/, '');
    if (piece !== '') pieces.push(piece);
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.trim() !== '' || pieces.length === 0) pieces.push(rest);
  return pieces;
}

function lastSpaceOutsideLink(text: string, max: number): number {
  let at = text.lastIndexOf(' ', max);
  while (at > 0) {
    const open = text.lastIndexOf('<', at);
    const close = open >= 0 ? text.indexOf('>', open) : -1;
    if (open < 0 || (close >= 0 && close < at)) return at;
    at = text.lastIndexOf(' ', open - 1);
  }
  return -1;
}

// ---- blocks ------------------------------------------------------------------------------------

/** A block with what pagination needs to know about it. */
interface Unit {
  block: SlackBlock;
  chars: number;
  /** Index of the card it belongs to, and its header text for "continued" headers. */
  card: number;
  heading?: string;
  isHeader?: boolean;
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function header(text: string): SlackBlock {
  return { type: 'header', text: { type: 'plain_text', text, emoji: true } };
}

/** Slack refuses empty text objects: blank pieces are dropped (they carry nothing). */
function nonBlank(pieces: string[]): string[] {
  return pieces.filter((p) => p.trim() !== '');
}

function sections(text: string): SlackBlock[] {
  return nonBlank(splitMrkdwn(text, SLACK_LIMITS.sectionText)).map(section);
}

/** Lines packed into sections of at most 3,000 characters; a longer line is split. */
function packLines(lines: readonly string[]): SlackBlock[] {
  const out: SlackBlock[] = [];
  let current = '';
  for (const line of lines) {
    for (const piece of nonBlank(splitMrkdwn(line, SLACK_LIMITS.sectionText))) {
      if (current !== '' && current.length + 1 + piece.length > SLACK_LIMITS.sectionText) {
        out.push(section(current));
        current = '';
      }
      current = current === '' ? piece : `${current}\n${piece}`;
    }
  }
  if (current !== '') out.push(section(current));
  return out;
}

/**
 * Groups items into runs of at most `maxCount` and `maxChars` (an item longer than `maxChars` goes
 * alone), so that no single block can take more than its share of a message's text.
 */
function chunk<T>(items: readonly T[], maxCount: number, size: (item: T) => number, maxChars = UNIT_CHARS): T[][] {
  const runs: T[][] = [];
  let run: T[] = [];
  let chars = 0;
  for (const item of items) {
    const n = size(item);
    if (run.length > 0 && (run.length >= maxCount || chars + n > maxChars)) {
      runs.push(run);
      run = [];
      chars = 0;
    }
    run.push(item);
    chars += n;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

function contextBlocks(text: string): SlackBlock[] {
  const elements = nonBlank(splitMrkdwn(text, SLACK_LIMITS.contextText)).map(
    (t): SlackText => ({ type: 'mrkdwn', text: t }),
  );
  return chunk(elements, SLACK_LIMITS.contextElements, (e) => e.text.length).map((run) => ({
    type: 'context',
    elements: run,
  }));
}

function fieldBlocks(fields: ReadonlyArray<{ label: string; value: string }>): SlackBlock[] {
  const out: SlackBlock[] = [];
  let run: SlackText[] = [];
  const flush = () => {
    for (const part of chunk(run, SLACK_LIMITS.fieldsPerSection, (f) => f.text.length)) {
      out.push({ type: 'section', fields: part });
    }
    run = [];
  };
  for (const field of fields) {
    if (field.label.trim() === '' && field.value.trim() === '') continue;
    const label = wrap('*', escapeMrkdwn(field.label));
    const text = `${label}\n${escapeMrkdwn(field.value)}`;
    if (text.length > SLACK_LIMITS.fieldText) {
      // Too long for a field: it gets sections of its own, in place, so nothing is cut.
      flush();
      out.push(...sections(text));
      continue;
    }
    run.push({ type: 'mrkdwn', text });
  }
  flush();
  return out;
}

interface Counter {
  next: number;
}

function buttonBlocks(buttons: readonly Button[], counter: Counter): SlackBlock[] {
  const elements: SlackButton[] = [];
  const leftovers: string[] = [];
  for (const button of buttons) {
    if (button.command.length > SLACK_LIMITS.buttonValue) {
      // Cannot travel in a button; offer it as text to type instead.
      leftovers.push(`${escapeMrkdwn(button.label)}: \`${escapeCode(`/sitrep ${button.command}`)}\``);
      continue;
    }
    const element: SlackButton = {
      type: 'button',
      text: {
        type: 'plain_text',
        text: truncateEscaped(escapePlain(button.label), SLACK_LIMITS.buttonText),
        emoji: true,
      },
      action_id: `${ACTION_PREFIX}${counter.next++}`,
      value: button.command,
    };
    if (button.style) element.style = button.style;
    elements.push(element);
  }
  const out: SlackBlock[] = chunk(
    elements,
    SLACK_LIMITS.actionsElements,
    (e) => e.text.text.length + e.value.length,
  ).map((run) => ({ type: 'actions', elements: run }));
  for (const text of leftovers) out.push(...contextBlocks(text));
  return out;
}

function renderBlock(block: Block, counter: Counter): SlackBlock[] {
  switch (block.type) {
    case 'text':
      return sections(mrkdwn(block.content));
    case 'fields':
      return fieldBlocks(block.fields);
    case 'list':
      return packLines(block.items.map((item) => `• ${mrkdwn(item)}`));
    case 'context':
      return contextBlocks(mrkdwn(block.content));
    case 'divider':
      return [{ type: 'divider' }];
    case 'buttons':
      return buttonBlocks(block.buttons, counter);
    case 'choices':
      // A pick list's few choices read best as buttons (no menu to open); a press is a block action.
      return buttonBlocks(
        block.choices.map((c) => ({ label: c.label, command: choiceCommand(block.command, c.value) })),
        counter,
      );
  }
}

function headingText(card: Card): string | undefined {
  if (!card.title || card.title.trim() === '') return undefined;
  const emoji = toneEmoji(card.tone);
  // A title that already starts with its mark (an alert's "🟢 Claim updated") does not get it twice.
  const marked = emoji !== undefined && card.title.startsWith(emoji);
  return `${emoji && !marked ? `${emoji} ` : ''}${escapePlain(card.title)}`;
}

function cardUnits(card: Card, index: number, counter: Counter, previous: Card | undefined): Unit[] {
  const units: Unit[] = [];
  const heading = headingText(card);
  const push = (block: SlackBlock, isHeader = false) => {
    const unit: Unit = { block, chars: blockChars(block), card: index };
    if (heading) unit.heading = heading;
    if (isHeader) unit.isHeader = true;
    units.push(unit);
  };
  if (heading) push(header(truncateEscaped(heading, SLACK_LIMITS.headerText)), true);
  else if (previous) push({ type: 'divider' });
  const rendered = card.blocks.flatMap((b) => renderBlock(b, counter));
  // No title: the tone shows as an emoji at the start of the card's first text.
  const emoji = heading ? undefined : toneEmoji(card.tone);
  if (emoji) {
    const first = rendered[0];
    if (
      first?.type === 'section' &&
      'text' in first &&
      first.text.text.length + emoji.length + 1 <= SLACK_LIMITS.sectionText
    ) {
      rendered[0] = section(`${emoji} ${first.text.text}`);
    } else {
      rendered.unshift({ type: 'context', elements: [{ type: 'mrkdwn', text: emoji }] });
    }
  }
  // The footer (sources, "as of") goes above the card's closing buttons, which stay last.
  let tail = rendered.length;
  while (tail > 0 && rendered[tail - 1]?.type === 'actions') tail -= 1;
  if (card.footer) rendered.splice(tail, 0, ...contextBlocks(escapeMrkdwn(card.footer)));
  for (const block of rendered) push(block);
  return units;
}

const CONTINUED = ' (continued)';

// ---- messages ----------------------------------------------------------------------------------

function paginate(units: readonly Unit[]): SlackBlock[][] {
  const messages: SlackBlock[][] = [];
  let blocks: SlackBlock[] = [];
  let chars = 0;
  let currentCard = -1;
  const fits = (unit: Unit, extraBlocks = 0, extraChars = 0) =>
    blocks.length + 1 + extraBlocks <= SLACK_LIMITS.blocksPerMessage &&
    chars + unit.chars + extraChars <= SLACK_LIMITS.messageChars;
  const start = () => {
    if (blocks.length > 0) messages.push(blocks);
    blocks = [];
    chars = 0;
  };
  units.forEach((unit, i) => {
    const next = units[i + 1];
    // A header wants at least its first block with it; otherwise it moves to the next message.
    const lookahead = unit.isHeader && next && next.card === unit.card ? next : undefined;
    if (blocks.length > 0 && !fits(unit, lookahead ? 1 : 0, lookahead?.chars ?? 0)) start();
    if (blocks.length === 0 && unit.heading && !unit.isHeader && unit.card === currentCard) {
      // The card goes on in a new message: say so under its title again.
      const again = header(`${truncateEscaped(unit.heading, SLACK_LIMITS.headerText - CONTINUED.length)}${CONTINUED}`);
      blocks.push(again);
      chars += blockChars(again);
    }
    if (blocks.length === 0 && unit.block.type === 'divider') return; // nothing to divide from
    blocks.push(unit.block);
    chars += unit.chars;
    currentCard = unit.card;
  });
  if (blocks.length > 0) messages.push(blocks);
  return messages;
}

function fallbackText(message: OutgoingMessage, index: number, total: number): string {
  const base = escapeMrkdwn(message.text.trim() === '' ? 'Sitrep' : message.text);
  const prefix = total > 1 && index > 0 ? `(${index + 1}/${total}) ` : '';
  return truncateEscaped(`${prefix}${base}`, SLACK_LIMITS.fallbackText);
}

/**
 * The Block Kit messages for one answer, briefing or alert: usually one; several when the content is
 * longer than one Slack message can carry. Each has a plain `text` fallback for notifications.
 */
export function renderSlackMessages(message: OutgoingMessage): SlackPayload[] {
  const cards: Card[] =
    message.cards.length > 0 ? message.cards : [{ blocks: [{ type: 'text', content: [message.text] }] }];
  const counter: Counter = { next: 0 };
  const units = cards.flatMap((card, i) => cardUnits(card, i, counter, cards[i - 1]));
  const pages = paginate(units);
  if (pages.length === 0) {
    pages.push([
      section(
        truncateEscaped(escapeMrkdwn(message.text.trim() === '' ? 'Sitrep' : message.text), SLACK_LIMITS.sectionText),
      ),
    ]);
  }
  return pages.map((blocks, i) => ({ text: fallbackText(message, i, pages.length), blocks }));
}

/** How an answer's visibility is said in a command reply. */
export function responseType(visibility: OutgoingMessage['visibility']): 'ephemeral' | 'in_channel' {
  return visibility === 'channel' ? 'in_channel' : 'ephemeral';
}
