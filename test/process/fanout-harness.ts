/**
 * Process-level harness for scheduled fan-outs (issue #5): the real bot (`node bin/sitrep.js start`,
 * spawned through `bot-process.ts`) posting to the Slack and Discord stand-ins over real sockets,
 * on a fresh SQLite file or Postgres schema that the test fills with chat schedules beforehand.
 *
 * The schedules are `daily HH:MM` for a minute some minutes ago, anchored an hour ago: that slot is
 * inside the catch-up window, so a bot starting on the database fans out one (late) briefing to
 * every channel at once — a fan-out that starts the moment the bot does.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChannelAddress } from '../../src/core/ports.js';
import type { Delivery, Schedule, Store } from '../../src/core/store.js';
import { type DialectName, type FreshDatabase, postgresTestUrl, storeCases } from '../support/databases.js';
import { REPO_ROOT } from './bot-process.js';
import { channelId, messagesOf, sleep } from './platform-records.js';
import type { Platforms } from './platforms.js';

export { type Platforms, SIGNING_SECRET, startPlatforms } from './platforms.js';
export { channelId, messagesOf, sleep };

const SHIPPED_STORY = path.join(REPO_ROOT, 'briefings', 'kim-putin-summit.yaml');

/** `slack` Slack channel addresses and `discord` Discord ones, distinct per `tag` (a letter or two). */
export function channelsFor(tag: string, slack: number, discord: number) {
  const slackChannels = Array.from(
    { length: slack },
    (_, i) => `slack:C0${tag.toUpperCase()}${String(i).padStart(4, '0')}` as ChannelAddress,
  );
  const discordChannels = Array.from(
    { length: discord },
    (_, i) =>
      `discord:31${String(tag.charCodeAt(0)).padStart(3, '0')}0000000${String(i).padStart(5, '0')}` as ChannelAddress,
  );
  return { slack: slackChannels, discord: discordChannels, all: [...slackChannels, ...discordChannels] };
}

/** Delays every answer of the stand-in for calls naming this channel (posts and history reads alike). */
export function slowDown(platforms: Platforms, channel: ChannelAddress, ms: number): void {
  if (channel.startsWith('slack:')) platforms.slack.setChannelDelay(channelId(channel), ms);
  else platforms.discord.setChannelDelay(channelId(channel), ms);
}

/** Every message the platform now holds in this channel, whatever it is. */
export function messagesIn(platforms: Platforms, channel: ChannelAddress): number {
  const id = channelId(channel);
  return channel.startsWith('slack:')
    ? platforms.slack.history(id).length
    : platforms.discord.messagesIn(id).filter((m) => !m.deleted).length;
}

export function channelsWithMessages(platforms: Platforms, channels: readonly ChannelAddress[]): number {
  return channels.filter((c) => messagesIn(platforms, c) > 0).length;
}

/** chat.postMessage calls Slack answered for this channel (a resend would show as a second one). */
export function slackPostCalls(platforms: Platforms, channel: ChannelAddress): number {
  const id = channelId(channel);
  return platforms.slack.requests.filter((r) => r.method === 'chat.postMessage' && r.channel === id && r.ok).length;
}

/** POSTs to this Discord channel's messages that were answered (nonce duplicates included). */
export function discordCreateCalls(platforms: Platforms, channel: ChannelAddress): number {
  const id = channelId(channel);
  return platforms.discord.messagesIn(id).reduce((sum, m) => sum + m.createRequests, 0);
}

// ── Database and files ──────────────────────────────────────────────────────────────────────

export interface DatabaseCase {
  name: DialectName;
  fresh(): Promise<FreshDatabase>;
}

/** SQLite always; Postgres when TEST_DATABASE_URL is set (a fresh schema per call). */
export function databaseCases(): DatabaseCase[] {
  return storeCases().map(({ name, fresh }) => ({ name, fresh }));
}

export const postgresAvailable = postgresTestUrl() !== undefined;

export interface BotFiles {
  briefingsDir: string;
  configDir: string;
  dispose(): Promise<void>;
}

/** A temp copy of the shipped story and a `config/sitrep.yaml` with a 2 h catch-up window, in UTC. */
export async function prepareFiles(): Promise<BotFiles> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sitrep-fanout-'));
  const briefingsDir = path.join(dir, 'briefings');
  const configDir = path.join(dir, 'config');
  await mkdir(briefingsDir);
  await mkdir(configDir);
  await copyFile(SHIPPED_STORY, path.join(briefingsDir, path.basename(SHIPPED_STORY)));
  await writeFile(path.join(configDir, 'sitrep.yaml'), 'timezone: UTC\ncatchUpWindow: 2h\n');
  return { briefingsDir, configDir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** `daily HH:MM` (UTC) for the whole minute `minutesAgo` before `now`, and that slot's instant. */
export function recentDailySlot(minutesAgo = 10, now = new Date()): { spec: string; at: Date } {
  const at = new Date(now.getTime() - minutesAgo * 60_000);
  at.setUTCSeconds(0, 0);
  const hh = String(at.getUTCHours()).padStart(2, '0');
  const mm = String(at.getUTCMinutes()).padStart(2, '0');
  return { spec: `daily ${hh}:${mm}`, at };
}

/**
 * One chat schedule per channel, all on `spec`, headline tier (one message per platform), created
 * (and so anchored) an hour ago, a millisecond apart in the order given: the scheduler, which lists
 * schedules oldest first, plans them in that order.
 */
export async function addSchedules(
  store: Store,
  channels: readonly ChannelAddress[],
  spec: string,
): Promise<Schedule[]> {
  const base = Date.now() - 3_600_000;
  const added: Schedule[] = [];
  for (const [i, channel] of channels.entries()) {
    added.push(
      await store.schedules.add({
        channel,
        story: null,
        spec,
        timezone: 'UTC',
        tier: 'headline',
        createdBy: 'fanout-test',
        createdAt: new Date(base + i),
      }),
    );
  }
  return added;
}

/** The channel's deliveries (latest due first). */
export function deliveriesOf(store: Store, channel: ChannelAddress): Promise<Delivery[]> {
  return store.deliveries.recent(channel, 10);
}

/** The environment of a bot on these stand-ins, files and database, leasing as `instance`. */
export function botEnvFor(
  platforms: Platforms,
  files: BotFiles,
  databaseUrl: string,
  instance: string,
): Record<string, string> {
  return {
    ...platforms.env(),
    DATABASE_URL: databaseUrl,
    BRIEFINGS_DIR: files.briefingsDir,
    CONFIG_DIR: files.configDir,
    SITREP_INSTANCE: instance,
    LOG_LEVEL: 'info',
  };
}

// ── Waiting ─────────────────────────────────────────────────────────────────────────────────

/** Polls `check` every `everyMs` until it holds; fails naming `what` (and `detail()`) after `timeoutMs`. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
  everyMs = 20,
  detail: () => string | Promise<string> = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${await detail()}`);
    await sleep(everyMs);
  }
}
