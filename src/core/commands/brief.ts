import { buildBriefing } from '../briefing/build.js';
import { TIERS, type Tier } from '../story/schema.js';
import type { CommandDef } from './types.js';

export const brief: CommandDef = {
  name: 'brief',
  description: 'The briefing now, visible only to you',
  options: [
    { name: 'story', description: 'Which story (optional when only one is loaded)', autocomplete: 'story' },
    { name: 'tier', description: 'How long: headline, short or full', choices: TIERS, autocomplete: 'tier' },
  ],
  examples: ['brief', 'brief full', 'brief headline share'],
  cacheable: true,
  run(args, ctx) {
    const view = ctx.catalog.resolve(args.story);
    const tier = (args.tier ?? 'short') as Tier;
    return buildBriefing(view, { tier, visibility: ctx.share ? 'channel' : 'private' });
  },
};
