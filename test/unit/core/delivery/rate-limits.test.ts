import { describe, expect, it } from 'vitest';
import { DeliveryEngine, type DeliveryEngineOptions } from '../../../../src/core/delivery/engine.js';
import type { DeliveryRequest } from '../../../../src/core/delivery/types.js';
import type { ChannelAddress, Platform, PostResult } from '../../../../src/core/ports.js';
import { type RateLimitScope, SitrepError } from '../../../../src/errors.js';
import { engineTestBed } from './engine-fixture.js';
import { briefingMessage, RecordingAdapter } from './fakes.js';

/**
 * The engine owns what a rate limit means: adapters only report it (with the wait the platform
 * asked for and what it holds back), and the engine holds back that channel, that workspace or the
 * whole platform, sits out a short wait in the lane and hands a long one to the delivery log.
 */

function request(id: string, channel: ChannelAddress): DeliveryRequest {
  return { id, kind: 'briefing', channel, story: 'test-story', dueAt: new Date(), message: briefingMessage(id) };
}

const limited =
  (retryAfterMs: number, rateLimitScope: RateLimitScope) =>
  (_to: ChannelAddress, attempt: number): PostResult =>
    attempt === 1
      ? { ok: false, error: new SitrepError('rate_limited', 'slow down', { retryAfterMs, rateLimitScope }) }
      : { ok: true, messageId: `m-${attempt}` };

describe('rate limits in the delivery engine', () => {
  const bed = engineTestBed();

  function engine(adapters: RecordingAdapter[], options: Partial<DeliveryEngineOptions> = {}): DeliveryEngine {
    return bed.stopAfterTest(
      new DeliveryEngine({
        store: bed.store,
        adapters: new Map<Platform, RecordingAdapter>(adapters.map((a) => [a.platform, a])),
        metrics: bed.metrics,
        limits: { channelIntervalMs: { slack: 0, discord: 0, shell: 0 } },
        ...options,
      }),
    );
  }

  it('sits out a short wait in the lane: sent once after it, no failed attempt, other channels not held', async () => {
    const discord = new RecordingAdapter('discord').answer('discord:1001', limited(200, 'channel'));
    const e = engine([discord]);
    const started = Date.now();
    await e.enqueue([request('limited', 'discord:1001'), request('free', 'discord:1002')]);
    await e.whenIdle();
    const [limitedPost] = discord.sentTo('discord:1001');
    const [freePost] = discord.sentTo('discord:1002');
    expect((limitedPost?.atMs ?? 0) - started).toBeGreaterThanOrEqual(190);
    expect((freePost?.atMs ?? Number.POSITIVE_INFINITY) - started).toBeLessThan(150);
    expect(discord.attempts.map((a) => a.deliveryId)).toEqual(['limited', 'free', 'limited']);
    expect(await bed.store.deliveries.get('limited')).toMatchObject({ status: 'sent', attempts: 1, messageId: 'm-2' });
    expect(bed.metrics.rateLimits).toBe(1);
    expect(bed.metrics.count('retry')).toBe(0);
  });

  it('a platform-wide limit holds back every channel of that platform, and no other platform', async () => {
    const discord = new RecordingAdapter('discord').answer('discord:2001', limited(250, 'platform'));
    const slack = new RecordingAdapter('slack');
    const e = engine([discord, slack]);
    const started = Date.now();
    await e.enqueue([request('first', 'discord:2001')]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await e.enqueue([request('second', 'discord:2002'), request('on-slack', 'slack:C2')]);
    await e.whenIdle();
    const at = (adapter: RecordingAdapter, to: ChannelAddress) => (adapter.sentTo(to)[0]?.atMs ?? 0) - started;
    expect(at(discord, 'discord:2001')).toBeGreaterThanOrEqual(240);
    expect(at(discord, 'discord:2002')).toBeGreaterThanOrEqual(240);
    expect(at(slack, 'slack:C2')).toBeLessThan(240);
    expect(discord.capturedPayloads).toHaveLength(2);
  });

  it('a wait longer than the lane may take becomes a retry in the delivery log', async () => {
    const slack = new RecordingAdapter('slack').answer('slack:C3', limited(30_000, 'channel'));
    const e = engine([slack], { limits: { rateLimitWaitMs: { slack: 20_000, discord: 60_000, shell: 0 } } });
    await e.enqueue([request('long', 'slack:C3')]);
    await e.whenIdle();
    const row = await bed.store.deliveries.get('long');
    expect(row).toMatchObject({ status: 'pending', attempts: 1, errorCode: 'rate_limited' });
    expect(slack.capturedPayloads).toHaveLength(0);
    expect(bed.metrics.count('retry')).toBe(1);
  });

  it('waits in the lane add up: past the limit in all, the next rate limit goes to the log', async () => {
    const slack = new RecordingAdapter('slack').answer('slack:C4', () => ({
      ok: false,
      error: new SitrepError('rate_limited', 'slow down', { retryAfterMs: 60, rateLimitScope: 'channel' }),
    }));
    const e = engine([slack], { limits: { rateLimitWaitMs: { slack: 150, discord: 0, shell: 0 } } });
    await e.enqueue([request('again-and-again', 'slack:C4')]);
    await e.whenIdle();
    // 60 + 60 ms fit in 150 ms; the third wait would not.
    expect(slack.attempts).toHaveLength(3);
    expect(await bed.store.deliveries.get('again-and-again')).toMatchObject({ status: 'pending', attempts: 1 });
  });
});
