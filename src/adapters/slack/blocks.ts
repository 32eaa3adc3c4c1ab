/** The Block Kit this adapter makes (`@slack/types`), Slack's limits on it, and how Slack counts its text. */
import type {
  ActionsBlock,
  Button as ButtonElement,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
} from '@slack/types';

export type SlackText = PlainTextElement | MrkdwnElement;
/** A button as this renderer makes it: always with an action id and a value (the command it runs). */
export type SlackButton = ButtonElement & { action_id: string; value: string };
/**
 * The blocks this renderer makes: Block Kit's own types (`@slack/types`), narrowed to the text
 * and button forms it uses, so that what reads them back (limits, the console's preview) needs no
 * casts.
 */
export type SlackBlock =
  | HeaderBlock
  | (Omit<SectionBlock, 'text' | 'fields'> & ({ text: SlackText } | { fields: SlackText[] }))
  | (Omit<ContextBlock, 'elements'> & { elements: SlackText[] })
  | DividerBlock
  | (Omit<ActionsBlock, 'elements'> & { elements: SlackButton[] });

/** One Slack message: what chat.postMessage, an ack or a response_url post carries. */
export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
  /** Only on command answers; the transport adds it. */
  response_type?: 'ephemeral' | 'in_channel';
}

/** Block Kit's documented limits, and the one Slack enforces without documenting (total text). */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  headerText: 150,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  /** `text` fallback: Slack's advice for notifications and screen readers. */
  fallbackText: 4000,
  /**
   * Slack answers `msg_blocks_too_long` somewhere past ~12,000 characters of text in one message's
   * blocks (bolt-js #2509, #2867); we stay well under it.
   */
  messageChars: 10_000,
} as const;

/** Characters of text a block carries, as Slack counts them towards its per-message total. */
export function blockChars(block: SlackBlock): number {
  switch (block.type) {
    case 'header':
      return block.text.text.length;
    case 'section':
      return 'text' in block ? block.text.text.length : block.fields.reduce((n, f) => n + f.text.length, 0);
    case 'context':
      return block.elements.reduce((n, e) => n + e.text.length, 0);
    case 'divider':
      return 0;
    case 'actions':
      return block.elements.reduce((n, e) => n + e.text.text.length + e.value.length, 0);
  }
}
