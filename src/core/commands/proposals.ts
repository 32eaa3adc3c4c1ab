import { counted } from '../helpers.js';
import { notice, type OutgoingMessage } from '../message.js';
import { proposalList, reviewOf } from './proposal-cards.js';
import type { CommandDef } from './types.js';

/** `/sitrep proposal list [story]`: the proposals still waiting for an editor. */
export const proposals: CommandDef = {
  name: 'proposal list',
  description: 'Editors: the open proposals from articles, to accept or reject',
  needs: 'edit',
  options: [{ name: 'story', description: 'Story id', autocomplete: 'story' }],
  examples: ['proposal list', 'proposal list kim-putin-summit'],
  async run(args, ctx): Promise<OutgoingMessage> {
    const story = args.story ? ctx.catalog.resolve(args.story).id : undefined;
    const open = await reviewOf(ctx).open(story);
    if (open.length === 0) return notice(`No open proposals${story ? ` for ${story}` : ''}.`, 'info');
    return proposalList(
      `${counted(open.length, 'open proposal')}${story ? ` for ${story}` : ''}`,
      open,
      '"/sitrep proposal accept 12 13", "proposal accept all <story>", "proposal accept 12 text=…" to edit first, "proposal reject 14"',
    );
  },
};
