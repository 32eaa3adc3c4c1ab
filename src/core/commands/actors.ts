import { claimCount, roster } from '../views/lookup.js';
import { storyListCommand } from './builders.js';

export const actors = storyListCommand({
  name: 'actors',
  description: 'Every actor in the story, one line each',
  answer: (view) =>
    roster(view, 'actor', view.story.actors, (a) => [
      ` (${a.kind})`,
      a.role ? ` — ${a.role}` : '',
      ` · ${claimCount((view.claimsByActor.get(a.id) ?? []).length)}`,
    ]),
});
