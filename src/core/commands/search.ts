import { UserError } from '../../errors.js';
import { counted } from '../helpers.js';
import { bold, contextBlock, type Inline } from '../message.js';
import type { StoryView } from '../story/catalog.js';
import { type SearchHit, searchIndex } from '../story/search.js';
import { claimLine } from '../views/claim.js';
import type { CommandDef } from './types.js';

const SHOWN = 10;

function hitLine(hit: SearchHit, view: StoryView): Inline[] {
  switch (hit.kind) {
    case 'claim':
      // A claim found by search is still shown with its status and source, never bare.
      return [bold('Claim '), ...claimLine(hit.claim, view)];
    case 'actor': {
      const { actor } = hit;
      return [bold('Actor '), actor.name, actor.role ? ` — ${actor.role}` : '', ` (/sitrep actor ${actor.id})`];
    }
    case 'source': {
      const count = (view.claimsBySource.get(hit.source.id) ?? []).length;
      return [bold('Source '), hit.source.name, ` (${hit.source.kind}) · ${counted(count, 'claim')}`];
    }
    case 'event':
      return [bold('Timeline '), bold(hit.event.date), ' ', hit.event.text];
  }
}

export const search: CommandDef = {
  name: 'search',
  description: 'Search claims (text and notes), actors, sources and the timeline',
  options: [{ name: 'words', description: 'What to look for', required: true, rest: true, autocomplete: 'search' }],
  examples: ['search armoured train', 'search artillery', 'search Vladivostok share'],
  cacheable: true,
  run(args, ctx) {
    const query = (args.words ?? '').trim();
    const views = ctx.catalog.served();
    const hits = views
      .flatMap((view) =>
        searchIndex(view.story)
          .search(query, SHOWN)
          .map((hit) => ({ hit, view })),
      )
      .sort((a, b) => b.hit.score - a.hit.score)
      .slice(0, SHOWN);
    if (hits.length === 0) {
      const nearer = views.map((v) => searchIndex(v.story).suggest(query)).find(Boolean);
      const tail = nearer ? ` Try /sitrep search ${nearer}` : ' Try fewer or other words, or /sitrep actors.';
      throw new UserError(`Nothing matches "${query}".${tail}`, 'not_found');
    }
    const [first] = hits;
    return {
      text: `${counted(hits.length, 'result')} for "${query}"`,
      cards: [
        {
          title: `Search: ${query}`,
          tone: 'info',
          blocks: [
            { type: 'list', items: hits.map(({ hit, view }) => hitLine(hit, view)) },
            contextBlock('Best match first. A claim with its history: /sitrep claim <id>'),
          ],
          ...(views.length === 1 && first ? { footer: first.view.story.title } : {}),
        },
      ],
    };
  },
};
