import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { createDiscordAdapter } from '../src/adapters/discord/adapter.js';
import { renderDiscordMessages } from '../src/adapters/discord/render.js';
import { createSlackAdapter } from '../src/adapters/slack/adapter.js';
import { SlackOAuth } from '../src/adapters/slack/oauth.js';
import { renderSlackMessages } from '../src/adapters/slack/render.js';
import { currentRevisionId, sinceLastBriefing } from '../src/core/claims/since-last.js';
import { DeliveryEngine } from '../src/core/delivery/engine.js';
import { DEFAULT_LIMITS } from '../src/core/delivery/policy.js';
import { silentLogger } from '../src/core/log.js';
import type { ChannelAddress, ChatAdapter, Clock, CommandPort, Platform } from '../src/core/ports.js';
import { briefingRequest } from '../src/core/scheduler/briefing.js';
import { Scheduler } from '../src/core/scheduler/scheduler.js';
import type { Store } from '../src/core/store.js';
import { StoryCatalog } from '../src/core/story/catalog.js';
import { HttpServer } from '../src/http/server.js';
import { SecretBox } from '../src/store/encryption.js';
import { type DiscordStandIn, startDiscordStandIn } from '../test/stand-ins/discord/server.js';
import { installThroughOAuth } from '../test/stand-ins/slack/install-flow.js';
import { makeWorkspaces, type SlackStandIn, startSlackStandIn } from '../test/stand-ins/slack/server.js';
import { type FreshDatabase, freshSqlite } from '../test/support/databases.js';
import {
  discordMinimum,
  engineBurst,
  type FanoutLimits,
  type FanoutShape,
  type Minimum,
  slackMinimum,
} from './lib/fanout-limits.js';
import { CountingMetrics, RssSampler, StallSampler } from './lib/fanout-probe.js';
import { FailureRecordingAdapter } from './lib/fanout-slack.js';
import { percentile, type Reporter } from './lib/report.js';

/**
 * Issue #5. One briefing slot — the shipped story, tier short, `daily 09:00` — fanned out to 1,000
 * Slack channels in 10 workspaces and 1,000 Discord channels: 2,000 schedules in a fresh SQLite
 * store, one Scheduler tick at 09:00 (plan + record each delivery), then the real DeliveryEngine
 * sending through the real Slack and Discord adapters to the stand-ins, which enforce the limits:
 *
 *   Slack:   1 message/s per channel; a per-workspace chat.postMessage budget (sliding minute),
 *            the same figure the engine is configured with (`slackWorkspacePerMinute`, its burst);
 *   Discord: 50 requests/s per token (global), 5 messages per 5 s per channel.
 *
 * Wall time runs from the tick until the engine is idle (every delivery sent and recorded). It is
 * compared with the least time those limits allow (bench/lib/fanout-limits.ts).
 *
 * Ten workspaces from one process: Sitrep has one Slack bot token per process, so one engine sends
 * to one workspace. To fan out to ten in one run, the Slack side is ten real SlackAdapters (one
 * token each) behind a router (bench/lib/fanout-slack.ts); each adapter reports its own workspace
 * (auth.test team) to the engine, which keeps one budget per workspace, as ten processes would.
 *
 * FANOUT_SLACK_BUDGET=<messages per minute> overrides the workspace budget (default 200).
 */
export const description =
  'one briefing slot to 1,000 Slack channels (10 workspaces installed through OAuth) + 1,000 Discord channels: engine + adapters + stand-ins';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BRIEFINGS = path.join(HERE, '..', 'briefings');
const WORKSPACES = 10;
const SLACK_PER_WORKSPACE = 100;
const DISCORD_CHANNELS = 1_000;
/**
 * Per-workspace budget, messages per minute, in the stand-in and the engine alike. With the
 * engine's burst (a quarter, 50) and refill (150/min), 100 channels take (100 - 50) / 2.5 per s =
 * 20 s per workspace: the same order as Discord's 1,000 messages at 50/s (19 s), so both
 * platforms' paths are at their limit at once, and neither hides behind the other.
 */
