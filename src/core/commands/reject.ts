import { userAddress } from '../access.js';
import { failedNotice, notice, type OutgoingMessage } from '../message.js';
import { chosenProposals, reviewOf } from './proposal-cards.js';
import type { CommandDef } from './types.js';

/** `/sitrep proposal reject <numbers|all [story]>`: proposals an editor will not take; the story is untouched. */
export const reject: CommandDef = {
  name: 'proposal reject',
  description: 'Editors: reject proposals; the story stays as it is',
  needs: 'edit',
  options: [{ name: 'numbers', description: 'Proposal numbers, or "all" and a story', required: true, rest: true }],
  examples: ['proposal reject 14', 'proposal reject all kim-putin-summit'],
  async run(args, ctx): Promise<OutgoingMessage> {
    const rejected = await reviewOf(ctx).reject(chosenProposals(args.numbers, ctx), userAddress(ctx.caller));
    return rejected.length === 0
      ? failedNotice('invalid', 'Nothing to reject: no open proposal matched.')
      : notice(`Rejected ${rejected.map((id) => `#${id}`).join(', ')}.`, 'info');
  },
};
