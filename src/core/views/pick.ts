import { contextBlock, type OutgoingMessage } from '../message.js';

export interface PickOption {
  label: string;
  /** Shown after the label in the list: a role, a kind. */
  detail?: string;
  /** Shown last, in brackets: what to type instead. */
  id?: string;
  /** The `/sitrep` command that choosing it runs. */
  command: string;
}

/**
 * Several things match what was typed: the choices, never a guess. Buttons where the platform has
 * them (Slack buttons, Discord buttons); the list and the typed command for everyone else.
 */
export function pickList(
  question: string,
  query: string,
  options: readonly PickOption[],
  footer?: string,
): OutgoingMessage {
  return {
    text: question,
    cards: [
      {
        title: `Which “${query}”?`,
        tone: 'info',
        blocks: [
          {
            type: 'list',
            items: options.map((o) => [o.label, o.detail ? ` — ${o.detail}` : '', o.id ? ` (${o.id})` : '']),
          },
          { type: 'buttons', buttons: options.map((o) => ({ label: o.label, command: o.command })) },
          contextBlock(`Or type /sitrep ${options[0]?.command ?? 'help'}`),
        ],
        ...(footer ? { footer } : {}),
      },
    ],
    visibility: 'private',
  };
}
