import { UserError } from '../../errors.js';
import { formatInstant } from '../claims/describe.js';
import { type Block, contextBlock, textBlock } from '../message.js';
import type { StoryView } from '../story/catalog.js';
import type { Claim } from '../story/schema.js';
import { claimBlocks } from '../views/claim.js';
import type { ClaimHistoryEntry } from './services.js';
import type { CommandContext, CommandDef } from './types.js';

function findClaim(query: string, ctx: CommandContext): { view: StoryView; claim: Claim } {
  const views = ctx.catalog.served();
  for (const view of views) {
    const claim = view.claimById.get(query);
    if (claim) return { view, claim };
  }
  for (const view of views) {
    const found = view.claims.find(query);
    if (found.kind === 'found') return { view, claim: found.item.claim };
  }
  const hints = views.flatMap((v) => v.claims.search(query, 3).map((c) => c.id));
  const tail = hints.length > 0 ? ` Did you mean ${hints.join(', ')}?` : ' Try /sitrep claims for the list.';
  throw new UserError(`No claim with id "${query}".${tail}`, 'not_found');
}

export function historyBlocks(entries: readonly ClaimHistoryEntry[]): Block[] {
  if (entries.length === 0) return [contextBlock('No recorded changes yet: this is the claim as first loaded.')];
  return [
    textBlock({ text: 'History', style: 'bold' }),
    {
      type: 'list',
      items: entries.map((e) => {
        const when = formatInstant(e.at);
        const what =
          typeof e.change === 'string'
            ? e.change === 'added'
              ? 'added'
              : 'removed'
            : e.change.map((c) => `${c.field}: ${c.before || '∅'} → ${c.after || '∅'}`).join('; ');
        return [{ text: when, style: 'bold' as const }, ` ${what} (by ${e.author}, via ${e.via})`];
      }),
    },
  ];
}

export const claim: CommandDef = {
  name: 'claim',
  description: 'One claim with its full change history',
  options: [{ name: 'id', description: 'Claim id', required: true, autocomplete: 'claim' }],
  examples: ['claim kim-to-visit-russia'],
  async run(args, ctx) {
    const { view, claim: found } = findClaim(args.id ?? '', ctx);
    const history = await ctx.services.history.history(view.id, found.id);
    return {
      text: `${found.id}: ${found.status}`,
      visibility: ctx.share ? 'channel' : 'private',
      cards: [
        {
          title: `Claim ${found.id}`,
          tone: found.status,
          blocks: [...claimBlocks(found, view), ...historyBlocks(history)],
          footer: view.story.title,
        },
      ],
    };
  },
};
