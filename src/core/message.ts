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
  /** What it is about, in a few plain words: a Discord thread started from it is named so. */
  topic?: string;
  /**
   * A form to open for the caller (a Slack modal, a Discord modal). Where a platform cannot open
   * one (the shell, a late answer), the text and cards say what to type instead.
   */
  form?: FormSpec;
  /**
   * Set when the answer says the command was not done, so a caller that reports success or failure
   * (`sitrep ask`'s exit code) need not read the wording.
   */
  failure?: Failure;
}

/**
 * Why a command was not done: the caller lacks the role (`refused`), the command is not one
 * (`unknown_command`), its words or the change it asks for cannot be used (`invalid`: bad
 * arguments, nothing matching, an edit not applied), or something broke (`internal`).
 */
export type Failure = 'refused' | 'unknown_command' | 'invalid' | 'internal';

/** One field of a form. Platforms show as many as they can, in this order (Discord: five). */
export interface FormField {
  /** Given back as the key of the submitted value. */
  name: string;
  label: string;
  kind: 'text' | 'paragraph' | 'choice';
  /** What the field holds when the form opens. */
  value?: string;
  /** For `choice`; an optional choice may also be left empty. */
  choices?: readonly string[];
  required?: boolean;
  hint?: string;
  maxLength?: number;
  /** Why the last submission was not saved, shown beside the field. */
  problem?: string;
}

/** A form the core asks a platform to open, and what its submission must carry back. */
export interface FormSpec {
  /** Which form handler takes the submission (`edit-claim`, `add-claim`). */
  kind: string;
  /** At most 24 characters (Slack's limit for a modal title). */
  title: string;
  submitLabel: string;
  fields: readonly FormField[];
  /** Opaque to adapters, given back with the submission (what the form is about, its base revision). */
  state: string;
}

/** A filled-in form, as an adapter hands it to the core. */
export interface FormSubmission {
  kind: string;
  state: string;
  /** Field name → value; a field the platform did not show is absent (and left unchanged). */
  values: Record<string, string>;
}

export type FormOutcome =
  /** Done (or refused outright): close the form and show this. */
  | { kind: 'done'; message: OutgoingMessage }
  /** Problems to show beside the fields that have them (`_form` for the form as a whole). */
  | { kind: 'invalid'; errors: Record<string, string> }
  /**
   * Someone changed the same fields since the form opened: the form again, on the latest revision,
   * holding what the editor typed, each conflicting field saying what it is now and who changed it.
   * Submitting it replaces their values with the editor's, knowingly.
   */
  | { kind: 'conflict'; errors: Record<string, string>; retry: FormSpec };

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

/** A notice that the command was not done, marked with why (see `Failure`). */
export function failedNotice(failure: Failure, text: string): OutgoingMessage {
  return { ...notice(text, failure === 'internal' ? 'error' : 'warning'), failure };
}
