import { describe, expect, it } from 'vitest';
import { SLACK_LIMITS, type SlackBlock, type SlackPayload } from '../../../../src/adapters/slack/blocks.js';
import { escapeMrkdwn, safeLinkUrl } from '../../../../src/adapters/slack/escape.js';
import { renderSlackMessages, splitMrkdwn } from '../../../../src/adapters/slack/render.js';
import type { OutgoingMessage } from '../../../../src/core/message.js';
import { StoryView } from '../../../../src/core/story/catalog.js';
import { CLAIM_STATUSES, storySchema } from '../../../../src/core/story/schema.js';
import { validateBlocks } from '../../../stand-ins/slack/blocks.js';
import { everyClaimMessage } from '../../../support/long-message.js';

/** Every piece of text a payload shows, entity-decoded. */
function shownText(payload: SlackPayload): string {
  const parts: string[] = [];
  for (const block of payload.blocks) {
    switch (block.type) {
      case 'header':
        parts.push(block.text.text);
        break;
      case 'section':
        if ('text' in block) parts.push(block.text.text);
        else parts.push(...block.fields.map((f) => f.text));
        break;
      case 'context':
        parts.push(...block.elements.map((e) => e.text));
        break;
      case 'actions':
        parts.push(...block.elements.map((e) => `${e.text.text} ${e.value}`));
        break;
      case 'divider':
        break;
    }
  }
  return parts.join('\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * The documented Block Kit limits, checked block by block, plus the stand-in's own validator.
 * Problems are collected and compared once: a 10,000-claim briefing has thousands of blocks.
 */
function limitProblems(payloads: SlackPayload[]): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  payloads.forEach((payload, m) => {
    for (const e of validateBlocks(payload.blocks)) problems.push(`message ${m}: ${e}`);
    check(
      payload.blocks.length > 0 && payload.blocks.length <= SLACK_LIMITS.blocksPerMessage,
      `message ${m}: block count`,
    );
    check(payload.text.length > 0 && payload.text.length <= SLACK_LIMITS.fallbackText, `message ${m}: text length`);
    const actionIds = new Set<string>();
    let chars = 0;
    payload.blocks.forEach((block: SlackBlock, b) => {
      const at = `message ${m} block ${b}`;
      switch (block.type) {
        case 'header':
          check(block.text.type === 'plain_text', `${at}: header type`);
          check(block.text.text.length <= SLACK_LIMITS.headerText, `${at}: header length`);
          chars += block.text.text.length;
          break;
        case 'section':
          if ('text' in block) {
            check(block.text.text.length <= SLACK_LIMITS.sectionText, `${at}: section length`);
            check(block.text.text.trim() !== '', `${at}: empty section`);
            chars += block.text.text.length;
          } else {
            check(block.fields.length <= SLACK_LIMITS.fieldsPerSection, `${at}: field count`);
            for (const f of block.fields) check(f.text.length <= SLACK_LIMITS.fieldText, `${at}: field length`);
            chars += block.fields.reduce((n, f) => n + f.text.length, 0);
          }
          break;
        case 'context':
          check(
            block.elements.length > 0 && block.elements.length <= SLACK_LIMITS.contextElements,
            `${at}: context count`,
          );
          chars += block.elements.reduce((n, e) => n + e.text.length, 0);
          break;
        case 'actions':
          check(block.elements.length <= SLACK_LIMITS.actionsElements, `${at}: actions count`);
          for (const e of block.elements) {
            check(e.text.text.length <= SLACK_LIMITS.buttonText, `${at}: button text`);
            check(e.value.length <= SLACK_LIMITS.buttonValue, `${at}: button value`);
            check(!actionIds.has(e.action_id), `${at}: duplicate action_id`);
            actionIds.add(e.action_id);
          }
          break;
        case 'divider':
          break;
      }
    });
    check(chars <= SLACK_LIMITS.messageChars, `message ${m}: ${chars} characters of text`);
  });
  return problems;
}

function expectWithinLimits(payloads: SlackPayload[]): void {
  expect(limitProblems(payloads)).toEqual([]);
}

function bigStory(claimCount: number) {
  const actors = Array.from({ length: 50 }, (_, i) => ({
    id: `actor-${i}`,
    name: `Actor Number ${i}`,
    kind: 'person',
    role: `Role of actor ${i}`,
  }));
  const sources = Array.from({ length: 20 }, (_, i) => ({
    id: `source-${i}`,
    name: `Source ${i}`,
    kind: 'media',
    url: `https://example.org/source/${i}`,
  }));
  const claims = Array.from({ length: claimCount }, (_, i) => ({
    id: `claim-${i}`,
    text: `Claim claim-${i} says that actor ${i % 50} did thing number ${i}, according to several reports published this week.`,
    about: [`actor-${i % 50}`, `actor-${(i + 7) % 50}`],
    source: [`source-${i % 20}`],
    status: CLAIM_STATUSES[i % CLAIM_STATUSES.length],
    hedging: i % 3 === 0 ? 'hedged' : 'firm',
    confidence: 'medium',
  }));
  const timeline = Array.from({ length: 300 }, (_, i) => ({
    date: `20${String(10 + (i % 14)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`,
    text: `Event ${i} happened.`,
    actors: [`actor-${i % 50}`],
  }));
  const full = Array.from(
    { length: 40 },
    (_, p) => `Paragraph ${p} of the full summary. ${'Background detail. '.repeat(60)}`,
  ).join('\n\n');
  const story = storySchema.parse({
    id: 'big-story',
    title: 'A very large generated story used to check that Slack rendering splits everything within Block Kit limits',
    asOf: '2024-01-01',
    summary: { headline: 'A big story.', short: 'Short summary.', full },
    sources,
    actors,
    claims,
    timeline,
  });
  return new StoryView(story, '');
}

describe('renderSlackMessages: limits by splitting', () => {
  it('splits a message holding all 10,000 claims of a story within every limit and loses nothing', () => {
    const view = bigStory(10_000);
    const message = everyClaimMessage(view);
    const payloads = renderSlackMessages(message);
    expect(payloads.length).toBeGreaterThan(1);
    expectWithinLimits(payloads);
    const all = payloads.map(shownText).join('\n');
    // Every claim's full text appears, once, in file order, with its status and source.
    const shown = [
      ...all.matchAll(/• \S+ (Claim (claim-\d+) says that [^\n]*?this week\.) _\((\w+)[^\n]*?source: (Source \d+)\)_/g),
    ];
    expect(shown.map((m) => [m[2], m[1], m[3], m[4]])).toEqual(
      view.story.claims.map((c) => [c.id, c.text, c.status, view.sourceNames(c)[0]]),
    );
    const events = new Set([...all.matchAll(/Event \d+ happened\./g)].map((m) => m[0]));
    for (const event of view.story.timeline) expect(events.has(event.text)).toBe(true);
    for (let p = 0; p < 40; p++) expect(all).toContain(`Paragraph ${p} of the full summary.`);
    // A card that goes on in a later message says so under its title again.
    expect(
      payloads.slice(1).some((p) => p.blocks[0]?.type === 'header' && p.blocks[0].text.text.includes('(continued)')),
    ).toBe(true);
    // Numbered fallbacks for the continuation messages.
    expect(payloads[1]?.text.startsWith(`(2/${payloads.length}) `)).toBe(true);
  });

  it('keeps headers, fields, buttons and single huge texts within limits', () => {
    const message: OutgoingMessage = {
      text: 'x'.repeat(10_000),
      visibility: 'private',
      cards: [
        {
          title: 'T'.repeat(400),
          tone: 'warning',
          blocks: [
            {
              type: 'fields',
              fields: Array.from({ length: 23 }, (_, i) => ({
                label: `L${i}`,
                value: i === 5 ? 'v '.repeat(3000) : `v${i}`,
              })),
            },
            { type: 'text', content: ['word '.repeat(5000)] },
            { type: 'text', content: ['y'.repeat(7000)] },
            {
              type: 'buttons',
              buttons: Array.from({ length: 60 }, (_, i) => ({
                label: `Button ${i} ${'z'.repeat(100)}`,
                command: `actor a-${i}`,
              })),
            },
            { type: 'context', content: ['c'.repeat(40_000)] },
            { type: 'text', content: [''] },
          ],
          footer: 'f'.repeat(5000),
        },
      ],
    };
    const payloads = renderSlackMessages(message);
    expectWithinLimits(payloads);
    const all = payloads.map(shownText).join('');
    expect(all.replace(/\s/g, '').match(/y/g)?.length).toBe(7000);
    expect(all.match(/c/g)?.length).toBeGreaterThanOrEqual(40_000);
    for (let i = 0; i < 60; i++) expect(all).toContain(`actor a-${i}`);
    for (let i = 0; i < 23; i++) expect(all).toContain(`L${i}`);
    expect(payloads[0]?.blocks[0]).toMatchObject({ type: 'header' });
    const first = payloads[0]?.blocks[0] as { text: { text: string } } | undefined;
    expect(first?.text.text.startsWith('⚠️ TTT')).toBe(true);
  });

  it('renders a message with no cards, and a notice with its tone', () => {
    const [plain] = renderSlackMessages({ text: 'Just text', cards: [], visibility: 'private' });
    expect(plain?.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'Just text' } }]);
    const [warn] = renderSlackMessages({
      text: 'No actor matches "zz".',
      cards: [{ tone: 'warning', blocks: [{ type: 'text', content: ['No actor matches "zz".'] }] }],
      visibility: 'private',
    });
    expect(warn?.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '⚠️ No actor matches "zz".' } });
  });
});

