import { UserError } from '../../errors.js';
import { userAddress } from '../access.js';
import type { OutgoingMessage } from '../message.js';
import { notice } from '../message.js';
import { proposalList, reviewOf } from './proposal-cards.js';
import type { CommandDef } from './types.js';

/** `/sitrep propose <url> [story]`: what a new article would change in the story, stored for review. */
export const propose: CommandDef = {
  name: 'propose',
  description: 'Editors: read an article (a web address) and propose what it changes in the story',
  needs: 'edit',
  slow: true,
  options: [
    { name: 'url', description: 'The article’s web address (http or https)', required: true },
    // Not completed from the loaded stories: a new id drafts a new story.
    { name: 'story', description: 'Story id (a new id drafts a new story)' },
  ],
  examples: ['propose https://news.example/summit-held', 'propose https://news.example/strike harbour-strike'],
  async run(args, ctx): Promise<OutgoingMessage> {
    const url = (args.url ?? '').replace(/^<(.*)>$/, '$1').split('|')[0] ?? '';
    if (!/^https?:\/\//i.test(url))
      throw new UserError(`Give the article's web address (http or https), not "${url}".`);
    const story = args.story ?? ctx.catalog.resolve(undefined).id;
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(story))
      throw new UserError(`A story id is lowercase words joined by hyphens, like "port-strike", not "${story}".`);
    const { batch, proposals, covered } = await reviewOf(ctx).propose(
      { kind: 'url', url },
      { story, by: userAddress(ctx.caller) },
    );
    const what = batch.draft ? `Draft of a new story ${story}` : `Proposals for ${story}`;
    if (proposals.length === 0)
      return notice(
        `${what} from ${batch.address}: nothing new (${covered.length} sentences are already in the story).`,
        'info',
      );
    return proposalList(
      `${what} from ${batch.title ?? batch.address}`,
      proposals,
      `"/sitrep proposal accept ${proposals[0]?.id} …" or "proposal accept all ${story}"; "proposal accept ${proposals[0]?.id} hedging=hedged" to edit first; "proposal reject …"`,
    );
  },
};
