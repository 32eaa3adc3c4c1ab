import { ACTOR_LOOKUP } from '../views/actor.js';
import { lookupAnswer } from '../views/lookup.js';
import type { CommandDef } from './types.js';

export const actor: CommandDef = {
  name: 'actor',
  description: "An actor's card: who they are and every claim involving them",
  options: [
    { name: 'name', description: 'Name or alias (typos are fine)', required: true, rest: true, autocomplete: 'actor' },
  ],
  examples: ['actor putin', 'actor "North Korean leader"', 'actor Shoigu share'],
  cacheable: true,
  run: (args, ctx) => lookupAnswer(ACTOR_LOOKUP, args.name ?? '', ctx.catalog.listFor(args.name ?? ''), ctx.share),
};
