import { claimCount, roster } from '../views/lookup.js';
import type { CommandDef } from './types.js';

export const actors: CommandDef = {
  name: 'actors',
  description: 'Every actor in the story, one line each',
  options: [{ name: 'story', description: 'Which story', autocomplete: 'story' }],
  examples: ['actors'],
  cacheable: true,
  run(args, ctx) {
    const view = ctx.catalog.resolve(args.story);
    return roster(view, 'actor', view.story.actors, (a) => [
      ` (${a.kind})`,
      a.role ? ` — ${a.role}` : '',
      ` · ${claimCount((view.claimsByActor.get(a.id) ?? []).length)}`,
    ]);
  },
};
