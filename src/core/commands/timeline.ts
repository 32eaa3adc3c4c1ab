import { timelineCard } from '../briefing/build.js';
import type { CommandDef } from './types.js';

export const timeline: CommandDef = {
  name: 'timeline',
  description: 'Dated events, oldest first',
  options: [{ name: 'story', description: 'Which story', autocomplete: 'story' }],
  examples: ['timeline'],
  cacheable: true,
  run(args, ctx) {
    const view = ctx.catalog.resolve(args.story);
    const card = timelineCard(view);
    card.title = `Timeline: ${view.story.title}`;
    return { text: `Timeline of ${view.story.title}`, cards: [card], visibility: ctx.share ? 'channel' : 'private' };
  },
};