describe('renderSlackMessages: escaping', () => {
  const hostile =
    'Ping <!channel> and <!here> and <@U123> see <https://evil.example|your bank> & *bold* _it_ ~s~ `c` @everyone';

  it('escapes story text everywhere: no mention, ping or disguised link can form', () => {
    const payloads = renderSlackMessages({
      text: hostile,
      visibility: 'channel',
      cards: [
        {
          title: hostile,
          blocks: [
            { type: 'text', content: [hostile] },
            { type: 'fields', fields: [{ label: hostile, value: hostile }] },
            { type: 'list', items: [[hostile], [{ text: hostile, style: 'bold' }]] },
            { type: 'context', content: [{ text: hostile, style: 'italic' }, ' ', { text: hostile, style: 'code' }] },
            { type: 'buttons', buttons: [{ label: hostile, command: 'actor putin' }] },
          ],
          footer: hostile,
        },
      ],
    });
    const json = JSON.stringify(payloads);
    for (const bad of ['<!channel>', '<!here>', '<@U123>', '<https://evil', '|your bank>'])
      expect(json).not.toContain(bad);
    expect(json).toContain('&lt;!channel&gt;');
    expect(json).toContain('&lt;@U123&gt;');
    expect(json).toContain('&lt;https://evil.example|your bank&gt;');
    expect(json).toContain('&amp;');
    expect(json).not.toMatch(/@everyone/);
  });

  it('neutralises mrkdwn formatting in story text but keeps words intact', () => {
    expect(escapeMrkdwn('*bold* _it_ ~s~ `c`')).toBe('∗bold∗ ˍitˍ ∼s∼ ˋcˋ');
    expect(escapeMrkdwn('snake_case and 2*3')).toBe('snake_case and 2*3');
    expect(escapeMrkdwn('> quoted\nline')).toBe('\u200B&gt; quoted\nline');
  });

  it('builds links only from Span.url, validated http(s), label escaped', () => {
    const [payload] = renderSlackMessages({
      text: 'links',
      visibility: 'private',
      cards: [
        {
          blocks: [
            {
              type: 'context',
              content: [
                { text: 'Good <b>', url: 'https://example.org/a?x=1&y=2' },
                ' ',
                { text: 'Bad', url: 'javascript:alert(1)' },
                ' ',
                { text: 'Pipe', url: 'https://example.org/a|b>c' },
              ],
            },
          ],
        },
      ],
    });
    const block = payload?.blocks[0] as { elements: Array<{ text: string }> } | undefined;
    const text = block?.elements[0]?.text;
    expect(text).toBe('<https://example.org/a?x=1&amp;y=2|Good &lt;b&gt;> Bad <https://example.org/a%7Cb%3Ec|Pipe>');
    expect(safeLinkUrl('ftp://example.org')).toBeUndefined();
    expect(safeLinkUrl('https://user:pw@example.org')).toBeUndefined();
  });

  it('splits long mrkdwn without breaking entities or links', () => {
    const link = '<https://example.org/x|a label with spaces>';
    const text = `${'&amp; '.repeat(400)}${link} ${'word '.repeat(400)}`;
    const pieces = splitMrkdwn(text, 300);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(300);
      expect(piece).not.toMatch(/&(a|am|amp)?$/);
      const opens = (piece.match(/</g) ?? []).length;
      const closes = (piece.match(/>/g) ?? []).length;
      expect(opens).toBe(closes);
    }
    expect(pieces.join(' ').replace(/\s+/g, ' ').trim()).toBe(text.replace(/\s+/g, ' ').trim());
  });
});

describe('renderSlackMessages: tone marks', () => {
  /** The header text of a message `text` whose one card, of the confirmed tone, is titled `title`. */
  function confirmedCardHeader(text: string, title: string): string {
    const [payload] = renderSlackMessages({
      text,
      visibility: 'channel',
      cards: [{ title, tone: 'confirmed', blocks: [] }],
    });
    const header = payload?.blocks.find((b) => b.type === 'header');
    return header && 'text' in header ? header.text.text : '';
  }

  it('a title that starts with its status mark (an alert card) shows the mark once', () => {
    expect(confirmedCardHeader('alert', '🟢 Claim updated: kim-to-visit-russia')).toBe(
      '🟢 Claim updated: kim-to-visit-russia',
    );
    expect(confirmedCardHeader('x', 'Claim updated')).toBe('🟢 Claim updated');
  });
});
