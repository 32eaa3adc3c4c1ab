import { contextBlock } from '../message.js';
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
    return {
      text: `${list.length} source${list.length === 1 ? '' : 's'} in ${view.story.title}`,
      cards: [
        {
          title: `Sources: ${view.story.title}`,
          tone: 'info',
          blocks: [
            {
              type: 'list',
              items: list.map((s) => [
                { text: s.name, style: 'bold' },
                ` (${s.kind})`,
                ` · ${count(s.id)} claim${count(s.id) === 1 ? '' : 's'}`,
              ]),
            },
            contextBlock('One source and every claim on its word: /sitrep source <name>'),
          ],
        },
      ],
    };
  },
};
