import { userAddress } from '../access.js';
import { contextBlock, type OutgoingMessage } from '../message.js';
import { acceptedText, chosenProposals, reviewOf } from './proposal-cards.js';
import { parseChanges } from './set.js';
import type { CommandDef } from './types.js';

/**
 * `/sitrep proposal accept <numbers|all [story]> [field=value…]`: proposals into the story through the one
 * write path, with what they need (a new claim's new actor); field=value edits one first.
 */
export const accept: CommandDef = {
  name: 'proposal accept',
  description: 'Editors: accept proposals (as proposed, or edited with field=value); raises alerts',
  needs: 'edit',
  slow: true,
  options: [
    { name: 'numbers', description: 'Proposal numbers, or "all" and a story', required: true },
    { name: 'changes', description: 'field=value edits for one proposal, e.g. hedging=hedged', rest: true },
  ],
  examples: [
    'proposal accept 12 13',
    'proposal accept all kim-putin-summit',
    'proposal accept 12 hedging=hedged note="One source only"',
  ],
  split(words) {
    const at = words.findIndex((w) => w.includes('='));
    const chosen = at === -1 ? words : words.slice(0, at);
    return { numbers: chosen.join(' ') || undefined, changes: at === -1 ? undefined : words.slice(at).join(' ') };
  },
  async run(args, ctx): Promise<OutgoingMessage> {
    const edits = args.changes ? parseChanges(args.changes) : {};
    const results = await reviewOf(ctx).accept(chosenProposals(args.numbers, ctx), userAddress(ctx.caller), edits);
    const lines = results.map(acceptedText);
    const ok = results.length > 0 && results.every((r) => r.kind === 'accepted');
    const text = lines.join('\n') || 'Nothing to accept: no open proposal matched.';
    return {
      text,
      visibility: 'private',
      cards: [{ tone: ok ? 'success' : 'warning', blocks: text.split('\n').map((line) => contextBlock(line)) }],
      // Any proposal not accepted makes the command a failure for a script (`sitrep ask` exits 1).
      ...(ok ? {} : { failure: 'invalid' as const }),
    };
  },
};
