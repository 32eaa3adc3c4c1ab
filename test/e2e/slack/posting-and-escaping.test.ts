import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../src/adapters/slack/adapter.js';
import { DELIVERY_EVENT_TYPE } from '../../../src/adapters/slack/posting.js';
import { renderSlackMessages } from '../../../src/adapters/slack/render.js';
import { buildBriefing } from '../../../src/core/briefing/build.js';
import { silentLogger } from '../../../src/core/log.js';
import { notice, type OutgoingMessage } from '../../../src/core/message.js';
import { HttpServer } from '../../../src/http/server.js';
import { type Harness, parseAck, SIGNING_SECRET, startHarness } from './harness.js';

/**
 * A synthetic story whose every text field tries to ping, mention or disguise a link. Whatever path
 * it takes to Slack (a command answer, a posted briefing), it must arrive as escaped text.
 */
const HOSTILE = 'Alert <!channel> <!here> <!everyone> <@U123> <#C999> <https://evil.example|Your Bank> @here &';

const story = {
  id: 'hostile-story',
  title: `Story ${HOSTILE}`,
  asOf: '2024-05-01',
  summary: {
    headline: `Headline ${HOSTILE}`,
    short: `Short ${HOSTILE}`,
    full: `Full ${HOSTILE}\n\n**Real bold** from the summary's Markdown ${HOSTILE}`,
  },
  sources: [{ id: 'src-a', name: `Source ${HOSTILE}`, kind: 'media', url: 'https://news.example/article?a=1&b=2' }],
  actors: [
    {
      id: 'mallory',
      name: 'Mallory Mention',
      kind: 'person',
      role: `Role ${HOSTILE}`,
      summary: `Summary ${HOSTILE}`,
      aliases: ['Mallory'],
    },
  ],
  claims: [
    {
      id: 'claim-one',
      text: `Claim *Fake bold* and _fake italics_ ${HOSTILE}`,
      about: ['mallory'],
      source: 'src-a',
      status: 'reported',
      hedging: 'hedged',
      note: `Note ${HOSTILE}`,
    },
  ],
  timeline: [{ date: '2024-04-30', text: `Event ${HOSTILE}`, actors: ['mallory'] }],
};

let h: Harness;

beforeAll(async () => {
  // One core for both suites: posting needs no particular story, escaping needs the hostile one.
  // JSON is YAML: the story file is written as JSON so no YAML quoting gets in the way.
  h = await startHarness({
    mode: 'http',
    story: { id: story.id, text: JSON.stringify(story, null, 2) },
  });
  expect(h.core.contentProblems).toEqual([]);
});

afterAll(async () => {
  await h?.close();
});

const briefing = (label: string): OutgoingMessage => notice(`Briefing ${label}`, 'info', 'channel');

/** A message long enough to need two Slack messages. */
function twoPartMessage(): OutgoingMessage {
  const items = Array.from({ length: 60 }, (_, i) => [`Item ${i}: ${'lorem ipsum dolor sit amet '.repeat(7)}`]);
  const message: OutgoingMessage = {
    text: 'Long briefing',
    visibility: 'channel',
    cards: [{ title: 'Long', blocks: [{ type: 'list', items }] }],
  };
  expect(renderSlackMessages(message).length).toBe(2);
  return message;
}

function postedFor(deliveryId: string) {
  return h.slack.posted.filter((p) => p.metadata?.event_payload.delivery_id === deliveryId);
}

