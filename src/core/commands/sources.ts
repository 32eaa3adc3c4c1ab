import { claimCount, roster } from '../views/lookup.js';
import type { CommandDef } from './types.js';

export const sources: CommandDef = {
  name: 'sources',
  description: 'Every source in the story, with how many claims rest on each',
  options: [{ name: 'story', description: 'Which story', autocomplete: 'story' }],
  examples: ['sources'],
  cacheable: true,
  run(args, ctx) {
    const view = ctx.catalog.resolve(args.story);
    const count = (id: string) => (view.claimsBySource.get(id) ?? []).length;
    // Most relied-upon first: the reader's first question is whose word the story rests on.
    const list = [...view.story.sources].sort((a, b) => count(b.id) - count(a.id));
    return roster(view, 'source', list, (s) => [` (${s.kind})`, ` · ${claimCount(count(s.id))}`]);
  },
};
