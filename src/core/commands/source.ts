import { lookupAnswer } from '../views/lookup.js';
import { SOURCE_LOOKUP } from '../views/source.js';
import type { CommandDef } from './types.js';

export const source: CommandDef = {
  name: 'source',
  description: "A source's card: who it is and every claim on its word",
  options: [
    { name: 'name', description: 'Name or alias (typos are fine)', required: true, rest: true, autocomplete: 'source' },
  ],
  examples: ['source kirby', 'source "US official"', 'source media reports share'],
  cacheable: true,
  run: (args, ctx) => lookupAnswer(SOURCE_LOOKUP, args.name ?? '', ctx.catalog.listFor(args.name ?? ''), ctx.share),
};
