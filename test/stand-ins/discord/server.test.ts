// Proves the Discord stand-in works with the real discord.js Client and @discordjs/rest.

import { createPublicKey, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInflate, constants as zlibConstants } from 'node:zlib';
import { DiscordAPIError, REST } from '@discordjs/rest';
import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import { Routes } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type DiscordStandIn, generateInteractionKeyPair, startDiscordStandIn } from './server.js';

const CHANNEL = '1200000000000000001';

let discord: DiscordStandIn;
let client: Client;
const handled: string[] = [];

async function onInteraction(interaction: Interaction): Promise<void> {
  if (interaction.isAutocomplete()) {
    const focused = interaction.options.getFocused();
    await interaction.respond([{ name: `story: ${focused}`, value: `${focused}-1` }]);
    handled.push(`autocomplete:${focused}`);
    return;
  }
  if (!interaction.isChatInputCommand() || interaction.commandName === 'manual') return;
  const group = interaction.options.getSubcommandGroup(false);
  handled.push(
    `${interaction.commandName}:${group ? `${group}/` : ''}${interaction.options.getSubcommand(false) ?? ''}`,
  );
  if (interaction.options.getSubcommand(false) === 'later') {
    await interaction.deferReply({ flags: 64 });
    await interaction.editReply({ content: `briefing for ${interaction.options.getString('story')}` });
    return;
  }
  if (interaction.commandName === 'receipt') {
    const response = await interaction.reply({ content: 'with receipt', withResponse: true });
    handled.push(`receipt-message:${response.resource?.message?.content}`);
    return;
  }
  await interaction.reply({ content: 'pong', allowedMentions: { parse: [] } });
}

