// End to end: Discord interactions over HTTP (`POST /discord/interactions`), Ed25519-signed by the
// stand-in like Discord signs them. No gateway: the stateless mode that runs behind a load balancer.
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionInput } from '../../stand-ins/discord/fixtures.js';
import type { Json } from '../../stand-ins/discord/server.js';
import { sendSignedInteraction, signInteraction } from '../../stand-ins/discord/signing.js';
import { delayedCommand } from '../../support/delayed-command.js';
import { type Harness, sleep, startHarness } from './harness.js';

const declared = delayedCommand({
  name: 'declared-slow',
  description: 'Test: declared slow',
  delayMs: 200,
  answer: 'Declared slow, answered over HTTP.',
  slow: true,
});

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    gateway: false,
    extraCommands: [declared],
    configYaml: 'admins: [discord:555000999]\n',
  });
  await h.core.claims.syncAtStart();
});

afterAll(async () => {
  await h?.close();
});

const sign = () => ({ privateKey: h.keys.privateKey });

/** A /sitrep interaction, built as Discord would and sent signed; the interaction and the answer. */
async function sendSignedSitrep(input: Omit<InteractionInput, 'commandName'>) {
  const body = h.discord.buildInteraction({ commandName: 'sitrep', ...input });
  return { body, result: await h.discord.sendHttpInteraction(h.interactionsUrl, body, sign()) };
}

