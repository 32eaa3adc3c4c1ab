import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel as BoltLogLevel, verifySlackRequest } from '@slack/bolt';
import { ErrorCode, LogLevel, type WebAPIPlatformError, WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkspaces, type SlackStandIn, type SlackStandInOptions, startSlackStandIn } from './server.js';

const stands: SlackStandIn[] = [];
async function standIn(opts: SlackStandInOptions = {}): Promise<SlackStandIn> {
  const s = await startSlackStandIn(opts);
  stands.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(stands.splice(0).map((s) => s.close()));
});

function client(
  s: SlackStandIn,
  token: string | undefined = s.botToken,
  extra: Record<string, unknown> = {},
): WebClient {
  return new WebClient(token, {
    slackApiUrl: s.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
    ...extra,
  });
}

async function platformError(p: Promise<unknown>): Promise<WebAPIPlatformError> {
  const err = (await p.then(
    () => undefined,
    (e: unknown) => e,
  )) as WebAPIPlatformError | undefined;
  expect(err?.code).toBe(ErrorCode.PlatformError);
  return err as WebAPIPlatformError;
}

async function rawCall(s: SlackStandIn, method: string, init: RequestInit) {
  const res = await fetch(`${s.apiUrl}${method}`, { method: 'POST', ...init });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

describe('Slack stand-in: Web API envelope and auth', () => {
  it('answers auth.test for the bot token and rejects bad tokens the way Slack does', async () => {
    const s = await standIn();
    const res = await client(s).auth.test();
    expect(res).toMatchObject({
      ok: true,
      team_id: 'T0000TEST',
      user_id: expect.any(String),
      bot_id: expect.any(String),
    });
    expect((await platformError(client(s, 'xoxb-wrong').auth.test())).data.error).toBe('invalid_auth');
    const anonymous = new WebClient(undefined, {
      slackApiUrl: s.apiUrl,
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
    });
    expect((await platformError(anonymous.auth.test())).data.error).toBe('not_authed');
    expect((await platformError(client(s, s.appToken).chat.postMessage({ channel: 'C1', text: 'x' }))).data.error).toBe(
      'not_allowed_token_type',
    );
    expect(s.requests.map((r) => [r.method, r.ok, r.error ?? null])).toEqual([
      ['auth.test', true, null],
      ['auth.test', false, 'invalid_auth'],
      ['auth.test', false, 'not_authed'],
      ['chat.postMessage', false, 'not_allowed_token_type'],
    ]);
  });

  it('accepts chat.postMessage form-encoded (WebClient) with blocks and metadata', async () => {
    const s = await standIn();
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Update*' } }];
    const metadata = { event_type: 'sitrep_briefing', event_payload: { story: 's1', seq: 3 } };
    const res = await client(s).chat.postMessage({ channel: 'C100', text: 'Update', blocks, metadata });
    expect(res).toMatchObject({ ok: true, channel: 'C100', ts: expect.stringMatching(/^\d+\.\d{6}$/) });
    expect(res.message).toMatchObject({
      type: 'message',
      text: 'Update',
      ts: res.ts,
      bot_id: expect.any(String),
      metadata,
    });
    expect(res.message?.blocks?.[0]).toMatchObject({ type: 'section', block_id: expect.any(String) });
    expect(s.posted).toHaveLength(1);
    expect(s.posted[0]).toMatchObject({
      team: 'T0000TEST',
      channel: 'C100',
      text: 'Update',
      blocks,
      metadata,
      ts: res.ts,
    });
    expect(s.requests[0]?.contentType).toContain('application/x-www-form-urlencoded');
  });

  it('accepts JSON bodies only with a Bearer token, and warns about a missing charset', async () => {
    const s = await standIn({ postMessageBurst: 10 });
    const json = (body: unknown, headers: Record<string, string>) =>
      rawCall(s, 'chat.postMessage', {
        headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
        body: JSON.stringify(body),
      });
    const good = await json(
      { channel: 'C1', text: 'hi', metadata: { event_type: 'e', event_payload: { a: 1 } } },
      { Authorization: `Bearer ${s.botToken}` },
    );
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ ok: true, channel: 'C1', message: { text: 'hi' } });
    expect(good.body.warning).toBeUndefined();
    const tokenInBody = await json({ channel: 'C1', text: 'hi', token: s.botToken }, {});
    expect(tokenInBody.body).toEqual({ ok: false, error: 'not_authed' });
    const noCharset = await rawCall(s, 'chat.postMessage', {
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${s.botToken}` },
      body: JSON.stringify({ channel: 'C1', text: 'hi' }),
    });
    expect(noCharset.body).toMatchObject({ ok: true, warning: 'missing_charset' });
    const form = await rawCall(s, 'chat.postMessage', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: s.botToken, channel: 'C1', text: 'form' }).toString(),
    });
    expect(form.body).toMatchObject({ ok: true, channel: 'C1' });
    expect(s.posted.map((p) => p.text)).toEqual(['hi', 'hi', 'form']);
    expect(s.posted[0]?.metadata).toEqual({ event_type: 'e', event_payload: { a: 1 } });
  });

  it('validates message content like Slack (no_text, invalid_blocks, invalid_blocks_format)', async () => {
    const s = await standIn({ postMessageBurst: 10 });
    const c = client(s);
    expect((await platformError(c.chat.postMessage({ channel: 'C1', text: '' }))).data.error).toBe('no_text');
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const err = await platformError(c.chat.postMessage({ channel: 'C1', text: 'x', blocks: tooMany }));
    expect(err.data.error).toBe('invalid_blocks');
    expect((err.data as { errors?: string[] }).errors?.[0]).toContain('no more than 50 items allowed');
    const badJson = await rawCall(s, 'chat.postMessage', {
      headers: { Authorization: `Bearer ${s.botToken}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'channel=C1&text=x&blocks=%5Bnot-json',
    });
    expect(badJson.body).toEqual({ ok: false, error: 'invalid_blocks_format' });
    expect(s.posted).toHaveLength(0);
  });
});

