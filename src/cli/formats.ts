import { renderText } from '../adapters/shell/render.js';
import type { OutgoingMessage } from '../core/message.js';

export const FORMATS = ['text', 'slack', 'discord'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * What `ask` and `preview` print: plain text, or the exact payload the platform would be sent
 * (a JSON array when the reply is split into several messages).
 */
export async function formatMessage(message: OutgoingMessage, format: Format): Promise<string> {
  if (format === 'text') return renderText(message);
  const payloads =
    format === 'slack'
      ? (await import('../adapters/slack/render.js')).renderSlackMessages(message)
      : (await import('../adapters/discord/render.js')).renderDiscordMessages(message);
  return JSON.stringify(payloads.length === 1 ? payloads[0] : payloads, null, 2);
}