describe('interactions over HTTP', () => {
  it('answers PING with PONG', async () => {
    const result = await h.discord.sendHttpInteraction(h.interactionsUrl, { type: 1, id: '1', token: 't' }, sign());
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ type: 1 });
    expect(result.headers['content-type']).toContain('application/json');
  });

  it('answers a validly signed command in the HTTP response (type 4)', async () => {
    const { result } = await sendSignedSitrep({ subcommand: 'actor', options: [{ name: 'name', value: 'putin' }] });
    expect(result.status).toBe(200);
    const reply = result.body as { type: number; data: Json & { embeds: Json[] } };
    expect(reply.type).toBe(4);
    expect(reply.data.flags).toBe(64);
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
    expect(reply.data.embeds[0]).toMatchObject({ title: 'Vladimir Putin' });
  });

  it('refuses a forged signature, a stale timestamp and missing headers with 401', async () => {
    const body = h.discord.buildInteraction({ commandName: 'sitrep', subcommand: 'help' });
    for (const forge of [true, 'body', 'key'] as const) {
      const forged = await h.discord.sendHttpInteraction(h.interactionsUrl, body, { ...sign(), forge });
      expect(forged.status).toBe(401);
    }
    const stale = await h.discord.sendHttpInteraction(h.interactionsUrl, body, {
      ...sign(),
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(stale.status).toBe(401);
    const future = await h.discord.sendHttpInteraction(h.interactionsUrl, body, {
      ...sign(),
      timestamp: Math.floor(Date.now() / 1000) + 6 * 60,
    });
    expect(future.status).toBe(401);
    const missing = await h.discord.sendHttpInteraction(h.interactionsUrl, body, {
      ...sign(),
      omitHeader: 'signature',
    });
    expect(missing.status).toBe(401);
    const ping = await h.discord.sendHttpInteraction(h.interactionsUrl, { type: 1 }, { ...sign(), forge: true });
    expect(ping.status).toBe(401);
  });

  it('a signed body that is not an interaction, or of an unexpected shape, is refused with 400, not a 500', async () => {
    const bodies = [
      'null',
      '[]',
      '7',
      JSON.stringify({ type: 3, id: '9', token: 't', channel_id: '1', user: { id: '2' }, data: { custom_id: 5 } }),
    ];
    for (const body of bodies) {
      const result = await sendSignedInteraction(h.interactionsUrl, body, sign());
      expect(result.status, body).toBe(400);
    }
  });

  it('an oversized body is refused with 413, and the connection is closed rather than left unusable', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const post = (body: string | Buffer, headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request(h.interactionsUrl, { method: 'POST', agent, headers }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
      });
    try {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const big = await post(Buffer.alloc(2_000_000, 'a'), {
        'x-signature-ed25519': 'a'.repeat(128),
        'x-signature-timestamp': timestamp,
      });
      expect(big).toBe(413);
      const ping = JSON.stringify({ type: 1 });
      const next = await post(ping, {
        'content-type': 'application/json',
        'x-signature-ed25519': signInteraction(h.keys.privateKey, timestamp, ping),
        'x-signature-timestamp': timestamp,
      });
      expect(next).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('autocomplete answers type 8 in the response', async () => {
    const { result } = await sendSignedSitrep({
      type: 'autocomplete',
      subcommand: 'actor',
      options: [{ name: 'name', value: 'pu', focused: true }],
    });
    // Autocomplete is search-as-you-type: the best match first, nearer names after it.
    const answer = result.body as { type: number; data: { choices: Array<{ name: string; value: string }> } };
    expect(answer.type).toBe(8);
    expect(answer.data.choices[0]).toEqual({ name: 'Vladimir Putin — President of Russia', value: 'vladimir-putin' });
    expect(answer.data.choices.length).toBeLessThanOrEqual(25);
  });

  it('a slow command is deferred (type 5) and completed by PATCHing @original over REST', async () => {
    const { body, result } = await sendSignedSitrep({ subcommand: 'declared-slow' });
    expect(result.body).toEqual({ type: 5, data: { flags: 64 } });
    const edit = await h.discord.waitForOriginalEdit(String(body.token), 5000);
    expect(edit.body).toMatchObject({ content: 'Declared slow, answered over HTTP.', allowed_mentions: { parse: [] } });
    expect(h.discord.interactions.get(String(body.id))?.original).toMatchObject({ flags: 64 });
  });

  it('a full briefing split over several messages sends the rest as follow-ups', async () => {
    const { body, result } = await sendSignedSitrep({
      subcommand: 'brief',
      options: [{ name: 'tier', value: 'full' }],
    });
    expect((result.body as Json).type).toBe(4);
    await h.discord.waitFor(
      () => h.discord.followups.filter((f) => f.token === body.token).length >= 1,
      5000,
      'followups',
    );
    const followups = h.discord.followups.filter((f) => f.token === body.token);
    for (const f of followups) expect(f.body).toMatchObject({ flags: 64, allowed_mentions: { parse: [] } });
  });

  it('the process still needs no gateway: nothing connected', () => {
    expect(h.discord.identifyCount).toBe(0);
    expect(h.adapter.isConnected()).toBe(true);
  });
});

describe('a replayed signed Discord interaction (issue 11, item 4)', () => {
  it('runs once: the same signed interaction sent again is refused with 409', async () => {
    const body = h.discord.buildInteraction({
      commandName: 'sitrep',
      subcommand: 'actor',
      options: [{ name: 'name', value: 'putin' }],
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const first = await h.discord.sendHttpInteraction(h.interactionsUrl, body, { ...sign(), timestamp });
    expect(first.status).toBe(200);
    const again = await h.discord.sendHttpInteraction(h.interactionsUrl, body, { ...sign(), timestamp });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body ?? '')).not.toContain('Putin');
  });

  it('the issue’s case: a captured set re-sent after an admin reverted it does not apply again', async () => {
    const status = () => h.core.catalog.get('kim-putin-summit')?.claimById.get('kim-to-visit-russia')?.status;
    const set = (value: string) =>
      h.discord.buildInteraction({
        commandName: 'sitrep',
        subcommand: 'set',
        options: [
          { name: 'claim', value: 'kim-to-visit-russia' },
          { name: 'changes', value: `status=${value}` },
        ],
        user: { id: '555000999', username: 'admin' },
      });
    const timestamp = Math.floor(Date.now() / 1000);
    const captured = set('confirmed');
    expect((await h.discord.sendHttpInteraction(h.interactionsUrl, captured, { ...sign(), timestamp })).status).toBe(
      200,
    );
    await h.discord.waitFor(() => status() === 'confirmed', 5000, 'the set');
    await h.discord.sendHttpInteraction(h.interactionsUrl, set('reported'), sign());
    await h.discord.waitFor(() => status() === 'reported', 5000, 'the revert');
    const replayed = await h.discord.sendHttpInteraction(h.interactionsUrl, captured, { ...sign(), timestamp });
    expect(replayed.status).toBe(409);
    await sleep(300);
    expect(status()).toBe('reported');
  });
});