describe('Slack stand-in: rate limits', () => {
  it('allows ~1 chat.postMessage per second per channel and answers 429 + Retry-After beyond', async () => {
    const s = await standIn();
    const c = client(s, s.botToken, { rejectRateLimitedCalls: true });
    await c.chat.postMessage({ channel: 'C1', text: 'one' });
    const err = (await c.chat.postMessage({ channel: 'C1', text: 'two' }).catch((e: unknown) => e)) as {
      code: string;
      retryAfter: number;
    };
    expect(err.code).toBe(ErrorCode.RateLimitedError);
    expect(err.retryAfter).toBe(1);
    await c.chat.postMessage({ channel: 'C2', text: 'other channel is fine' });
    const raw = await rawCall(s, 'chat.postMessage', {
      headers: { Authorization: `Bearer ${s.botToken}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'channel=C1&text=three',
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('1');
    expect(raw.body).toEqual({ ok: false, error: 'ratelimited' });
    expect(s.rateLimited).toBe(2);
    expect(s.posted.map((p) => p.text)).toEqual(['one', 'other channel is fine']);
  });

  it('lets the real WebClient wait out Retry-After and succeed', async () => {
    const s = await standIn();
    const c = client(s, s.botToken, { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    await c.chat.postMessage({ channel: 'C1', text: 'one' });
    const started = Date.now();
    const res = await c.chat.postMessage({ channel: 'C1', text: 'two' });
    expect(res.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(s.rateLimited).toBe(1);
    expect(s.posted.map((p) => p.text)).toEqual(['one', 'two']);
  });

  it('supports a configurable burst, a one-shot 429 and per-workspace method budgets', async () => {
    const s = await standIn({
      postMessageBurst: 3,
      workspaces: makeWorkspaces(2),
      methodBudgetPerMinute: { 'auth.test': 2 },
    });
    const [w1, w2] = s.workspaces;
    const c1 = client(s, w1?.botToken, { rejectRateLimitedCalls: true });
    for (const t of ['a', 'b', 'c']) await c1.chat.postMessage({ channel: 'C1', text: t });
    await expect(c1.chat.postMessage({ channel: 'C1', text: 'd' })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
    });

    s.failNextWithRateLimit(7, 'auth.test');
    await expect(c1.auth.test()).rejects.toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 7 });
    await c1.auth.test();
    await c1.auth.test();
    const over = (await c1.auth.test().catch((e: unknown) => e)) as { retryAfter: number };
    expect(over.retryAfter).toBeGreaterThan(50);
    expect(over.retryAfter).toBeLessThanOrEqual(60);
    expect((await client(s, w2?.botToken).auth.test()).team_id).toBe(w2?.teamId);
    expect(s.rateLimited).toBe(3);
  });
});

describe('Slack stand-in: per-channel behaviour and workspaces', () => {
  it('answers configured channel errors, HTTP statuses, delays and unknown channels', async () => {
    const s = await standIn({ channels: ['C1', 'C2', 'C3', 'C4'] });
    const c = client(s);
    s.setChannelError('C1', 'not_in_channel');
    expect((await platformError(c.chat.postMessage({ channel: 'C1', text: 'x' }))).data.error).toBe('not_in_channel');
    s.setChannelError('C1', 'is_archived');
    expect((await platformError(c.conversations.history({ channel: 'C1' }))).data.error).toBe('is_archived');
    s.setChannelStatus('C2', 500);
    await expect(c.chat.postMessage({ channel: 'C2', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.HTTPError,
      statusCode: 500,
    });
    s.setChannelDelay('C3', 300);
    const t0 = Date.now();
    await c.chat.postMessage({ channel: 'C3', text: 'slow' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    expect((await platformError(c.chat.postMessage({ channel: 'C999', text: 'x' }))).data.error).toBe(
      'channel_not_found',
    );
    s.clearChannel('C1');
    expect((await c.chat.postMessage({ channel: 'C1', text: 'ok now' })).ok).toBe(true);
  });

  it('maps tokens to 10 workspaces and keeps their histories apart', async () => {
    const s = await standIn({ workspaces: makeWorkspaces(10) });
    await Promise.all(
      s.workspaces.map((w, i) => client(s, w.botToken).chat.postMessage({ channel: 'CSHARED', text: `hello ${i}` })),
    );
    expect(new Set(s.posted.map((p) => p.team)).size).toBe(10);
    for (const [i, w] of s.workspaces.entries()) {
      expect((await client(s, w.botToken).auth.test()).team_id).toBe(w.teamId);
      const h = await client(s, w.botToken).conversations.history({ channel: 'CSHARED' });
      expect(h.messages?.map((m) => m.text)).toEqual([`hello ${i}`]);
    }
  });
});

describe('Slack stand-in: history, update, ephemeral', () => {
  it('returns history newest first, with metadata only when include_all_metadata, and paginates', async () => {
    const s = await standIn({ postMessageBurst: 10 });
    const c = client(s);
    const first = await c.chat.postMessage({
      channel: 'C1',
      text: 'm1',
      metadata: { event_type: 'brief', event_payload: { n: 1 } },
    });
    await c.chat.postMessage({ channel: 'C1', text: 'm2' });
    await c.chat.postMessage({ channel: 'C1', text: 'm3' });
    const plain = await c.conversations.history({ channel: 'C1' });
    expect(plain.messages?.map((m) => m.text)).toEqual(['m3', 'm2', 'm1']);
    expect(plain.messages?.some((m) => 'metadata' in m)).toBe(false);
    expect(plain.has_more).toBe(false);
    const withMeta = await c.conversations.history({ channel: 'C1', include_all_metadata: true });
    expect(withMeta.messages?.[2]?.metadata).toEqual({ event_type: 'brief', event_payload: { n: 1 } });
    const page1 = await c.conversations.history({ channel: 'C1', limit: 2 });
    expect(page1.messages?.map((m) => m.text)).toEqual(['m3', 'm2']);
    expect(page1.has_more).toBe(true);
    const cursor = page1.response_metadata?.next_cursor;
    expect(cursor).toBeTruthy();
    const page2 = await c.conversations.history({ channel: 'C1', limit: 2, cursor });
    expect(page2.messages?.map((m) => m.text)).toEqual(['m1']);
    const newer = await c.conversations.history({ channel: 'C1', oldest: first.ts });
    expect(newer.messages?.map((m) => m.text)).toEqual(['m3', 'm2']);
    const incl = await c.conversations.history({ channel: 'C1', oldest: first.ts, inclusive: true });
    expect(incl.messages).toHaveLength(3);
  });

  it('updates messages with chat.update and sends ephemerals that stay out of history', async () => {
    const s = await standIn({ workspaces: makeWorkspaces(2) });
    const [w1, w2] = s.workspaces;
    const c = client(s, w1?.botToken);
    const posted = await c.chat.postMessage({ channel: 'C1', text: 'draft' });
    const upd = await c.chat.update({ channel: 'C1', ts: posted.ts as string, text: 'final' });
    expect(upd).toMatchObject({ ok: true, channel: 'C1', ts: posted.ts, text: 'final' });
    expect(s.updates).toHaveLength(1);
    const h = await c.conversations.history({ channel: 'C1' });
    expect(h.messages?.[0]).toMatchObject({ text: 'final', edited: { user: w1?.botUserId } });
    expect((await platformError(c.chat.update({ channel: 'C1', ts: '1.000001', text: 'x' }))).data.error).toBe(
      'message_not_found',
    );
    expect(
      (await platformError(client(s, w2?.botToken).chat.update({ channel: 'C1', ts: posted.ts as string, text: 'x' })))
        .data.error,
    ).toBe('message_not_found');
    const eph = await c.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'only you' });
    expect(eph.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(s.ephemerals[0]).toMatchObject({ channel: 'C1', user: 'U1', text: 'only you' });
    expect((await c.conversations.history({ channel: 'C1' })).messages).toHaveLength(1);
  });
});

describe('Slack stand-in: signed HTTP delivery to a real Bolt app', () => {
  const signingSecret = 'test-signing-secret';
  let boltServer: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((r) => (boltServer ? boltServer.close(() => r()) : r()));
    boltServer = undefined;
  });

  async function boltApp(s: SlackStandIn) {
    const app = new App({
      signingSecret,
      token: s.botToken,
      deferInitialization: true,
      logLevel: BoltLogLevel.ERROR,
      clientOptions: { slackApiUrl: s.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/sitrep', async ({ command, ack, respond }) => {
      await ack({ text: `working on ${command.text}` });
      await respond({ text: 'done', response_type: 'in_channel' });
    });
    app.action('approve', async ({ ack, respond }) => {
      await ack();
      await respond({ text: 'approved', replace_original: true });
    });
    await app.init();
    boltServer = (await app.start(0)) as Server;
    return `http://127.0.0.1:${(boltServer.address() as AddressInfo).port}/slack/events`;
  }

  it('signs slash commands so that Bolt accepts them, and captures the response_url reply', async () => {
    const s = await standIn();
    const url = await boltApp(s);
    expect(s.requests[0]).toMatchObject({ method: 'auth.test', ok: true });
    const res = await s.sendSlashCommand({ url, signingSecret, text: 'flood', channelId: 'C42', userId: 'U7' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ text: 'working on flood' });
    const sent = new URLSearchParams(res.sentBody);
    expect([...sent.keys()]).toEqual(
      expect.arrayContaining([
        'token',
        'team_id',
        'team_domain',
        'channel_id',
        'channel_name',
        'user_id',
        'user_name',
        'command',
        'text',
        'response_url',
        'trigger_id',
        'api_app_id',
      ]),
    );
    expect(sent.get('response_url')).toBe(res.responseUrl);
    const reply = await s.waitForResponse(res.responseId, 3000, 'response_url');
    expect(reply).toMatchObject({ text: 'done', response_type: 'in_channel' });
    expect(s.responses.find((r) => r.source === 'http_ack')?.text).toBe('working on flood');
    expect(s.history('C42').map((m) => m.text)).toEqual(['done']);
  });

  it('produces signatures Bolt rejects when forged or stale', async () => {
    const s = await standIn();
    const url = await boltApp(s);
    expect((await s.sendSlashCommand({ url, signingSecret, text: 'x', forgeSignature: true })).status).toBe(401);
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    expect((await s.sendSlashCommand({ url, signingSecret, text: 'x', timestampOverride: tenMinutesAgo })).status).toBe(
      401,
    );
    const res = await s.sendSlashCommand({ url, signingSecret, text: 'ok' });
    expect(res.status).toBe(200);
    const headers = {
      'x-slack-request-timestamp': Number(res.sentHeaders['X-Slack-Request-Timestamp']),
      'x-slack-signature': res.sentHeaders['X-Slack-Signature'] ?? '',
    };
    expect(headers['x-slack-signature']).toMatch(/^v0=[0-9a-f]{64}$/);
    expect(() => verifySlackRequest({ signingSecret, body: res.sentBody, headers })).not.toThrow();
    expect(() => verifySlackRequest({ signingSecret: 'other', body: res.sentBody, headers })).toThrow(
      /signature mismatch/,
    );
    await s.waitForResponse(res.responseId, 3000, 'response_url'); // let the listener finish before closing
  });

  it('delivers block_actions with the original message and applies replace_original', async () => {
    const s = await standIn();
    const url = await boltApp(s);
    const blocks = [
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: 'approve', text: { type: 'plain_text', text: 'OK' } }],
      },
    ];
    const posted = await client(s).chat.postMessage({ channel: 'C5', text: 'approve?', blocks });
    const res = await s.sendBlockAction({
      url,
      signingSecret,
      actionId: 'approve',
      value: 'v1',
      channelId: 'C5',
      messageTs: posted.ts as string,
    });
    expect(res.status).toBe(200);
    const payload = JSON.parse(new URLSearchParams(res.sentBody).get('payload') ?? '{}') as Record<string, unknown>;
    expect(payload).toMatchObject({
      type: 'block_actions',
      actions: [{ action_id: 'approve', value: 'v1' }],
      message: { ts: posted.ts },
    });
    await s.waitForResponse(res.responseId, 3000, 'response_url');
    expect(s.history('C5')[0]).toMatchObject({ text: 'approved', edited: expect.any(Object) });
  });

  it('enforces response_url limits (5 uses, JSON body, known id)', async () => {
    const s = await standIn();
    const url = await boltApp(s);
    const res = await s.sendSlashCommand({ url, signingSecret, text: 'x' });
    await s.waitForResponse(res.responseId, 3000, 'response_url');
    const post = (body: string, target = res.responseUrl) =>
      fetch(target, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect((await post('not json')).status).toBe(400);
    expect(await (await post(JSON.stringify({}))).json()).toEqual({ ok: false, error: 'no_text' });
    for (let i = 0; i < 4; i++) expect((await post(JSON.stringify({ text: `r${i}` }))).status).toBe(200);
    const sixth = await post(JSON.stringify({ text: 'too many' }));
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toEqual({ ok: false, error: 'used_url' });
    expect(
      (
        await post(
          JSON.stringify({ text: 'x' }),
          `${s.baseUrl}/commands/T0000TEST/00000000-0000-0000-0000-000000000000`,
        )
      ).status,
    ).toBe(404);
  });
});