beforeAll(async () => {
  discord = await startDiscordStandIn({ heartbeatIntervalMs: 1000 });
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
  client.on(Events.InteractionCreate, (i) => {
    onInteraction(i).catch((err) => handled.push(`error:${String(err)}`));
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(discord.token);
  await ready;
}, 15_000);

afterAll(async () => {
  await client?.destroy();
  await discord?.close();
});

describe('gateway + discord.js Client', () => {
  it('logs in and becomes ready', async () => {
    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(discord.botApiUser.id);
    expect(client.application?.id).toBe(discord.applicationId);
    expect(discord.identifyCount).toBe(1);
    expect(discord.gateway.connections[0]?.query).toMatchObject({ v: '10', encoding: 'json' });
    await discord.waitForHeartbeats(1, 3000);
  });

  it('registers commands idempotently via bulk overwrite', async () => {
    const body = [
      {
        name: 'brief',
        description: 'Briefings',
        options: [
          { type: 1, name: 'now', description: 'Now' },
          {
            type: 1,
            name: 'later',
            description: 'Later',
            options: [{ type: 3, name: 'story', description: 's', autocomplete: true }],
          },
        ],
      },
      { name: 'ping', description: 'Ping' },
    ];
    const first = await client.application!.commands.set(body as never);
    const second = await client.application!.commands.set(body as never);
    expect([...first.keys()].sort()).toEqual([...second.keys()].sort());
    expect(discord.commands.global.map((c) => c.name)).toEqual(['brief', 'ping']);
    await expect(
      client.application!.commands.set([{ name: 'Bad Name', description: 'x' }] as never),
    ).rejects.toMatchObject({
      code: 50035,
    });
  });

  it('delivers INTERACTION_CREATE and records interaction.reply() as a callback', async () => {
    const sent = discord.sendInteraction({ commandName: 'ping' });
    const cb = await sent.callback();
    expect(cb.type).toBe(4);
    expect(cb.data).toMatchObject({ content: 'pong', allowed_mentions: { parse: [] } });
    expect(sent.payload.data).toMatchObject({ id: discord.commands.global.find((c) => c.name === 'ping')?.id });
    expect(handled).toContain('ping:');
  });

  it('records deferReply + editReply as type 5 and a PATCH of @original', async () => {
    const sent = discord.sendInteraction({
      commandName: 'brief',
      subcommand: 'later',
      options: [{ name: 'story', value: 'flood' }],
    });
    const cb = await sent.callback();
    expect(cb.type).toBe(5);
    expect(cb.data).toMatchObject({ flags: 64 });
    const edit = await sent.originalEdit();
    expect(edit.body).toMatchObject({ content: 'briefing for flood' });
    expect(discord.interactions.get(sent.id)?.original).toMatchObject({ content: 'briefing for flood', flags: 64 });
  });

  it('returns an interaction callback response when with_response=true', async () => {
    const sent = discord.sendInteraction({ commandName: 'receipt' });
    await sent.callback();
    await discord.waitFor(() => handled.find((h) => h.startsWith('receipt-message:')), 3000, 'receipt');
    expect(handled).toContain('receipt-message:with receipt');
  });

  it('delivers subcommand groups with typed options', async () => {
    const sent = discord.sendInteraction({
      commandName: 'brief',
      group: 'region',
      subcommand: 'now',
      options: [{ name: 'count', value: 3 }],
      guildId: null,
    });
    expect((await sent.callback()).type).toBe(4);
    expect(handled).toContain('brief:region/now');
    expect(sent.payload).toMatchObject({ context: 1, user: { id: expect.any(String) } });
  });

  it('records autocomplete respond() as type 8', async () => {
    const sent = discord.sendInteraction({
      type: 'autocomplete',
      commandName: 'brief',
      subcommand: 'later',
      options: [{ name: 'story', value: 'flo', focused: true }],
    });
    const cb = await sent.callback();
    expect(cb.type).toBe(8);
    expect(cb.data).toEqual({ choices: [{ name: 'story: flo', value: 'flo-1' }] });
  });

  it('resumes after dropConnection() and replays what was missed', async () => {
    await discord.dropConnection(); // 4000: resumable
    const missed = discord.sendInteraction({ commandName: 'ping' }); // dispatched while disconnected
    await discord.waitForResume(1, 8000);
    expect((await missed.callback(8000)).type).toBe(4);
    expect(discord.gateway.resumes.at(-1)).toMatchObject({ ok: true, replayed: 1 });
    expect(discord.gateway.connections.at(-1)?.path).toBe('/gateway-resume');

    await discord.dropConnection({ terminate: true }); // abnormal close (1006)
    await discord.waitForResume(2, 8000);
    const later = discord.sendInteraction({ commandName: 'brief', subcommand: 'now' });
    expect((await later.callback(5000)).type).toBe(4);
    expect(discord.identifyCount).toBe(1);
  }, 20_000);
});

describe('REST', () => {
  const rest = () => new REST({ api: discord.apiUrl, retries: 1 }).setToken(discord.token);

  it('retries a one-shot 429 on POST /channels/:id/messages and records the message once', async () => {
    discord.failNextWithRateLimit({ retryAfter: 0.2, match: { method: 'POST', path: '/messages' } });
    const before = discord.rateLimitedCount;
    const msg = (await rest().post(Routes.channelMessages(CHANNEL), {
      body: { content: 'first', nonce: 'n-429', enforce_nonce: true, allowed_mentions: { parse: [] } },
    })) as { id: string; nonce: string };
    expect(discord.rateLimitedCount).toBe(before + 1);
    expect(discord.messagesIn(CHANNEL)).toHaveLength(1);
    expect(discord.messagesIn(CHANNEL)[0]).toMatchObject({
      id: msg.id,
      nonce: 'n-429',
      allowed_mentions: { parse: [] },
    });
    const posts = discord.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/${CHANNEL}/messages`));
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
  });

  it('returns the existing message for a duplicate nonce with enforce_nonce', async () => {
    const r = rest();
    const body = { content: 'dup', nonce: 'n-dup', enforce_nonce: true };
    const a = (await r.post(Routes.channelMessages(CHANNEL), { body })) as { id: string };
    const b = (await r.post(Routes.channelMessages(CHANNEL), { body })) as { id: string };
    const c = (await r.post(Routes.channelMessages(CHANNEL), { body: { content: 'dup', nonce: 'n-dup' } })) as {
      id: string;
    };
    expect(b.id).toBe(a.id);
    expect(c.id).not.toBe(a.id);
    expect(discord.messagesIn(CHANNEL).filter((m) => m.nonce === 'n-dup')).toHaveLength(2);
    const listed = (await r.get(Routes.channelMessages(CHANNEL))) as Array<{ id: string }>;
    expect(listed[0]?.id).toBe(c.id);
  });

  it('enforces auth, channel errors and per-channel buckets with Discord headers', async () => {
    const url = `${discord.apiUrl}/v10/channels/1200000000000000002/messages`;
    const post = (auth: string) =>
      fetch(url, {
        method: 'POST',
        headers: { Authorization: auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ content: 'x' }),
      });
    const unauth = await post('Bot wrong');
    expect(unauth.status).toBe(401);
    expect(unauth.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{32}$/);
    expect(await unauth.json()).toEqual({ message: '401: Unauthorized', code: 0 });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await post(`Bot ${discord.token}`);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(last!.headers.get('x-ratelimit-limit')).toBe('5');
    expect(last!.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(last!.headers.get('x-ratelimit-scope')).toBe('user');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await last!.json()).toMatchObject({ message: 'You are being rate limited.', global: false });

    discord.setChannelError('1200000000000000003', 'missing_access');
    await expect(
      rest().post(Routes.channelMessages('1200000000000000003'), { body: { content: 'x' } }),
    ).rejects.toSatisfy((e: unknown) => e instanceof DiscordAPIError && e.code === 50001 && e.status === 403);
  });
});

describe('message components, checked like Discord', () => {
  const rest = () => new REST({ api: discord.apiUrl, retries: 0 }).setToken(discord.token);
  const select = (options: number, extra: object = {}) => ({
    type: 3,
    custom_id: 'sitrep:actor {choice}',
    placeholder: 'Which?',
    options: Array.from({ length: options }, (_, i) => ({ label: `Person ${i}`, value: `p-${i}` })),
    ...extra,
  });
  const post = (components: unknown[]) =>
    rest().post(Routes.channelMessages('1200000000000000004'), { body: { content: 'pick', components } });
  const refused = (e: unknown) => e instanceof DiscordAPIError && e.code === 50035 && e.status === 400;

  it('accepts a string select alone on its row, and a row of buttons below it', async () => {
    const button = { type: 2, style: 2, label: 'Share', custom_id: 'sitrep:actor x share' };
    await expect(
      post([
        { type: 1, components: [select(3)] },
        { type: 1, components: [button] },
      ]),
    ).resolves.toBeTruthy();
  });

  it('refuses a select beside a button, 26 options, a long value, a repeated custom_id', async () => {
    const button = { type: 2, style: 2, label: 'Share', custom_id: 'sitrep:x' };
    await expect(post([{ type: 1, components: [select(2), button] }])).rejects.toSatisfy(refused);
    await expect(post([{ type: 1, components: [select(26)] }])).rejects.toSatisfy(refused);
    const long = select(1, { options: [{ label: 'A', value: 'v'.repeat(101) }] });
    await expect(post([{ type: 1, components: [long] }])).rejects.toSatisfy(refused);
    await expect(
      post([
        { type: 1, components: [select(2)] },
        { type: 1, components: [select(2)] },
      ]),
    ).rejects.toSatisfy(refused);
  });
});

describe('interaction callbacks, faults and global limits', () => {
  it('answers callbacks 204 without a content type, and 40060 on a second ack', async () => {
    const sent = discord.sendInteraction({ commandName: 'manual' });
    const url = `${discord.apiUrl}/v10/interactions/${sent.id}/${sent.token}/callback`;
    const post = () =>
      fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 4, data: { content: 'by hand' } }),
      });
    const first = await post();
    expect(first.status).toBe(204);
    expect(first.headers.get('content-type')).toBeNull();
    expect(await first.text()).toBe('');
    const second = await post();
    expect(second.status).toBe(400);
    expect(await second.json()).toEqual({ message: 'Interaction has already been acknowledged.', code: 40060 });
    const original = await fetch(
      `${discord.apiUrl}/v10/webhooks/${discord.applicationId}/${sent.token}/messages/@original`,
    );
    expect(await original.json()).toMatchObject({ content: 'by hand', type: 20 });
  });

  it('injects channel errors, statuses and delays', async () => {
    const r = new REST({ api: discord.apiUrl, retries: 0 }).setToken(discord.token);
    const send = (ch: string) => r.post(Routes.channelMessages(ch), { body: { content: 'x' } });
    discord.setChannelError('1300000000000000001', 'unknown_channel');
    discord.setChannelError('1300000000000000002', 'missing_permissions');
    await expect(send('1300000000000000001')).rejects.toMatchObject({ status: 404, code: 10003 });
    await expect(send('1300000000000000002')).rejects.toMatchObject({ status: 403, code: 50013 });
    discord.setChannelStatus('1300000000000000003', 500, 1);
    await expect(send('1300000000000000003')).rejects.toMatchObject({ status: 500 });
    discord.setChannelDelay('1300000000000000003', 150);
    const started = Date.now();
    await send('1300000000000000003');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(discord.messagesIn('1300000000000000003')).toHaveLength(1);
  });

  it('applies a global limit and one-shot global 429s with the global headers', async () => {
    const small = await startDiscordStandIn({ globalLimitPerSecond: 3 });
    try {
      const get = () => fetch(`${small.apiUrl}/v10/users/@me`, { headers: { Authorization: `Bot ${small.token}` } });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await get()).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      small.resetRecords();
      small.failNextWithRateLimit({ retryAfter: 1.5, global: true });
      const res = await get();
      expect(res.status).toBe(429);
      expect(res.headers.get('x-ratelimit-global')).toBe('true');
      expect(res.headers.get('x-ratelimit-scope')).toBe('global');
      expect(res.headers.get('retry-after')).toBe('2');
      expect(await res.json()).toEqual({ message: 'You are being rate limited.', retry_after: 1.5, global: true });
      expect(small.rateLimited).toMatchObject([{ global: true, oneShot: true }]);
    } finally {
      await small.close();
    }
  });
});

describe('HTTP interactions and compression', () => {
  let app: Server;
  afterAll(() => app?.close());

  it('signs HTTP interactions with Ed25519 like Discord', async () => {
    const keys = generateInteractionKeyPair();
    const pub = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(keys.publicKeyHex, 'hex').toString('base64url') },
      format: 'jwk',
    });
    app = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const sig = String(req.headers['x-signature-ed25519']);
        const ts = String(req.headers['x-signature-timestamp']);
        const good = verify(null, Buffer.from(ts + raw), pub, Buffer.from(sig, 'hex'));
        if (!good) return void res.writeHead(401).end('invalid request signature');
        res
          .writeHead(200, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ type: 4, data: { content: 'ok' } }));
      });
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/interactions`;
    const body = discord.buildInteraction({ commandName: 'ping' });
    const good = await discord.sendHttpInteraction(url, body, { privateKey: keys.privateKey });
    expect(good).toMatchObject({ status: 200, body: { type: 4 } });
    expect((await discord.waitForCallback(String(body.id))).via).toBe('http');
    const forged = await discord.sendHttpInteraction(url, body, { privateKey: keys.privateKey, forge: true });
    expect(forged.status).toBe(401);
  });

  it('serves zlib-stream compressed gateway payloads when asked', async () => {
    const ws = new WebSocket(`${discord.gatewayUrl}?v=10&encoding=json&compress=zlib-stream`);
    const inflate = createInflate({ flush: zlibConstants.Z_SYNC_FLUSH });
    const hello = await new Promise<{ op: number; d: { heartbeat_interval: number } }>((resolve, reject) => {
      inflate.on('data', (c: Buffer) => resolve(JSON.parse(c.toString())));
      ws.on('message', (data) => inflate.write(data as Buffer));
      ws.on('error', reject);
    });
    expect(hello).toMatchObject({ op: 10, d: { heartbeat_interval: 1000 } });
    ws.terminate();
  });
});
