import { beforeAll, describe, expect, it } from 'vitest';
import { buildBriefing } from '../../../../src/core/briefing/build.js';
import { type Card, inlinesText, type OutgoingMessage } from '../../../../src/core/message.js';
import { StoryView } from '../../../../src/core/story/catalog.js';
import type { Claim } from '../../../../src/core/story/schema.js';
import { FULL_BRIEFING_MAX_CLAIMS, FULL_BRIEFING_MAX_EVENTS } from '../../../../src/core/views/bounds.js';
import { generateStoryObject } from '../../../support/story-generator.js';
import { loadView, SHIPPED_STORY, SYNTHETIC_STORY, seen } from '../commands/helpers.js';

let kim: StoryView;
let dam: StoryView;
beforeAll(async () => {
  [kim, dam] = await Promise.all([loadView(SHIPPED_STORY), loadView(SYNTHETIC_STORY)]);
});

/** Every claim list item in the message, as text. */
function claimItems(message: OutgoingMessage): string[] {
  return message.cards.flatMap((card) =>
    card.title === 'Timeline'
      ? []
      : card.blocks.flatMap((block) => (block.type === 'list' ? block.items.map((item) => inlinesText(item)) : [])),
  );
}

/** The editorial rule: status and source on every claim, and hedging said out loud. */
function expectCarefulClaim(view: StoryView, claim: Claim, line: string): void {
  expect(line).toContain(claim.text);
  expect(line).toContain(`(${claim.status} · `);
  expect(line).toContain(`source: ${view.sourceNames(claim).join('; ')}`);
  if (claim.hedging === 'hedged') expect(line).toContain('hedged by the source');
  if (claim.hedging === 'speculative') expect(line).toContain('· speculative ·');
  if (claim.hedging === 'firm' || claim.hedging === undefined) {
    expect(line).not.toContain('hedged by the source');
    expect(line).not.toContain('· speculative ·');
  }
}

function expectEveryClaimCareful(view: StoryView, message: OutgoingMessage, shown: readonly Claim[]): void {
  const items = claimItems(message);
  expect(items).toHaveLength(shown.length);
  for (const [i, claim] of shown.entries()) expectCarefulClaim(view, claim, items[i] ?? '');
}

function cardTitles(message: OutgoingMessage): Array<Card['title']> {
  return message.cards.map((c) => c.title);
}

describe('the three tiers (shipped story)', () => {
  it('headline: the title, the headline and a tally; no claims', () => {
    const message = buildBriefing(kim, { tier: 'headline' });
    expect(cardTitles(message)).toEqual(["Kim Jong Un's expected visit to Russia"]);
    expect(message.text).toBe(`Kim Jong Un's expected visit to Russia: ${kim.story.summary.headline}`);
    expect(seen(message)).toContain(kim.story.summary.headline);
    expect(message.cards[0]?.footer).toBe('As of 2023-09-05 · 22 tracked claims: 19 reported, 3 confirmed');
    expect(claimItems(message)).toEqual([]);
  });

  it('short: the short summary and the first five claims, then how to see the rest', () => {
    const message = buildBriefing(kim, { tier: 'short' });
    expect(cardTitles(message)).toEqual(["Kim Jong Un's expected visit to Russia", 'Key claims']);
    const text = seen(message);
    expect(text).toContain(kim.story.summary.short);
    expectEveryClaimCareful(kim, message, kim.story.claims.slice(0, 5));
    expect(text).toContain('17 more: /sitrep brief full or /sitrep claims');
  });

  it('full: the long summary in paragraphs, every claim, and the timeline oldest first', () => {
    const message = buildBriefing(kim, { tier: 'full' });
    expect(cardTitles(message)).toEqual(["Kim Jong Un's expected visit to Russia", 'All claims', 'Timeline']);
    const lead = message.cards[0];
    expect(lead?.blocks.filter((b) => b.type === 'text')).toHaveLength(5); // five paragraphs
    expect(seen(message)).toContain('Everard also suggests that North Korea'); // a paragraph is one line
    // Markdown emphasis in summary.full becomes a styled span, not literal asterisks.
    expect(JSON.stringify(lead?.blocks)).toContain('{"text":"suggests","style":"italic"}');
    expectEveryClaimCareful(kim, message, kim.story.claims);
    expect(seen(message)).not.toContain('more: /sitrep brief full');
    const timeline = message.cards[2]?.blocks[0];
    expect(timeline?.type === 'list' && timeline.items.map((item) => inlinesText(item).split(' ')[0])).toEqual([
      '2019-04',
      '2023',
      '2023',
      '2023-08',
      '2023-09',
    ]);
  });

  it('is posted in the channel unless asked otherwise', () => {
    expect(buildBriefing(kim, { tier: 'short' }).visibility).toBe('channel');
    expect(buildBriefing(kim, { tier: 'short', visibility: 'private' }).visibility).toBe('private');
  });

  it('a late briefing says so, and a "since your last briefing" card comes last', () => {
    const sinceLast: Card = {
      title: 'Since your last briefing',
      blocks: [{ type: 'text', content: ['1 claim changed.'] }],
    };
    const message = buildBriefing(kim, { tier: 'short', lateFor: '09:00 Europe/London', sinceLast });
    expect(seen(message)).toContain('Late: this briefing was due 09:00 Europe/London.');
    expect(cardTitles(message).at(-1)).toBe('Since your last briefing');
  });
});

