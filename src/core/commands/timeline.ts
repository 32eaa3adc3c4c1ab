import { timelineCard } from '../briefing/build.js';
import { storyListCommand } from './builders.js';

export const timeline = storyListCommand({
  name: 'timeline',
  description: 'Dated events, oldest first',
  answer(view, ctx) {
    const card = timelineCard(view);
    card.title = `Timeline: ${view.story.title}`;
    return { text: `Timeline of ${view.story.title}`, cards: [card], visibility: ctx.share ? 'channel' : 'private' };
  },
});
