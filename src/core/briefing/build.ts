import { type Card, contextBlock, italic, type OutgoingMessage, textBlock } from '../message.js';
import type { StoryView } from '../story/catalog.js';
import { CLAIM_STATUSES, type Claim, type Tier } from '../story/schema.js';
import { FULL_BRIEFING_MAX_CLAIMS, FULL_BRIEFING_MAX_EVENTS } from '../views/bounds.js';
import { claimList } from '../views/claim.js';
import { markdownBlocks } from './markdown.js';

export interface BriefingOptions {
  tier: Tier;
  /** "Since your last briefing": a card of changes, or undefined to leave the section out. */
  sinceLast?: Card;
  /** Marks a briefing delivered after its slot (catch-up after downtime). */
  lateFor?: string;
  visibility?: OutgoingMessage['visibility'];
}

/**
 * Claims a short briefing shows: the first ones in the file. Editors order claims by importance,
 * and sorting by status would lead with settled background instead of the news.
 */
const SHORT_CLAIM_COUNT = 5;

function leadingClaims(claims: readonly Claim[]): Claim[] {
  return claims.slice(0, SHORT_CLAIM_COUNT);
}

function statusCounts(claims: readonly Claim[]): string {
  const counts = CLAIM_STATUSES.map((s) => [s, claims.filter((c) => c.status === s).length] as const).filter(
    ([, n]) => n > 0,
  );
  return counts.map(([s, n]) => `${n} ${s}`).join(', ');
}

/** The story's briefing at one tier. Every claim shown carries its status and source. */
export function buildBriefing(view: StoryView, options: BriefingOptions): OutgoingMessage {
  const { story } = view;
  const { tier } = options;
  const asOf = story.asOf ? `As of ${story.asOf}` : undefined;
  const lead: Card = { title: story.title, tone: 'info', blocks: [] };
  if (options.lateFor) lead.blocks.push(contextBlock(italic(`Late: this briefing was due ${options.lateFor}.`)));
  if (tier === 'full' && story.summary.full) lead.blocks.push(...markdownBlocks(story.summary.full));
  else lead.blocks.push(textBlock(tier === 'headline' ? story.summary.headline : story.summary.short));
  const tally = story.claims.length > 0 ? `${story.claims.length} tracked claims: ${statusCounts(story.claims)}` : '';
  lead.footer = [asOf, tally].filter(Boolean).join(' · ');
  const cards: Card[] = [lead];

  if (tier !== 'headline' && story.claims.length > 0) {
    const shown = tier === 'short' ? leadingClaims(story.claims) : story.claims.slice(0, FULL_BRIEFING_MAX_CLAIMS);
    const claimsCard: Card = {
      title: tier === 'short' ? 'Key claims' : 'All claims',
      tone: 'info',
      blocks: [claimList(shown, view)],
    };
    if (shown.length < story.claims.length) {
      claimsCard.blocks.push(
        contextBlock(
          tier === 'short'
            ? `${story.claims.length - shown.length} more: /sitrep brief full or /sitrep claims`
            : `${story.claims.length - shown.length} more: /sitrep claims with a filter, /sitrep search, or the editors’ console`,
        ),
      );
    }
    cards.push(claimsCard);
  }
  if (tier === 'full' && story.timeline.length > 0) cards.push(timelineCard(view, FULL_BRIEFING_MAX_EVENTS));
  if (options.sinceLast) cards.push(options.sinceLast);

  return {
    text: `${story.title}: ${story.summary.headline}`,
    cards,
    visibility: options.visibility ?? 'channel',
  };
}

export function sortedTimeline(view: StoryView) {
  return [...view.story.timeline].sort((a, b) => a.date.localeCompare(b.date));
}

export function timelineCard(view: StoryView, max = Number.POSITIVE_INFINITY): Card {
  const all = sortedTimeline(view);
  // The latest events, when there are more than a briefing holds.
  const events = all.length > max ? all.slice(all.length - max) : all;
  return {
    title: 'Timeline',
    tone: 'info',
    blocks: [
      events.length > 0
        ? { type: 'list', items: events.map((e) => [{ text: e.date, style: 'bold' as const }, ' ', e.text]) }
        : textBlock('No dated events in this story yet.'),
      ...(events.length < all.length
        ? [contextBlock(`${all.length - events.length} earlier events: /sitrep timeline`)]
        : []),
    ],
  };
}
