// End to end: scheduled briefings and alerts posted over REST (@discordjs/rest) to the stand-in,
// and `sitrep discord register`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapterOptions } from '../../../src/adapters/discord/adapter.js';
import { deliveryNonce } from '../../../src/adapters/discord/post.js';
import { runDiscordRegister } from '../../../src/cli/discord-register.js';
import { buildBriefing } from '../../../src/core/briefing/build.js';
import { DeliveryEngine } from '../../../src/core/delivery/engine.js';
import { silentLogger } from '../../../src/core/log.js';
import { notice } from '../../../src/core/message.js';
import { DEFAULT_GUILD_ID } from '../../stand-ins/discord/server.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness;
let channel = 1_400_000_000_000_000_000n;
const freshChannel = () => String(++channel);

beforeAll(async () => {
  // Roomier channel buckets than Discord's 5 per 5 s, so resending a split briefing does not wait.
  h = await startHarness({ gateway: false, standIn: { channelMessageLimit: { limit: 20, windowMs: 5000 } } });
});

afterAll(async () => {
  await h?.close();
});

describe('posting to a channel', () => {
  it('posts a briefing with a nonce and enforce_nonce, mentions off', async () => {
    const id = freshChannel();
    const briefing = buildBriefing(h.core.catalog.resolve(undefined), { tier: 'short' });
    const result = await h.adapter.post(`discord:${id}`, briefing, 'delivery-short-1');
    expect(result.ok).toBe(true);
    const [message, ...others] = h.discord.messagesIn(id);
    expect(others).toHaveLength(0);
    expect(result).toEqual({ ok: true, messageId: message?.id });
    expect(message).toMatchObject({
      nonce: deliveryNonce('delivery-short-1', 0),
      enforce_nonce: true,
      allowed_mentions: { parse: [] },
    });
    expect(String(message?.nonce).length).toBeLessThanOrEqual(25);
    expect(message?.embeds).toHaveLength(2);
  });

  it('a 429 on channel messages comes back at once as rate_limited with its wait; nothing is posted', async () => {
    const id = freshChannel();
    h.discord.failNextWithRateLimit({ retryAfter: 0.3, match: { method: 'POST', path: `/channels/${id}/messages` } });
    const before = h.rateLimits.length;
    const result = await h.adapter.post(
      `discord:${id}`,
      notice('After the rate limit.', 'info', 'channel'),
      'delivery-429-reported',
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('rate_limited');
      // The stand-in says 0.3 s in the body and 1 s in Retry-After; @discordjs/rest goes by the header.
      expect(result.error.retryAfterMs).toBeGreaterThanOrEqual(300);
      expect(result.error.retryAfterMs).toBeLessThanOrEqual(1_100);
      expect(result.error.rateLimitScope).toBe('channel');
    }
    expect(h.discord.messagesIn(id)).toHaveLength(0);
    const posts = h.discord.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/channels/${id}/messages`));
    expect(posts.map((r) => r.status)).toEqual([429]);
    expect(h.rateLimits.length).toBeGreaterThan(before);
    expect(h.rateLimits.at(-1)).toMatchObject({ global: false });
  });

  it('through the engine, a 429 on channel messages is waited out and the message arrives once', async () => {
    const id = freshChannel();
    h.discord.failNextWithRateLimit({ retryAfter: 0.3, match: { method: 'POST', path: `/channels/${id}/messages` } });
    const before = h.rateLimits.length;
    const engine = new DeliveryEngine({
      store: h.core.store,
      adapters: new Map([['discord', h.adapter]]),
      log: silentLogger,
    });
    try {
      const started = Date.now();
      await engine.enqueue([
        {
          id: 'delivery-429',
          kind: 'briefing',
          channel: `discord:${id}`,
          story: null,
          dueAt: new Date(),
          message: notice('After the rate limit.', 'info', 'channel'),
        },
      ]);
      await engine.whenIdle();
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    } finally {
      await engine.stop(1_000);
    }
    expect(h.discord.messagesIn(id)).toHaveLength(1);
    const posts = h.discord.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/channels/${id}/messages`));
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
    expect(h.rateLimits.length).toBeGreaterThan(before);
    expect(h.rateLimits.at(-1)).toMatchObject({ global: false });
    expect((await h.core.store.deliveries.get('delivery-429'))?.status).toBe('sent');
  });

  it('a retried delivery (same delivery id) does not make a second copy', async () => {
    const id = freshChannel();
    const briefing = buildBriefing(h.core.catalog.resolve(undefined), { tier: 'full' });
    const first = await h.adapter.post(`discord:${id}`, briefing, 'delivery-full-1');
    const count = h.discord.messagesIn(id).length;
    expect(count).toBeGreaterThan(1); // the full briefing is split over several messages
    const again = await h.adapter.post(`discord:${id}`, briefing, 'delivery-full-1');
    expect(again).toEqual(first);
    expect(h.discord.messagesIn(id)).toHaveLength(count);
    const nonces = h.discord.messagesIn(id).map((m) => m.nonce);
    expect(new Set(nonces).size).toBe(count);
  });

  it('maps Discord errors to coded, never-thrown results', async () => {
    const cases = [
      ['missing_access', 'missing_access'],
      ['unknown_channel', 'channel_not_found'],
      ['missing_permissions', 'missing_permissions'],
    ] as const;
    for (const [fault, code] of cases) {
      const id = freshChannel();
      h.discord.setChannelError(id, fault);
      const result = await h.adapter.post(`discord:${id}`, notice('x'), `d-${fault}`);
      expect(result).toMatchObject({ ok: false, error: { code } });
      if (!result.ok) expect(result.error.permanent).toBe(true);
    }
    const down = freshChannel();
    h.discord.setChannelStatus(down, 502);
    const unavailable = await h.adapter.post(`discord:${down}`, notice('x'), 'd-502');
    expect(unavailable).toMatchObject({ ok: false, error: { code: 'platform_unavailable' } });
    if (!unavailable.ok) expect(unavailable.error.permanent).toBe(false);
    // retries: 2 → three attempts in all
    expect(h.discord.requests.filter((r) => r.path.endsWith(`/channels/${down}/messages`))).toHaveLength(3);

    const bad = await h.adapter.post('slack:C123', notice('x'), 'd-slack');
    expect(bad).toMatchObject({ ok: false, error: { code: 'channel_not_found' } });
  });

  /** Another adapter for the stand-in's application, REST only unless `gateway` is given. */
  function adapterWith(options: Pick<DiscordAdapterOptions, 'token'> & Partial<DiscordAdapterOptions>) {
    return createDiscordAdapter({
      applicationId: h.discord.applicationId,
      apiUrl: h.discord.apiUrl,
      log: silentLogger,
      gateway: false,
      ...options,
    });
  }

  it('a rejected token is auth_failed, and stops the gateway from starting', async () => {
    const wrong = adapterWith({ token: 'not-the-token' });
    const result = await wrong.post(`discord:${freshChannel()}`, notice('x'), 'd-401');
    expect(result).toMatchObject({ ok: false, error: { code: 'auth_failed' } });
    // The gateway refuses it too: start fails instead of hanging, and nothing stays connected.
    const gateway = adapterWith({ token: 'not-the-token', gateway: true });
    await expect(gateway.start(h.core.router)).rejects.toThrow();
    expect(gateway.isConnected()).toBe(false);
  });

  it('an unreachable Discord is platform_unavailable', async () => {
    const nowhere = adapterWith({ token: 'x', apiUrl: 'http://127.0.0.1:9/api', restTimeoutMs: 1000 });
    const result = await nowhere.post(`discord:${freshChannel()}`, notice('x'), 'd-net');
    expect(result).toMatchObject({ ok: false, error: { code: 'platform_unavailable' } });
  });
});

