// The real bot process (`node bin/sitrep.js start`, as `npm start` runs it) with Slack and Discord
// enabled together, against the Slack and Discord stand-ins: one process, one port, both platforms.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DiscordStandIn,
  generateInteractionKeyPair,
  type InteractionKeyPair,
  type Json,
  startDiscordStandIn,
} from '../stand-ins/discord/server.js';
import { type SlackStandIn, startSlackStandIn } from '../stand-ins/slack/server.js';
import { type BotProcess, standInEnv, startBotProcess, stopAllBotProcesses } from './bot-process.js';

const SIGNING_SECRET = 'process-test-signing-secret-0123456789';
const METRICS_TOKEN = 'process-test-metrics-token-0123456789';
const STACK_FRAME = /^\s+at .+[(:]\d+/m;

/** Every string in a JSON value (block texts, embed fields…), joined. */
function allText(value: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return out.join('\n');
}

// Slack half-configured (no signing secret), Discord with a malformed application id (and so
// enabled, without a token). Started at once, alongside the bot below: start-up is most of the time.
let brokenStart: Promise<BotProcess>;
beforeAll(() => {
  brokenStart = startBotProcess({
    waitForReady: false,
    env: {
      SLACK_BOT_TOKEN: 'xoxb-process-test',
      DISCORD_APPLICATION_ID: 'not-a-number',
      // Were it to start after all, it would reach nothing real and write nothing in the repository.
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
      DATABASE_URL: `file:${path.join(tmpdir(), 'sitrep-broken-env-never-opened.db')}`,
    },
  });
});

afterAll(stopAllBotProcesses);

describe('one bot process serving Slack and Discord together', () => {
  let slack: SlackStandIn;
  let discord: DiscordStandIn;
  let keys: InteractionKeyPair;
  let dir: string;
  let bot: BotProcess;

  beforeAll(async () => {
    keys = generateInteractionKeyPair();
    [slack, discord] = await Promise.all([
      startSlackStandIn(),
      startDiscordStandIn({ heartbeatIntervalMs: 1000, publicKeyHex: keys.publicKeyHex }),
    ]);
    dir = await mkdtemp(path.join(tmpdir(), 'sitrep-process-'));
    await mkdir(path.join(dir, 'config'));
    bot = await startBotProcess({
      env: {
        ...standInEnv(slack, discord, SIGNING_SECRET, keys.publicKeyHex),
        METRICS_TOKEN,
        DATABASE_URL: `file:${path.join(dir, 'sitrep.db')}`,
        BRIEFINGS_DIR: 'briefings',
        CONFIG_DIR: path.join(dir, 'config'),
      },
    });
  });

  afterAll(async () => {
    await bot?.stop();
    await Promise.all([slack?.close(), discord?.close()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('logs that it started, on the port it listens on, with both platforms', () => {
    const started = bot.logs.find((l) => l.msg === 'sitrep started');
    expect(started).toMatchObject({ port: bot.port, platforms: ['slack', 'discord'] });
    expect(bot.port).toBeGreaterThan(0);
    // Secrets never reach the log.
    for (const secret of [SIGNING_SECRET, METRICS_TOKEN, discord.token, slack.botToken])
      expect(bot.stderr).not.toContain(secret);
  });

  it("answers a signed Slack /sitrep actor putin with Putin's card", async () => {
    const res = await slack.sendSlashCommand({
      url: `${bot.url}/slack/events`,
      signingSecret: SIGNING_SECRET,
      text: 'actor putin',
    });
    expect(res.status).toBe(200);
    const ack = JSON.parse(res.body) as { text: string; blocks: unknown[]; response_type: string };
    expect(ack.text).toBe('Vladimir Putin: President of Russia');
    expect(ack.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Vladimir Putin' } });
    expect(allText(ack.blocks)).toContain('Claims involving Vladimir Putin');

    const forged = await slack.sendSlashCommand({
      url: `${bot.url}/slack/events`,
      signingSecret: SIGNING_SECRET,
      text: 'actor putin',
      forgeSignature: true,
    });
    expect(forged.status).toBe(401);
  });

  it('answers a Discord gateway interaction /sitrep actor name:putin with an embed', async () => {
    const sent = discord.sendInteraction({
      commandName: 'sitrep',
      subcommand: 'actor',
      options: [{ name: 'name', value: 'putin' }],
    });
    const callback = await sent.callback(5000);
    expect(callback.type).toBe(4);
    const data = callback.data as Json & { embeds: Json[] };
    expect(data.embeds[0]).toMatchObject({ title: 'Vladimir Putin' });
    expect(allText(data.embeds)).toContain('President of Russia');
  });

  it('answers a signed Discord HTTP interaction and refuses a forged one with 401', async () => {
    const body = discord.buildInteraction({
      commandName: 'sitrep',
      subcommand: 'actor',
      options: [{ name: 'name', value: 'putin' }],
    });
    const url = `${bot.url}/discord/interactions`;
    const answered = await discord.sendHttpInteraction(url, body, { privateKey: keys.privateKey });
    expect(answered.status).toBe(200);
    const reply = answered.body as { type: number; data: Json & { embeds: Json[] } };
    expect(reply.type).toBe(4);
    expect(reply.data.embeds[0]).toMatchObject({ title: 'Vladimir Putin' });

    const ping = await discord.sendHttpInteraction(
      url,
      { type: 1, id: '1', token: 't' },
      { privateKey: keys.privateKey },
    );
    expect(ping).toMatchObject({ status: 200, body: { type: 1 } });

    const forgedBody = discord.buildInteraction({ commandName: 'sitrep', subcommand: 'help' });
    const forged = await discord.sendHttpInteraction(url, forgedBody, { privateKey: keys.privateKey, forge: true });
    expect(forged.status).toBe(401);
    expect(forged.rawBody).not.toContain('sitrep');
  });

  it('GET /healthz is 200 with the store and both platforms ok', async () => {
    const res = await fetch(`${bot.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /metrics serves sitrep_ metrics in Prometheus text to the bearer of METRICS_TOKEN only', async () => {
    expect((await fetch(`${bot.url}/metrics`)).status).toBe(401);
    const res = await fetch(`${bot.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/^# TYPE sitrep_\w+ /m);
    // The commands answered above, counted by platform.
    expect(text).toMatch(/^sitrep_commands_total\{platform="slack"\} [1-9]/m);
    expect(text).toMatch(/^sitrep_commands_total\{platform="discord"\} [1-9]/m);
  });

  it('stops cleanly on SIGTERM: exit 0 within a few seconds, nothing alarming logged', async () => {
    const sentAt = Date.now();
    expect(bot.kill('SIGTERM')).toBe(true);
    const exit = await bot.waitForExit(5000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - sentAt).toBeLessThan(5000);
    expect(bot.logs.find((l) => l.msg === 'shutting down')).toMatchObject({ reason: 'SIGTERM' });
    expect(bot.logs.filter((l) => (l.level ?? 0) >= 50)).toEqual([]);
    expect(bot.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('start-up with a broken environment', () => {
  it('exits 1 with one message naming every problem, and no stack trace', async () => {
    const bot = await brokenStart;
    const exit = await bot.waitForExit(15_000);
    expect(exit).toEqual({ code: 1, signal: null });
    expect(bot.stdout).toBe('');
    const stderr = bot.stderr.trim();
    expect(stderr).not.toMatch(STACK_FRAME);
    expect(stderr).not.toMatch(/ZodError|Error:|\{"level"/);
    // One message: a headline, then one line per problem; nothing logged before or after it.
    expect(stderr.split('\n')).toEqual([
      expect.stringMatching(/^Sitrep cannot start/),
      expect.stringMatching(/^ {2}- SLACK_SIGNING_SECRET is required/),
      expect.stringMatching(/^ {2}- DISCORD_TOKEN is required/),
      expect.stringMatching(/^ {2}- DISCORD_APPLICATION_ID must be a numeric id/),
    ]);
  });
});