const SLACK_BUDGET_PER_MINUTE = Number(process.env.FANOUT_SLACK_BUDGET ?? 200);
if (!Number.isInteger(SLACK_BUDGET_PER_MINUTE) || SLACK_BUDGET_PER_MINUTE < 4) {
  throw new Error(`FANOUT_SLACK_BUDGET must be a whole number of messages per minute (4 or more)`);
}
const DISCORD_GLOBAL_PER_SECOND = 50;
const DISCORD_CHANNEL_BUCKET = { limit: 5, windowMs: 5_000 };
const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
const OAUTH_CLIENT = { clientId: '4242.5353', clientSecret: 'bench-client-secret' };
const DAY = '2026-03-09';
const SLOT_AT = `${DAY}T09:00:00.000Z`;
/** Longest the fan-out may take before the run is called failed (the minimum is 20 s at the default budget). */
const IDLE_TIMEOUT_MS = 150_000;

/** Real time, shifted so it reads `instant` when `startAt` is called: pacing and leases run for real. */
function shiftedClock(start: string): Clock & { startAt(instant: string): void } {
  let offset = new Date(start).getTime() - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    startAt(instant) {
      offset = new Date(instant).getTime() - Date.now();
    },
  };
}

/** The adapters are started with this; the fan-out never asks it anything. */
const noCommands: CommandPort = {
  handle: async () => ({ text: '', cards: [], visibility: 'private' }),
  isSlow: () => false,
  complete: async () => [],
  definitions: () => [],
};

function slackChannel(workspace: number, i: number): string {
  return `CW${String(workspace + 1).padStart(2, '0')}${String(i).padStart(6, '0')}`;
}

