import { CHOICE_SLOT, type Choice, choiceCommand, contextBlock, type OutgoingMessage } from '../message.js';

/**
 * Several things match what was typed: the choices, never a guess. `command` is what picking one
 * runs, with CHOICE_SLOT where the pick's id goes (`claims {choice} speculative`); the platform
 * shows them as it can (a Discord select menu, Slack buttons), and everyone can type the command.
 */
export function pickList(
  question: string,
  query: string,
  command: string,
  choices: readonly Choice[],
  footer?: string,
): OutgoingMessage {
  if (!command.includes(CHOICE_SLOT)) throw new Error(`pick command "${command}" has no ${CHOICE_SLOT}`);
  const first = choices[0];
  return {
    text: question,
    cards: [
      {
        title: `Which “${query}”?`,
        tone: 'info',
        blocks: [
          {
            type: 'list',
            items: choices.map((c) => [c.label, c.detail ? ` — ${c.detail}` : '', ` (${c.value})`]),
          },
          { type: 'choices', placeholder: `Which “${query}”?`, command, choices: [...choices] },
          contextBlock(`Or type /sitrep ${first ? choiceCommand(command, first.value) : 'help'}`),
        ],
        ...(footer ? { footer } : {}),
      },
    ],
    visibility: 'private',
  };
}
