import { contextBlock, failedNotice, type OutgoingMessage } from '../message.js';
import type { CommandDef } from './types.js';

/**
 * `/sitrep console`: a one-time sign-in link to the editors' console, shown only to the caller.
 * Editors and admins only (from config); the link is theirs and works once, for 10 minutes.
 */
export const consoleLink: CommandDef = {
  name: 'console',
  description: 'A private one-time link to the editors’ console (editors and admins)',
  options: [],
  examples: ['console'],
  privateOnly: true,
  async run(_args, ctx): Promise<OutgoingMessage> {
    const signIn = ctx.services.console;
    if (!signIn) return failedNotice('invalid', 'The editors’ console is not running on this server.');
    const user = `${ctx.caller.platform}:${ctx.caller.userId}`;
    const issued = await signIn.issueLink(user, user);
    if (!issued.ok) {
      return failedNotice(
        'refused',
        'Only editors and admins can use the console. Ask an admin to add you to config/sitrep.yaml.',
      );
    }
    return {
      text: 'Your sign-in link to the Sitrep console',
      visibility: 'private',
      cards: [
        {
          title: 'Sign in to the Sitrep console',
          tone: 'info',
          blocks: [
            // The only link Sitrep itself makes; never from story text.
            { type: 'text', content: [{ text: 'Open the console', url: issued.url, style: 'bold' }] },
            contextBlock('Works once, for 10 minutes, and only for you. Do not forward it.'),
          ],
        },
      ],
    };
  },
};
