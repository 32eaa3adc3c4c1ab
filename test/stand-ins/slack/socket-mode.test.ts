import { App, LogLevel as BoltLogLevel } from '@slack/bolt';
import { LogLevel, SocketModeClient } from '@slack/socket-mode';
import { ErrorCode, WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type SlackStandIn, type SlackStandInOptions, startSlackStandIn } from './server.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function standIn(opts: SlackStandInOptions = {}): Promise<SlackStandIn> {
  const s = await startSlackStandIn(opts);
  cleanups.push(() => s.close());
  return s;
}

function webClient(s: SlackStandIn, token: string): WebClient {
  return new WebClient(token, { slackApiUrl: s.apiUrl, retryConfig: { retries: 0 } });
}

/** Opens a raw WebSocket and collects its JSON messages. */
async function rawSocket(url: string) {
  const ws = new WebSocket(url);
  const messages: Array<Record<string, unknown>> = [];
  let pings = 0;
  ws.on('message', (d) => messages.push(JSON.parse(d.toString()) as Record<string, unknown>));
  ws.on('ping', () => {
    pings += 1;
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  cleanups.push(async () => ws.terminate());
  return { ws, messages, pings: () => pings };
}

async function until<T>(probe: () => T | undefined, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('Slack stand-in: apps.connections.open', () => {
  it('requires the app-level token in the Authorization header', async () => {
    const s = await standIn();
    const res = await webClient(s, s.appToken).apps.connections.open();
    expect(res.ok).toBe(true);
    expect(res.url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${s.port}/link/\\?ticket=[0-9a-f-]+&app_id=A0000TEST$`));
    await expect(webClient(s, s.botToken).apps.connections.open()).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { error: 'not_allowed_token_type' },
    });
    await expect(webClient(s, 'xapp-wrong').apps.connections.open()).rejects.toMatchObject({
      data: { error: 'invalid_auth' },
    });
    const inBody = await fetch(`${s.apiUrl}apps.connections.open`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `token=${s.appToken}`,
    });
    expect(await inBody.json()).toEqual({ ok: false, error: 'invalid_auth' });
  });
});

describe('Slack stand-in: Socket Mode protocol (raw WebSocket)', () => {
  it('sends hello, delivers envelopes, takes acks, pings, and refuses reused tickets', async () => {
    const s = await standIn({ socketPingIntervalMs: 50 });
    const { url } = await webClient(s, s.appToken).apps.connections.open();
    const sock = await rawSocket(url as string);
    const hello = await until(() => sock.messages[0]);
    expect(hello).toEqual({
      type: 'hello',
      num_connections: 1,
      debug_info: {
        host: expect.any(String),
        build_number: expect.any(Number),
        approximate_connection_time: expect.any(Number),
      },
      connection_info: { app_id: 'A0000TEST' },
    });
    const acked = s.socketSlashCommand({ text: 'flood', channelId: 'C9', userId: 'U9' });
    const env = await until(() => sock.messages[1]);
    expect(env).toMatchObject({
      envelope_id: expect.any(String),
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        command: '/sitrep',
        text: 'flood',
        channel_id: 'C9',
        user_id: 'U9',
        team_id: 'T0000TEST',
        api_app_id: 'A0000TEST',
      },
    });
    expect((env.payload as Record<string, unknown>).response_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/commands\//);
    sock.ws.send(JSON.stringify({ envelope_id: env.envelope_id, payload: { text: 'ack text' } }));
    const ack = await acked;
    expect(ack).toMatchObject({ envelope_id: env.envelope_id, payload: { text: 'ack text' }, connectionId: 1 });
    expect(s.responses.find((r) => r.responseId === ack.responseId)).toMatchObject({
      source: 'socket_ack',
      text: 'ack text',
    });
    await until(() => (sock.pings() > 0 ? true : undefined));

    const reuse = new WebSocket(url as string);
    reuse.on('error', () => undefined);
    const status = await new Promise<number>((resolve) =>
      reuse.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    reuse.terminate();
    expect(status).toBe(401);
  });

  it('rejects when an envelope is not acknowledged in time, and limits concurrent connections', async () => {
    const s = await standIn({ maxSocketConnections: 1 });
    const first = await rawSocket((await webClient(s, s.appToken).apps.connections.open()).url as string);
    await until(() => first.messages[0]);
    await expect(s.socketSlashCommand({ text: 'x', timeoutMs: 100 })).rejects.toThrow(/not acknowledged within 100 ms/);
    const second = await rawSocket((await webClient(s, s.appToken).apps.connections.open()).url as string);
    expect(await until(() => second.messages[0])).toMatchObject({ type: 'disconnect', reason: 'too_many_websockets' });
    expect(s.openSocketCount).toBe(1);
  });
});

describe('Slack stand-in: real @slack/socket-mode client', () => {
  it('connects, acks envelopes, and reconnects after disconnect(refresh_requested)', async () => {
    const s = await standIn({ disconnectGraceMs: 5000 });
    const client = new SocketModeClient({
      appToken: s.appToken,
      logLevel: LogLevel.ERROR,
      clientPingTimeout: 1000,
      clientOptions: { slackApiUrl: s.apiUrl },
    });
    cleanups.push(async () => {
      await client.disconnect();
      await s.waitFor(() => s.openSocketCount === 0);
    });
    client.on(
      'slash_commands',
      async ({ ack, body }: { ack: (r?: Record<string, unknown>) => Promise<void>; body: { text: string } }) => {
        await ack({ text: `got ${body.text}` });
      },
    );
    client.on('interactive', async ({ ack }: { ack: () => Promise<void> }) => {
      await ack();
    });
    client.on('app_mention', async ({ ack }: { ack: () => Promise<void> }) => {
      await ack();
    });
    await client.start();
    expect(s.openSocketCount).toBe(1);

    const ack = await s.socketSlashCommand({ text: 'quake' });
    expect(ack.payload).toEqual({ text: 'got quake' });
    const interactive = await s.socketBlockAction({ actionId: 'approve', value: '1' });
    expect(interactive.payload).toEqual({});
    const event = await s.socketEvent({ type: 'app_mention', text: '<@U0BOT0001> hi', user: 'U1', channel: 'C1' });
    expect(event.envelope_id).toEqual(expect.any(String));

    const reconnected = new Promise<void>((resolve) => client.once('connected', () => resolve()));
    expect(s.disconnectSockets('refresh_requested')).toEqual([1]);
    await reconnected;
    await s.waitForSocketConnections(1);
    expect(s.socketConnections.map((c) => [c.id, c.open])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(s.requests.filter((r) => r.method === 'apps.connections.open')).toHaveLength(2);
    expect((await s.socketSlashCommand({ text: 'again' })).payload).toEqual({ text: 'got again' });
  });

  it('drives a Bolt socket-mode app: command ack payload and respond() via response_url', async () => {
    const s = await standIn();
    const app = new App({
      token: s.botToken,
      appToken: s.appToken,
      socketMode: true,
      deferInitialization: true,
      logLevel: BoltLogLevel.ERROR,
      clientOptions: { slackApiUrl: s.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/sitrep', async ({ ack, respond, command }) => {
      await ack({ text: `on it: ${command.text}` });
      await respond({ text: 'briefing ready', response_type: 'ephemeral' });
    });
    await app.init();
    await app.start();
    cleanups.push(async () => {
      await app.stop();
      await s.waitFor(() => s.openSocketCount === 0); // let the close handshake finish before s.close()
    });
    const ack = await s.socketSlashCommand({ text: 'storm', channelId: 'C3' });
    expect(ack.payload).toEqual({ text: 'on it: storm' });
    const reply = await s.waitForResponse(ack.responseId, 3000, 'response_url');
    expect(reply).toMatchObject({ text: 'briefing ready', response_type: 'ephemeral' });
    expect(s.history('C3')).toHaveLength(0);
  });
});
