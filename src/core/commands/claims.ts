import { UserError } from '../../errors.js';
import { contextBlock, textBlock } from '../message.js';
import type { StoryView } from '../story/catalog.js';
import { CLAIM_STATUSES, type Claim, type ClaimStatus } from '../story/schema.js';
import { claimList } from '../views/claim.js';
import type { CommandContext, CommandDef } from './types.js';

function claimsAbout(query: string, ctx: CommandContext): { view: StoryView; claims: Claim[]; label: string } {
  for (const view of ctx.catalog.list()) {
    const found = view.findActor(query);
    if (found.kind === 'found') {
      return { view, claims: view.claimsByActor.get(found.item.id) ?? [], label: `about ${found.item.name}` };
    }
    if (found.kind === 'ambiguous') {
      const names = found.candidates.map((a) => `${a.name} (${a.id})`).join(', ');
      throw new UserError(`"${query}" matches several actors: ${names}. Name one.`);
    }
  }
  throw new UserError(`No actor matches "${query}". Try /sitrep actors for the list.`, 'not_found');
}

export const claims: CommandDef = {
  name: 'claims',
  description: 'Claims, filtered by actor and status',
  options: [
    { name: 'actor', description: 'Only claims involving this actor', rest: true, autocomplete: 'actor' },
    { name: 'status', description: 'Only claims with this status', choices: CLAIM_STATUSES, autocomplete: 'status' },
  ],
  examples: ['claims', 'claims kim', 'claims putin reported', 'claims confirmed'],
  cacheable: true,
  run(args, ctx) {
    let {
      view,
      claims: list,
      label,
    } = args.actor
      ? claimsAbout(args.actor, ctx)
      : (() => {
          const v = ctx.catalog.resolve(undefined);
          return { view: v, claims: v.story.claims, label: '' };
        })();
    const status = args.status as ClaimStatus | undefined;
    if (status) {
      list = list.filter((c) => c.status === status);
      label = `${label} with status ${status}`.trim();
    }
    const title = `Claims${label ? ` ${label}` : ''}`;
    const body =
      list.length > 0
        ? [claimList(list, view), contextBlock('One claim and its history: /sitrep claim <id>')]
        : [textBlock(`No claims ${label || 'in this story'}.`)];
    return {
      // Names keep their case ("about Vladimir Putin"), and one claim is "1 claim".
      text: `${list.length} claim${list.length === 1 ? '' : 's'}${label ? ` ${label}` : ''}`,
      visibility: ctx.share ? 'channel' : 'private',
      cards: [{ title, tone: 'info', blocks: body, footer: view.story.title }],
    };
  },
};
