import { counted } from '../helpers.js';
import { bold, type Card, contextBlock, type Inline, italic, STATUS_MARK, textBlock } from '../message.js';
import type { ChannelAddress } from '../ports.js';
import type { Store } from '../store.js';
import { hedgingLabel } from '../views/claim.js';
import { claimChangeLine, displayValue, type Namer, namer, otherChangeLines } from './describe.js';
import { diffStories, type StoryDiff } from './diff.js';
import { storyOfRevision } from './revisions.js';

const TITLE = 'Since your last briefing';
const MAX_ITEMS = 10;

export interface SinceLastDeps {
  store: Store;
}

function oneLine(text: string): Card {
  return { title: TITLE, tone: 'info', blocks: [textBlock(text)] };
}

/**
 * The "since your last briefing" section: the claim changes between the revision the channel's
 * last sent briefing of this story reflected and the story's latest revision.
 *
 * A channel's first briefing of a story (or one whose revision is unknown) has nothing to compare
 * with: the section then says so in one line, rather than listing every claim as new.
 */
export async function sinceLastBriefing(deps: SinceLastDeps, channel: ChannelAddress, storyId: string): Promise<Card> {
  const { store } = deps;
  const last = await store.deliveries.lastSentBriefing(channel, storyId);
  if (!last || last.revisionId === null) {
    return oneLine('This is the first briefing of this story here; from the next one on, changes are listed here.');
  }
  const latest = await store.revisions.latest(storyId);
  if (!latest || latest.id === last.revisionId) return oneLine('No changes since your last briefing.');
  const previous = await store.revisions.get(last.revisionId);
  const before = previous && storyOfRevision(previous);
  const after = storyOfRevision(latest);
  if (!before || !after) return oneLine('No changes since your last briefing.');
  const diff = diffStories(before, after);
  const others = otherChangeLines(diff);
  if (diff.claims.length === 0 && others.length === 0) return oneLine('No changes since your last briefing.');

  const blocks = changeListBlocks(diff, namer(after, before), MAX_ITEMS);
  const count = diff.claims.length;
  return {
    title: count > 0 ? `${TITLE}: ${counted(count, 'claim change')}` : TITLE,
    tone: 'info',
    blocks,
  };
}

/**
 * A story diff as a list: each changed claim with before → after as alerts show them, and the
 * claim as it stands (status, hedging, source), never stronger; then the other changes in a line.
 * Shared by "since your last briefing" and `/sitrep changes`.
 */
export function changeListBlocks(diff: StoryDiff, names: Namer, max: number): Card['blocks'] {
  const items: Inline[][] = diff.claims.slice(0, max).map((change) => {
    const claim = change.after ?? change.before;
    const mark = claim ? STATUS_MARK[claim.status] : '';
    const standing = claim
      ? [claim.status, hedgingLabel(claim), `source: ${displayValue('source', claim.source, names)}`]
          .filter(Boolean)
          .join(' · ')
      : '';
    const what = { changed: `${claimChangeLine(change, names)}; now`, added: 'new:', removed: 'removed; it was' }[
      change.kind
    ];
    return [`${mark} `, bold(change.id), ': ', claim?.text ?? '', ' ', italic(`(${what} ${standing})`)];
  });
  const others = otherChangeLines(diff);
  const blocks: Card['blocks'] = [];
  if (items.length > 0) blocks.push({ type: 'list', items });
  if (diff.claims.length > max) {
    blocks.push(contextBlock(`…and ${diff.claims.length - max} more changed claims: /sitrep claims`));
  }
  if (others.length > 0)
    blocks.push(contextBlock(`Also changed: ${others.slice(0, 5).join('; ')}${others.length > 5 ? '; …' : ''}`));
  return blocks;
}

/** The revision a briefing built now reflects: give it as `DeliveryRequest.revisionId`. */
export async function currentRevisionId(deps: SinceLastDeps, storyId: string): Promise<number | undefined> {
  return (await deps.store.revisions.latest(storyId))?.id;
}
