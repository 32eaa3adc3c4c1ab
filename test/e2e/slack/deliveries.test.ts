import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderSlackMessages } from '../../../src/adapters/slack/render.js';
import { DeliveryEngine } from '../../../src/core/delivery/engine.js';
import type { DeliveryRequest } from '../../../src/core/delivery/types.js';
import { silentLogger } from '../../../src/core/log.js';
import { notice, type OutgoingMessage } from '../../../src/core/message.js';
import type { ChannelAddress } from '../../../src/core/ports.js';
import { type Harness, startHarness } from './harness.js';

/**
 * The send path as it runs in the bot: the delivery engine paces each channel and decides what a
 * 429 means; the real Slack adapter posts to the stand-in and reports what Slack said.
 */

let h: Harness;
let engine: DeliveryEngine;

beforeAll(async () => {
  h = await startHarness({ mode: 'http' });
});

afterEach(async () => {
  await engine?.stop(1_000);
});

afterAll(async () => {
  await h?.close();
});

function startEngine(): DeliveryEngine {
  engine = new DeliveryEngine({ store: h.core.store, adapters: new Map([['slack', h.adapter]]), log: silentLogger });
  return engine;
}

const briefing = (label: string): OutgoingMessage => notice(`Briefing ${label}`, 'info', 'channel');

function request(id: string, channel: ChannelAddress, message: OutgoingMessage = briefing(id)): DeliveryRequest {
  return { id, kind: 'briefing', channel, story: null, dueAt: new Date(), message };
}

function postedFor(deliveryId: string) {
  return h.slack.posted.filter((p) => p.metadata?.event_payload.delivery_id === deliveryId);
}

describe('Slack deliveries through the engine', () => {
  it('a 429 is waited out per Retry-After and the message arrives once, without stalling other channels', async () => {
    const e = startEngine();
    const limitedBefore = h.slack.rateLimited;
    h.slack.failNextWithRateLimit(1, 'chat.postMessage');
    const started = Date.now();
    await e.enqueue([request('delivery-429', 'slack:C0LIMITED')]);
    await new Promise((r) => setTimeout(r, 100));
    await e.enqueue([request('delivery-other', 'slack:C0OTHER')]);
    await e.whenIdle();
    const [limited] = postedFor('delivery-429');
    const [other] = postedFor('delivery-other');
    expect(other?.text).toBe('Briefing delivery-other');
    // Not behind the rate-limited channel's wait (it was enqueued after it, and went out first).
    expect(other?.at ?? Number.POSITIVE_INFINITY).toBeLessThan(limited?.at ?? 0);
    expect((limited?.at ?? 0) - started).toBeGreaterThanOrEqual(1000);
    expect(h.slack.rateLimited).toBe(limitedBefore + 1);
    expect(postedFor('delivery-429')).toHaveLength(1);
    expect((await h.core.store.deliveries.get('delivery-429'))?.status).toBe('sent');
  });

  it('a Retry-After longer than a lane may wait becomes a retry in the delivery log, not a blocked lane', async () => {
    const e = startEngine();
    h.slack.failNextWithRateLimit(30, 'chat.postMessage');
    await e.enqueue([request('delivery-long-wait', 'slack:C0LONGWAIT')]);
    await e.whenIdle();
    const row = await h.core.store.deliveries.get('delivery-long-wait');
    expect(row).toMatchObject({ status: 'pending', errorCode: 'rate_limited', attempts: 1 });
    expect(postedFor('delivery-long-wait')).toHaveLength(0);
  });

  it('paces deliveries to one channel at one a second, in order', async () => {
    const e = startEngine();
    const limitedBefore = h.slack.rateLimited;
    await e.enqueue([1, 2, 3].map((n) => request(`paced-${n}`, 'slack:C0PACED', briefing(`p${n}`))));
    await e.whenIdle();
    expect(h.slack.rateLimited).toBe(limitedBefore);
    const posts = h.slack.posted.filter((p) => p.channel === 'C0PACED');
    expect(posts.map((p) => p.text)).toEqual(['Briefing p1', 'Briefing p2', 'Briefing p3']);
    for (let i = 1; i < posts.length; i++)
      expect((posts[i]?.at ?? 0) - (posts[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('the parts of one split delivery go a second apart, and the next delivery a second after the last part', async () => {
    const e = startEngine();
    const items = Array.from({ length: 60 }, (_, i) => [`Item ${i}: ${'lorem ipsum dolor sit amet '.repeat(7)}`]);
    const long: OutgoingMessage = {
      text: 'Long',
      visibility: 'channel',
      cards: [{ blocks: [{ type: 'list', items }] }],
    };
    expect(renderSlackMessages(long)).toHaveLength(2);
    await e.enqueue([request('split-1', 'slack:C0SPLIT', long), request('split-2', 'slack:C0SPLIT')]);
    await e.whenIdle();
    const posts = h.slack.posted.filter((p) => p.channel === 'C0SPLIT');
    expect(posts.map((p) => [p.metadata?.event_payload.delivery_id, p.metadata?.event_payload.part])).toEqual([
      ['split-1', 1],
      ['split-1', 2],
      ['split-2', 1],
    ]);
    for (let i = 1; i < posts.length; i++)
      expect((posts[i]?.at ?? 0) - (posts[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });
});
