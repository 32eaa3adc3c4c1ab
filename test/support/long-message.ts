import { buildBriefing, timelineCard } from '../../src/core/briefing/build.js';
import type { OutgoingMessage } from '../../src/core/message.js';
import type { StoryView } from '../../src/core/story/catalog.js';
import { claimList } from '../../src/core/views/claim.js';

/**
 * The longest message the renderers may be handed: a full briefing with every claim and event of
 * `view` (briefings themselves are bounded), to prove that splitting loses nothing.
 */
export function everyClaimMessage(view: StoryView): OutgoingMessage {
  const briefing = buildBriefing(view, { tier: 'full' });
  const [lead] = briefing.cards;
  return {
    ...briefing,
    cards: [
      ...(lead ? [lead] : []),
      { title: 'All claims', tone: 'info', blocks: [claimList(view.story.claims, view)] },
      timelineCard(view),
    ],
  };
}
