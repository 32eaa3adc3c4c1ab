import { contextBlock } from '../message.js';
import type { CommandDef } from './types.js';

export const actors: CommandDef = {
  name: 'actors',
  description: 'Every actor in the story, one line each',
  options: [{ name: 'story', description: 'Which story', autocomplete: 'story' }],
  examples: ['actors'],
  cacheable: true,
  run(args, ctx) {
    const view = ctx.catalog.resolve(args.story);
    const list = view.story.actors;
    return {
      text: `${list.length} actors in ${view.story.title}`,
      cards: [
        {
          title: `Actors: ${view.story.title}`,
          tone: 'info',
          blocks: [
            {
              type: 'list',
              items: list.map((a) => [
                { text: a.name, style: 'bold' },
                ` (${a.kind})`,
                a.role ? ` — ${a.role}` : '',
                ` · ${plural((view.claimsByActor.get(a.id) ?? []).length, 'claim')}`,
              ]),
            },
            contextBlock('Details: /sitrep actor <name>'),
          ],
        },
      ],
    };
  },
};

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