describe('sitrep discord register', () => {
  const env = () => ({
    DISCORD_TOKEN: h.discord.token,
    DISCORD_APPLICATION_ID: h.discord.applicationId,
    DISCORD_API_URL: h.discord.apiUrl,
  });

  it('bulk-overwrites /sitrep and /sitrep-admin in the guild, idempotently', async () => {
    const before = h.discord.commands.guilds.get(DEFAULT_GUILD_ID) ?? [];
    const result = await runDiscordRegister({ ...env(), DISCORD_GUILD_ID: DEFAULT_GUILD_ID });
    expect(result.exitCode).toBe(0);
    expect(result.output).toContain(`in guild ${DEFAULT_GUILD_ID}`);
    const after = h.discord.commands.guilds.get(DEFAULT_GUILD_ID) ?? [];
    expect(after.map((c) => c.name)).toEqual(['sitrep', 'sitrep-admin']);
    expect(after.map((c) => c.id)).toEqual(before.map((c) => c.id));
    expect(result.output).toContain('/sitrep-admin');
    expect(result.output).toContain('offered to members with Manage Server');
    expect(h.discord.commandPuts.at(-1)).toMatchObject({ guildId: DEFAULT_GUILD_ID });
  });

  it('registers globally without DISCORD_GUILD_ID', async () => {
    const result = await runDiscordRegister(env());
    expect(result).toMatchObject({ exitCode: 0 });
    expect(result.output).toContain('globally');
    expect(h.discord.commands.global.map((c) => c.name)).toEqual(['sitrep', 'sitrep-admin']);
  });

  it('explains a missing or refused token in one line', async () => {
    expect(await runDiscordRegister({})).toMatchObject({
      exitCode: 1,
      output: expect.stringContaining('DISCORD_TOKEN'),
    });
    const refused = await runDiscordRegister({ ...env(), DISCORD_TOKEN: 'wrong' });
    expect(refused).toEqual({ exitCode: 1, output: 'Discord refused DISCORD_TOKEN (401 Unauthorized).' });
  });
});
