import { UserError } from '../../errors.js';
import { userAddress } from '../access.js';
import { contextBlock, failedNotice, notice, type OutgoingMessage } from '../message.js';
import type { CommandContext, CommandDef } from './types.js';

/** A held change's number as typed (`12` or `#12`). */
function pendingId(raw: string | undefined): number {
  const id = Number((raw ?? '').replace(/^#/, ''));
  if (!Number.isInteger(id) || id < 1) throw new UserError('Give the number of a held change, e.g. "confirm 12".');
  return id;
}

/** Held changes are decided by admins only: the change removes much of a story (issue 11). */
function writePath(ctx: CommandContext) {
  if (!ctx.roles.includes('admin')) throw new UserError('Only admins can decide a held change.', 'forbidden');
  if (!ctx.services.content) throw new UserError('Held changes cannot be decided here.');
  return ctx.services.content;
}

/** What `confirm` and `discard` act on: the held change named, the write path and who decides. */
function heldChange(args: Record<string, string | undefined>, ctx: CommandContext) {
  return { content: writePath(ctx), id: pendingId(args.change), decider: userAddress(ctx.caller) };
}

const HELD_CHANGE_OPTIONS = [{ name: 'change', description: 'The held change number', required: true }];

export const confirm: CommandDef = {
  name: 'confirm',
  description: 'Admins: publish a held change (one that removes many claims)',
  needs: 'edit',
  slow: true,
  options: HELD_CHANGE_OPTIONS,
  examples: ['confirm 12'],
  async run(args, ctx): Promise<OutgoingMessage> {
    const { content, id, decider } = heldChange(args, ctx);
    const outcome = await content.confirm(id, decider);
    if (!outcome) return failedNotice('invalid', `There is no held change ${id} (it may have been decided already).`);
    switch (outcome.kind) {
      case 'applied':
      case 'unchanged':
        return {
          text: `Held change ${id} is published as revision ${outcome.revision.id}.`,
          visibility: 'channel',
          cards: [
            {
              tone: 'success',
              blocks: [contextBlock(`Held change ${id} published (revision ${outcome.revision.id}).`)],
            },
          ],
        };
      case 'conflict':
        return failedNotice(
          'invalid',
          `Held change ${id} conflicts with later edits (${outcome.conflicts.map((c) => c.field).join(', ')}); it stays held.`,
        );
      case 'invalid':
        return failedNotice(
          'invalid',
          `Held change ${id} is no longer valid: ${outcome.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
        );
      case 'pending':
        return failedNotice('invalid', `Held change ${id} is still held.`);
    }
  },
};

export const discard: CommandDef = {
  name: 'discard',
  description: 'Admins: drop a held change',
  needs: 'edit',
  options: HELD_CHANGE_OPTIONS,
  examples: ['discard 12'],
  async run(args, ctx): Promise<OutgoingMessage> {
    const { content, id, decider } = heldChange(args, ctx);
    const dropped = await content.discard(id, decider);
    return dropped
      ? notice(`Held change ${id} is dropped; the story stays as it is.`, 'info')
      : failedNotice('invalid', `There is no held change ${id} (it may have been decided already).`);
  },
};
