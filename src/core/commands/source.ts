import { UserError } from '../../errors.js';
import { sourceMessage, sourcePickList } from '../views/source.js';
import type { CommandDef } from './types.js';

export const source: CommandDef = {
  name: 'source',
  description: "A source's card: who it is and every claim on its word",
  options: [
    { name: 'name', description: 'Name or alias (typos are fine)', required: true, rest: true, autocomplete: 'source' },
  ],
  examples: ['source kirby', 'source "US official"', 'source media reports share'],
  cacheable: true,
  run(args, ctx) {
    const query = args.name ?? '';
    const views = ctx.catalog.list();
    for (const view of views) {
      const found = view.findSource(query);
      if (found.kind === 'found') return sourceMessage(found.item, view, ctx.share);
      if (found.kind === 'ambiguous') return sourcePickList(query, found.candidates, view);
    }
    const hints = [...new Set(views.flatMap((v) => v.sources.search(query, 3).map((s) => s.source.name)))];
    const tail =
      hints.length > 0 ? ` Did you mean ${hints.slice(0, 3).join('; ')}?` : ' Try /sitrep sources for the list.';
    throw new UserError(`No source matches "${query}".${tail}`, 'not_found');
  },
};
