import { UserError } from '../../errors.js';
import { actorMessage, actorPickList } from '../views/actor.js';
import type { CommandDef } from './types.js';

export const actor: CommandDef = {
  name: 'actor',
  description: "An actor's card: who they are and every claim involving them",
  options: [
    { name: 'name', description: 'Name or alias (typos are fine)', required: true, rest: true, autocomplete: 'actor' },
  ],
  examples: ['actor putin', 'actor "North Korean leader"', 'actor Shoigu share'],
  cacheable: true,
  run(args, ctx) {
    const query = args.name ?? '';
    const views = ctx.catalog.list();
    for (const view of views) {
      const found = view.findActor(query);
      if (found.kind === 'found') return actorMessage(found.item, view, ctx.share);
      if (found.kind === 'ambiguous') return actorPickList(query, found.candidates, view);
    }
    const hints = views.flatMap((v) => v.actors.search(query, 3).map((a) => a.actor.name));
    const tail =
      hints.length > 0 ? ` Did you mean ${hints.slice(0, 3).join(', ')}?` : ' Try /sitrep actors for the list.';
    throw new UserError(`No actor matches "${query}".${tail}`, 'not_found');
  },
};