describe('hedged and speculative claims say so', () => {
  it('the shipped story has both, and the full briefing marks each', () => {
    const items = claimItems(buildBriefing(kim, { tier: 'full' }));
    const line = (id: string) => items[kim.story.claims.findIndex((c) => c.id === id)] ?? '';
    expect(line('kim-to-visit-russia')).toContain(
      "(reported · hedged by the source · editors' confidence: medium · source: An unnamed US official)",
    );
    expect(line('meeting-in-vladivostok')).toContain(
      "(reported · speculative · editors' confidence: medium · source: Unnamed media reports (cited by the article))",
    );
    expect(line('last-met-april-2019')).toContain(
      "(confirmed · editors' confidence: high · source: The source article (unattributed))",
    );
  });
});

describe('any story: the synthetic one and generated ones', () => {
  it('synthetic story, every tier, every claim careful; several sources are all named', () => {
    for (const tier of ['headline', 'short', 'full'] as const) {
      const message = buildBriefing(dam, { tier });
      const shown = tier === 'headline' ? [] : tier === 'short' ? dam.story.claims.slice(0, 5) : dam.story.claims;
      expectEveryClaimCareful(dam, message, shown);
    }
    expect(seen(buildBriefing(dam, { tier: 'short' }))).toContain('3 more: /sitrep brief full or /sitrep claims');
    expect(buildBriefing(dam, { tier: 'headline' }).cards[0]?.footer).toBe(
      'As of 2031-03-20 · 8 tracked claims: 3 reported, 1 confirmed, 1 disputed, 1 denied, 1 retracted, 1 outdated',
    );
  });

  it('a generated story of 300 claims: the full briefing lists the first 50, each careful, and says where the rest are', () => {
    const story = generateStoryObject({ actors: 40, claims: 300, timeline: 80, seed: 21 });
    const view = new StoryView(story, '');
    const briefing = buildBriefing(view, { tier: 'full' });
    expectEveryClaimCareful(view, briefing, story.claims.slice(0, FULL_BRIEFING_MAX_CLAIMS));
    expect(seen(briefing)).not.toContain(story.claims[FULL_BRIEFING_MAX_CLAIMS]?.text ?? '?');
    expect(seen(briefing)).toContain('250 more: /sitrep claims with a filter, /sitrep search, or the editors’ console');
    expect(seen(briefing)).toContain(`${80 - FULL_BRIEFING_MAX_EVENTS} earlier events: /sitrep timeline`);
  });

  it('a story with no claims, no timeline and no long summary still briefs at every tier', () => {
    const story = generateStoryObject({ actors: 0, claims: 0, timeline: 0, seed: 1 });
    delete story.summary.full;
    delete story.asOf;
    const view = new StoryView(story, '');
    for (const tier of ['headline', 'short', 'full'] as const) {
      const message = buildBriefing(view, { tier });
      expect(message.cards).toHaveLength(1);
      expect(seen(message)).toContain(tier === 'headline' ? story.summary.headline : story.summary.short);
      expect(message.cards[0]?.footer).toBe('');
    }
  });
});