describe('Slack posting (chat.postMessage through the adapter)', () => {
  it('posts with delivery metadata, and findDelivery finds it again', async () => {
    const result = await h.adapter.post('slack:C0POST', briefing('one'), 'delivery-1');
    expect(result.ok).toBe(true);
    const [posted] = postedFor('delivery-1');
    expect(posted?.metadata).toEqual({
      event_type: DELIVERY_EVENT_TYPE,
      event_payload: { delivery_id: 'delivery-1', part: 1, parts: 1 },
    });
    expect(posted?.text).toBe('Briefing one');
    expect(result.ok && result.messageId).toBe(posted?.ts);
    expect(await h.adapter.findDelivery('slack:C0POST', 'delivery-1')).toEqual({ messageId: posted?.ts });
    expect(await h.adapter.findDelivery('slack:C0POST', 'delivery-unknown')).toBeUndefined();
  });

  it('reports a 429 at once as rate_limited with the Retry-After Slack asked for, and waits out nothing', async () => {
    const limitedBefore = h.slack.rateLimited;
    h.slack.failNextWithRateLimit(30, 'chat.postMessage');
    const started = Date.now();
    const result = await h.adapter.post('slack:C0LONGWAIT', briefing('x'), 'delivery-long-wait');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('rate_limited');
      expect(result.error.retryAfterMs).toBe(30_000);
      expect(result.error.rateLimitScope).toBe('channel');
      expect(result.error.permanent).toBe(false);
    }
    expect(h.slack.rateLimited).toBe(limitedBefore + 1);
    expect(postedFor('delivery-long-wait')).toHaveLength(0);
  });

  it('maps Slack errors to coded errors: not_in_channel and friends are permanent, 5xx transient', async () => {
    const cases: Array<[string, string | number, string, boolean]> = [
      ['C0NOTIN', 'not_in_channel', 'not_in_channel', true],
      ['C0GONE', 'channel_not_found', 'channel_not_found', true],
      ['C0ARCH', 'is_archived', 'channel_archived', true],
      ['C0REVOKED', 'token_revoked', 'auth_failed', true],
      ['C0DOWN', 503, 'platform_unavailable', false],
    ];
    for (const [channel, failure, code, permanent] of cases) {
      if (typeof failure === 'number') h.slack.setChannelStatus(channel, failure);
      else h.slack.setChannelError(channel, failure);
      const result = await h.adapter.post(`slack:${channel}`, briefing(channel), `err-${channel}`);
      expect(result.ok, channel).toBe(false);
      if (!result.ok) {
        expect(result.error.code, channel).toBe(code);
        expect(result.error.permanent, channel).toBe(permanent);
      }
    }
    const notSlack = await h.adapter.post('discord:123', briefing('x'), 'wrong-platform');
    expect(notSlack.ok).toBe(false);
  });

  it('a multi-part delivery resumes after a crash: findDelivery sees part 1, post sends only part 2', async () => {
    const message = twoPartMessage();
    const payloads = renderSlackMessages(message);
    // A previous process got part 1 out and died.
    const raw = new WebClient(h.slack.botToken, { slackApiUrl: h.slack.apiUrl, retryConfig: { retries: 0 } });
    await raw.chat.postMessage({
      channel: 'C0RESUME',
      text: payloads[0]?.text ?? '',
      blocks: payloads[0]?.blocks as never,
      metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { delivery_id: 'resume-1', part: 1, parts: 2 } },
    });
    expect(await h.adapter.findDelivery('slack:C0RESUME', 'resume-1')).toBeUndefined();
    // The restarted process's engine keeps the channel's pace (a second) before the next post.
    await new Promise((r) => setTimeout(r, 1_050));
    const result = await h.adapter.post('slack:C0RESUME', message, 'resume-1');
    expect(result.ok).toBe(true);
    const parts = postedFor('resume-1').map((p) => p.metadata?.event_payload.part);
    expect(parts).toEqual([1, 2]);
    expect(await h.adapter.findDelivery('slack:C0RESUME', 'resume-1')).toEqual({
      messageId: postedFor('resume-1')[0]?.ts,
    });
  });

  it('refuses to start with a bad bot token (auth_failed), naming no token', async () => {
    const http = new HttpServer(silentLogger);
    const bad = createSlackAdapter({
      botToken: 'xoxb-wrong',
      signingSecret: 's',
      apiUrl: h.slack.apiUrl,
      http,
      log: silentLogger,
    });
    const error = await bad.start(h.core.router).then(
      () => undefined,
      (e: unknown) => e as { code?: string; message: string },
    );
    expect(error?.code).toBe('auth_failed');
    expect(error?.message).not.toContain('xoxb-wrong');
  });
});

const FORBIDDEN = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U123>',
  '<#C999>',
  '<https://evil.example',
  '|Your Bank>',
];

function expectEscaped(json: string): void {
  for (const bad of FORBIDDEN) expect(json, bad).not.toContain(bad);
  expect(json).toContain('&lt;!channel&gt;');
  expect(json).toContain('&lt;!here&gt;');
  expect(json).toContain('&lt;@U123&gt;');
  expect(json).toContain('&lt;https://evil.example|Your Bank&gt;');
  expect(json).not.toMatch(/(^|[^\u2060])@here/m);
}

describe('story text reaches Slack escaped', () => {
  it('in a command answer (actor card, claim with note and source link)', async () => {
    for (const text of ['actor mallory', 'claim claim-one', 'brief full', 'timeline']) {
      const res = await h.slack.sendSlashCommand({ url: h.eventsUrl, signingSecret: SIGNING_SECRET, text });
      expect(res.status).toBe(200);
      const ack = parseAck(res.body);
      const json = JSON.stringify(ack);
      expect(json, text).toContain('Your Bank');
      expectEscaped(json);
    }
    // The one link Sitrep makes comes from the source's url field, & escaped.
    const claim = parseAck(
      (await h.slack.sendSlashCommand({ url: h.eventsUrl, signingSecret: SIGNING_SECRET, text: 'claim claim-one' }))
        .body,
    );
    expect(JSON.stringify(claim)).toContain('<https://news.example/article?a=1&amp;b=2|Source Alert &lt;!channel&gt;');
  });

  it('in a posted briefing, as stored in the channel', async () => {
    const view = h.core.catalog.list()[0];
    expect(view).toBeDefined();
    if (!view) return;
    const result = await h.adapter.post('slack:C0HOSTILE', buildBriefing(view, { tier: 'full' }), 'hostile-delivery');
    expect(result.ok).toBe(true);
    const stored = h.slack.history('C0HOSTILE');
    expect(stored.length).toBeGreaterThan(0);
    const json = JSON.stringify(stored.map((m) => ({ text: m.text, blocks: m.blocks })));
    expectEscaped(json);
    // Formatting typed in plain story text (a claim) does not become formatting…
    expect(json).not.toContain('*Fake bold*');
    expect(json).toContain('∗Fake bold∗');
    // …while summary.full is Markdown by contract: its emphasis renders, its text still escaped.
    expect(json).toContain('*Real bold*');
  });
});