function discordChannel(i: number): string {
  return String(1_300_000_000_000_000_000n + BigInt(i));
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface Delivered {
  /** Channels with no message. */
  missing: number;
  /** Channels with more messages than one briefing has parts. */
  duplicates: number;
  /** Messages posted somewhere no schedule points (or, on Slack, in the wrong workspace). */
  stray: number;
  /** Epoch ms of the last message accepted. */
  lastAt: number;
  /** Epoch ms of the first message accepted. */
  firstAt: number;
}

function checkSlack(slack: SlackStandIn, expected: ReadonlyMap<string, string>, parts: number): Delivered {
  const perChannel = new Map<string, number>();
  let stray = 0;
  let firstAt = Number.POSITIVE_INFINITY;
  let lastAt = 0;
  for (const m of slack.posted) {
    firstAt = Math.min(firstAt, m.at);
    lastAt = Math.max(lastAt, m.at);
    if (expected.get(m.channel) !== m.team) {
      stray += 1;
      continue;
    }
    perChannel.set(m.channel, (perChannel.get(m.channel) ?? 0) + 1);
  }
  let missing = 0;
  let duplicates = 0;
  for (const channel of expected.keys()) {
    const n = perChannel.get(channel) ?? 0;
    if (n === 0) missing += 1;
    else if (n > parts) duplicates += 1;
  }
  return { missing, duplicates, stray, firstAt, lastAt };
}

function checkDiscord(discord: DiscordStandIn, expected: ReadonlySet<string>, parts: number): Delivered {
  let missing = 0;
  let duplicates = 0;
  let stray = 0;
  for (const [channel, list] of discord.messages) {
    const n = list.filter((m) => !m.deleted).length;
    if (!expected.has(channel)) stray += n;
  }
  for (const channel of expected) {
    const n = (discord.messages.get(channel) ?? []).filter((m) => !m.deleted).length;
    if (n === 0) missing += 1;
    else if (n > parts) duplicates += 1;
  }
  let firstAt = Number.POSITIVE_INFINITY;
  let lastAt = 0;
  for (const r of discord.requests) {
    if (r.method !== 'POST' || !/\/channels\/\d+\/messages$/.test(r.path) || r.status !== 200) continue;
    firstAt = Math.min(firstAt, r.at);
    lastAt = Math.max(lastAt, r.at);
  }
  return { missing, duplicates, stray, firstAt, lastAt };
}

/** Delivery rows by status, and the errors of those that needed more than one attempt, read straight from the SQLite file. */
function deliveryLog(url: string): { statuses: Record<string, number>; retried: string[] } {
  const db = new BetterSqlite3(url.replace(/^file:/, ''), { readonly: true });
  try {
    const rows = db.prepare('select status, count(*) as n from deliveries group by status').all() as Array<{
      status: string;
      n: number;
    }>;
    const retried = db
      .prepare(
        `select substr(channel, 1, instr(channel, ':') - 1) as platform, error_code as code, error_message as message, count(*) as n
         from deliveries where attempts > 1 or error_code is not null group by 1, 2, 3 order by n desc`,
      )
      .all() as Array<{ platform: string; code: string | null; message: string | null; n: number }>;
    return {
      statuses: Object.fromEntries(rows.map((r) => [r.status, r.n])),
      retried: retried.map((r) => `${r.n}× ${r.platform} ${r.code ?? '?'}: ${r.message ?? ''}`),
    };
  } finally {
    db.close();
  }
}

function describeMinimum(name: string, min: Minimum): string {
  const parts = Object.entries(min.parts)
    .map(([k, v]) => `${k} ${v.toFixed(2)} s`)
    .join(', ');
  return `${name} minimum ${min.seconds.toFixed(2)} s (${parts})`;
}

export async function run(report: Reporter): Promise<void> {
  const closers: Array<() => Promise<unknown> | unknown> = [];
  const close = async () => {
    for (const c of closers.reverse()) await Promise.resolve(c()).catch(() => undefined);
  };
  try {
    const burst = engineBurst(SLACK_BUDGET_PER_MINUTE);
    const limits: FanoutLimits = {
      slackChannelIntervalMs: DEFAULT_LIMITS.channelIntervalMs.slack,
      slackWorkspace: { perMinute: SLACK_BUDGET_PER_MINUTE, burst },
      slackStandInPerMinute: SLACK_BUDGET_PER_MINUTE,
      discordGlobalPerSecond: DISCORD_GLOBAL_PER_SECOND,
      discordChannelBucket: DISCORD_CHANNEL_BUCKET,
    };

    // ── Store, story, stand-ins ────────────────────────────────────────────────────────────
    const clock = shiftedClock(`${DAY}T08:00:00.000Z`);
    const database: FreshDatabase = await freshSqlite();
    closers.push(() => database.dispose());
    const store: Store = await database.open({ clock, secrets: new SecretBox(randomBytes(32)) });
    closers.push(() => store.close());
    const catalog = new StoryCatalog(BRIEFINGS);
    const problems = await catalog.loadAll();
    const story = catalog.list()[0];
    if (problems.length > 0 || !story) throw new Error(`the shipped briefings did not load from ${BRIEFINGS}`);

    const slack = await startSlackStandIn({
      workspaces: makeWorkspaces(WORKSPACES),
      methodBudgetPerMinute: { 'chat.postMessage': SLACK_BUDGET_PER_MINUTE },
      oauth: OAUTH_CLIENT,
    });
    closers.push(() => slack.close());
    const discord = await startDiscordStandIn({
      globalLimitPerSecond: DISCORD_GLOBAL_PER_SECOND,
      channelMessageLimit: DISCORD_CHANNEL_BUCKET,
    });
    closers.push(() => discord.close());

    // ── Adapters: one Slack app installed in ten workspaces through OAuth, one Discord bot ───
    const http = new HttpServer(silentLogger);
    const baseUrl = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
    closers.push(() => http.close());
    const oauth = new SlackOAuth({
      ...OAUTH_CLIENT,
      stateSecret: 'bench-state-secret-0123456789',
      publicUrl: baseUrl,
      apiUrl: slack.apiUrl,
      installations: store.installations,
      log: silentLogger,
    });
    const slackAdapter = new FailureRecordingAdapter(
      createSlackAdapter({ oauth, apiUrl: slack.apiUrl, signingSecret: SIGNING_SECRET, http, log: silentLogger }),
    );
    const slackExpected = new Map<string, string>(); // channel id → team id
    const discordExpected = new Set<string>();
    const channels: ChannelAddress[] = [];
    for (let i = 0; i < WORKSPACES * SLACK_PER_WORKSPACE; i += 1) {
      const w = i % WORKSPACES;
      const id = slackChannel(w, Math.floor(i / WORKSPACES));
      const team = slack.workspaces[w]?.teamId ?? '';
      const address = `slack:${team}/${id}` as const;
      slackExpected.set(id, team);
      channels.push(address);
      if (i < DISCORD_CHANNELS) {
        const d = discordChannel(i);
        discordExpected.add(d);
        channels.push(`discord:${d}`);
      }
    }
    for (let i = WORKSPACES * SLACK_PER_WORKSPACE; i < DISCORD_CHANNELS; i += 1) {
      const d = discordChannel(i);
      discordExpected.add(d);
      channels.push(`discord:${d}`);
    }
    let discordRestWaits = 0;
    const discordAdapter = createDiscordAdapter({
      token: discord.token,
      applicationId: discord.applicationId,
      apiUrl: discord.apiUrl,
      log: silentLogger,
      gateway: false,
      onRateLimited: () => {
        discordRestWaits += 1;
      },
    });
    await slackAdapter.start(noCommands);
    closers.push(() => slackAdapter.stop());
    await discordAdapter.start(noCommands);
    closers.push(() => discordAdapter.stop());
    for (const ws of slack.workspaces) {
      const installed = await installThroughOAuth(baseUrl, ws.teamId);
      if (installed.status >= 400) throw new Error(`installing ${ws.teamId} failed: ${installed.body}`);
    }
    const installed = await store.installations.list('slack');
    if (installed.length !== WORKSPACES)
      throw new Error(`expected ${WORKSPACES} Slack installations, the store holds ${installed.length}`);

    // ── 2,000 schedules, interleaved (Slack workspace 1, Discord, workspace 2, Discord, …) ──
    const setupStart = performance.now();
    const createdAt = new Date(`${DAY}T08:00:00.000Z`).getTime();
    for (const [i, channel] of channels.entries()) {
      await store.schedules.add({
        channel,
        story: story.id,
        spec: 'daily 09:00',
        timezone: 'UTC',
        tier: 'short',
        // 1 ms apart, so the scheduler (oldest first) takes them in this order.
        createdAt: new Date(createdAt + i),
      });
    }
    const setupMs = performance.now() - setupStart;

    // What one briefing is on each platform (a long one is split into several posts).
    const inputs = {
      stories: catalog,
      sinceLastBriefing: (channel: ChannelAddress, storyId: string) => sinceLastBriefing({ store }, channel, storyId),
      currentRevision: (storyId: string) => currentRevisionId({ store }, storyId),
    };
    const [sample] = await store.schedules.list({ channel: channels[0] as ChannelAddress });
    if (!sample) throw new Error('schedule not stored');
    const planned = await briefingRequest(sample, { key: `${DAY}T09:00`, at: new Date(SLOT_AT) }, false, inputs);
    if (!planned.ok) throw new Error(`briefing not planned: ${planned.message}`);
    const slackPayloads = renderSlackMessages(planned.request.message);
    const discordPayloads = renderDiscordMessages(planned.request.message);
    const shape: FanoutShape = {
      slackChannelsPerWorkspace: Array.from({ length: WORKSPACES }, () => SLACK_PER_WORKSPACE),
      slackParts: slackPayloads.length,
      discordChannels: DISCORD_CHANNELS,
      discordParts: discordPayloads.length,
    };
    const slackMin = slackMinimum(shape, limits);
    const discordMin = discordMinimum(shape, limits);
    const minimumS = Math.max(slackMin.seconds, discordMin.seconds);

    // ── The engine and the scheduler, as main.ts wires them ────────────────────────────────
    const metrics = new CountingMetrics();
    const engine = new DeliveryEngine({
      store,
      adapters: new Map<Platform, ChatAdapter>([
        ['slack', slackAdapter],
        ['discord', discordAdapter],
      ]),
      metrics,
      clock,
      log: silentLogger,
      // Concurrency stays the product default (Slack 16 in flight): here one engine's 16 serve all
      // ten workspaces, where ten processes would have 16 each; raising it to 160 changed nothing
      // measurable (the Slack side is bound by the budget, or by CPU in a burst).
      limits: { slackWorkspacePerMinute: SLACK_BUDGET_PER_MINUTE, slackWorkspaceBurst: burst },
    });
    await engine.start();
    closers.push(() => engine.stop(1_000));
    const scheduler = new Scheduler({
      store,
      deliverer: engine,
      catchUpWindowMs: 2 * 3_600_000,
      clock,
      log: silentLogger,
      ...inputs,
    });
    closers.push(() => scheduler.stop());

    // ── 09:00: the fan-out ────────────────────────────────────────────────────────────────
    const rss = new RssSampler().start();
    const stalls = new StallSampler().start();
    const cpu = process.cpuUsage();
    clock.startAt(SLOT_AT);
    const t0Epoch = Date.now();
    const t0 = performance.now();
    const tick = await scheduler.tick();
    const plannedMs = performance.now() - t0;
    await withTimeout(engine.whenIdle(), IDLE_TIMEOUT_MS, 'the fan-out');
    const wallMs = performance.now() - t0;
    const used = process.cpuUsage(cpu);
    stalls.stop();
    rss.stop();

    // ── What arrived ──────────────────────────────────────────────────────────────────────
    const slackSeen = checkSlack(slack, slackExpected, shape.slackParts);
    const discordSeen = checkDiscord(discord, discordExpected, shape.discordParts);
    const { statuses, retried } = deliveryLog(database.url);
    const slackWallS = (slackSeen.lastAt - t0Epoch) / 1000;
    const discordWallS = (discordSeen.lastAt - t0Epoch) / 1000;

    report.note(
      `${WORKSPACES} Slack workspaces (installed through OAuth, one adapter) × ${SLACK_PER_WORKSPACE} channels + ${DISCORD_CHANNELS} Discord channels; ` +
        `story ${story.id}, tier short: ${shape.slackParts} Slack post(s), ${shape.discordParts} Discord post(s) per briefing`,
    );
    report.note(
      `limits: Slack 1 msg/s/channel, ${SLACK_BUDGET_PER_MINUTE} msgs/min/workspace (stand-in sliding minute; ` +
        `engine bucket burst ${burst} + ${SLACK_BUDGET_PER_MINUTE - burst}/min refill); ` +
        `Discord ${DISCORD_GLOBAL_PER_SECOND} req/s global, ${DISCORD_CHANNEL_BUCKET.limit}/${DISCORD_CHANNEL_BUCKET.windowMs / 1000} s per channel; ` +
        `engine concurrency slack ${DEFAULT_LIMITS.concurrency.slack}, discord ${DEFAULT_LIMITS.concurrency.discord}`,
    );
    report.note(
      `machine: ${cpus().length} CPUs, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')} (1/5/15 min) at the end; the stand-ins run in this process`,
    );
    report.note(describeMinimum('Slack', slackMin));
    report.note(describeMinimum('Discord', discordMin));
    report.note(
      `setup (2,000 schedules stored, untimed) ${(setupMs / 1000).toFixed(1)} s; ` +
        `tick: ${tick.enqueued} enqueued, ${tick.missed} missed, ${tick.skipped} skipped, ${tick.errors} errors`,
    );

    report('wall (tick → engine idle)', wallMs / 1000, 's', { max: 90 });
    report('minimum the limits allow', minimumS, 's');
    report.ratio('wall / minimum', wallMs / 1000, minimumS, { max: 1.15 });
    report('slack.wall (tick → last post accepted)', slackWallS, 's');
    report('slack.minimum', slackMin.seconds, 's');
    report.ratio('slack.wall / slack.minimum', slackWallS, slackMin.seconds, { max: 1.15 });
    report('discord.wall (tick → last post accepted)', discordWallS, 's');
    report('discord.minimum', discordMin.seconds, 's');
    report.ratio('discord.wall / discord.minimum', discordWallS, discordMin.seconds, { max: 1.15 });
    report('plan + record (scheduler tick)', plannedMs / 1000, 's');
    report('slack.first post after tick', (slackSeen.firstAt - t0Epoch) / 1000, 's');
    report('discord.first post after tick', (discordSeen.firstAt - t0Epoch) / 1000, 's');

    report('slack.429s (stand-in)', slack.rateLimited, '');
    report('discord.429s (stand-in)', discord.rateLimitedCount, '');
    report('discord.rest rate-limit waits (@discordjs/rest)', discordRestWaits, '');
    report(
      'engine.rate_limited (seen by the engine)',
      [...metrics.rateLimits.values()].reduce((a, b) => a + b, 0),
      '',
    );
    report('engine.retries scheduled', metrics.count('slack', 'retry') + metrics.count('discord', 'retry'), '');
    report('duplicates (channels with > 1 briefing)', slackSeen.duplicates + discordSeen.duplicates, '', {
      min: 0,
      max: 0,
    });
    report('missing (channels with no briefing)', slackSeen.missing + discordSeen.missing, '', { min: 0, max: 0 });
    let deduped = 0;
    for (const list of discord.messages.values()) for (const m of list) deduped += Math.max(0, m.createRequests - 1);
    report('discord.resends absorbed by nonce', deduped, '');
    report('stray (posts to unscheduled channels / wrong workspace)', slackSeen.stray + discordSeen.stray, '', {
      max: 0,
    });
    report('slack.posts under another workspace’s token', slackSeen.stray, '', { min: 0, max: 0 });
    report('deliveries recorded sent', statuses.sent ?? 0, '', { min: channels.length, max: channels.length });
    for (const line of retried) report.note(`retried: ${line}`);
    for (const line of slackAdapter.failures) report.note(`slack post failed: ${line}`);
    const scopes = new Map<string, number>();
    for (const r of discord.rateLimited) {
      const key = `${r.global ? 'global' : r.scope} retry_after ${r.retryAfter} s`;
      scopes.set(key, (scopes.get(key) ?? 0) + 1);
    }
    if (scopes.size > 0) {
      report.note(`Discord 429s: ${[...scopes].map(([k, n]) => `${n}× ${k}`).join(', ')}`);
      const at = discord.rateLimited.map((r) => ((r.at - t0Epoch) / 1000).toFixed(2));
      report.note(`Discord 429s at (s after the tick began): ${at.join(' ')}`);
    }
    const notSent = Object.entries(statuses).filter(([s]) => s !== 'sent');
    if (notSent.length > 0) report.note(`deliveries not sent: ${notSent.map(([s, n]) => `${s} ${n}`).join(', ')}`);

    report('peak RSS (sampled during fan-out)', rss.peakBytes / 1e6, 'MB');
    report('RSS growth during fan-out', (rss.peakBytes - rss.baselineBytes) / 1e6, 'MB');
    report('process maxRSS (getrusage, whole run)', RssSampler.processPeakBytes() / 1e6, 'MB');
    report('cpu (user + system) during fan-out', (used.user + used.system) / 1e6, 's');
    if (stalls.longestMs > 1_000) {
      report.note(
        `the event loop ran no timer for ${(stalls.longestMs / 1000).toFixed(1)} s, until ${(stalls.longestEndedAtMs / 1000).toFixed(1)} s ` +
          'after the tick began: no post is answered (nor any other I/O served) while it lasts',
      );
    }
    report('event loop: longest stall (no timer ran)', stalls.longestMs, 'ms');
    report('event loop: stall ended at (after tick start)', stalls.longestEndedAtMs / 1000, 's');
    report('event loop: timer gap p99 (10 ms timer)', stalls.percentile(99), 'ms');
    for (const platform of ['slack', 'discord'] as const) {
      const s = metrics.sendSeconds.get(platform) ?? [];
      report(`${platform}.post p50`, percentile(s, 50) * 1000, 'ms');
      report(`${platform}.post p99`, percentile(s, 99) * 1000, 'ms');
    }
  } finally {
    await close();
  }
}
