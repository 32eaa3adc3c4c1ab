import type { ClaimStatus } from './story/schema.js';

/**
 * The neutral message tree. The core answers every command, briefing and alert with one of these;
 * each adapter renders it (Block Kit, embeds, plain text). All strings are plain text: renderers
 * escape them for their platform, so story text can never become markup, a mention or a link.
 */

export type Tone = ClaimStatus | 'info' | 'success' | 'warning' | 'error';

/** The mark each claim status shows beside a claim, in every renderer. */
export const STATUS_MARK: Record<ClaimStatus, string> = {
  reported: '🟡',
  confirmed: '🟢',
  disputed: '🟠',
  denied: '🔴',
  retracted: '⚫',
  outdated: '⚪',
};

export interface Span {
  text: string;
  style?: 'bold' | 'italic' | 'code';
  /** Only ever set from a source's `url` field, never parsed out of story text. */
  url?: string;
}

export type Inline = string | Span;

export interface Button {
  label: string;
  /** The `/sitrep` command text that pressing the button runs, as the person who pressed it. */
  command: string;
  style?: 'primary' | 'danger';
}

/** One of several things that match what was asked (a pick list entry). */
export interface Choice {
  label: string;
  /** Said after the label: a role, a kind. */
  detail?: string;
  /** What picking it puts into the command: an id, one word. */
  value: string;
}

/** Where a pick's value goes in a `choices` block's command: `actor {choice}`. */
export const CHOICE_SLOT = '{choice}';

/** The command that picking `value` runs. */
export function choiceCommand(command: string, value: string): string {
  return command.replace(CHOICE_SLOT, value);
}

export type Block =
  | { type: 'text'; content: Inline[] }
  | { type: 'fields'; fields: Array<{ label: string; value: string }> }
  | { type: 'list'; items: Inline[][] }
  | { type: 'context'; content: Inline[] }
  | { type: 'divider' }
  | { type: 'buttons'; buttons: Button[] }
  /**
   * Several things match: pick one, and `command` (with CHOICE_SLOT standing for the pick's value)
   * runs as the person who picked. A select menu on Discord, buttons on Slack, a list to type from
   * elsewhere.
   */
  | { type: 'choices'; placeholder: string; command: string; choices: Choice[] };

/** One visual unit: a Discord embed, a run of Slack blocks under a header, a paragraph in text. */
export interface Card {
  title?: string;
  tone?: Tone;
  blocks: Block[];
  footer?: string;
}

export interface OutgoingMessage {
  /** Plain-text summary: notification text, Slack `text` fallback, Discord `content`. */
  text: string;
  cards: Card[];
  /** `private`: only the caller sees it (Slack ephemeral, Discord ephemeral). */
  visibility: 'private' | 'channel';
}

export function bold(text: string): Span {
  return { text, style: 'bold' };
}

export function italic(text: string): Span {
  return { text, style: 'italic' };
}

export function code(text: string): Span {
  return { text, style: 'code' };
}

export function textBlock(...content: Inline[]): Block {
  return { type: 'text', content };
}

export function contextBlock(...content: Inline[]): Block {
  return { type: 'context', content };
}

export function inlineText(inline: Inline): string {
  return typeof inline === 'string' ? inline : inline.text;
}

export function inlinesText(content: readonly Inline[]): string {
  return content.map(inlineText).join('');
}

/** A one-card reply: the shape of most command answers. */
export function reply(
  text: string,
  card: Card,
  visibility: OutgoingMessage['visibility'] = 'private',
): OutgoingMessage {
  return { text, cards: [card], visibility };
}

/** A short notice with no card body: errors, confirmations. */
export function notice(text: string, tone: Tone = 'info', visibility: OutgoingMessage['visibility'] = 'private') {
  return reply(text, { tone, blocks: [textBlock(text)] }, visibility);
}
