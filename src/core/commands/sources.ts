import { claimCount, roster } from '../views/lookup.js';
import { storyListCommand } from './builders.js';

export const sources = storyListCommand({
  name: 'sources',
  description: 'Every source in the story, with how many claims rest on each',
  answer(view) {
    const count = (id: string) => (view.claimsBySource.get(id) ?? []).length;
    // Most relied-upon first: the reader's first question is whose word the story rests on.
    const list = [...view.story.sources].sort((a, b) => count(b.id) - count(a.id));
    return roster(view, 'source', list, (s) => [` (${s.kind})`, ` · ${claimCount(count(s.id))}`]);
  },
});
