import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DELIVERY_EVENT_TYPE } from '../../src/adapters/slack/posting.js';
import type { ChannelAddress } from '../../src/core/ports.js';
import {
  type BotProcess,
  channelId,
  channelsFor,
  killBot,
  type Platforms,
  prepareWorkspace,
  STORY_ID,
  startPlatforms,
  startWorkspaceBot,
  type Workspace,
  waitUntil,
} from './claims-harness.js';

/**
 * Alerts in threads (`track … thread`), end to end: the real bot process posting to the Slack and
 * Discord stand-ins. The first alert about a claim is a message in the channel and starts its
 * thread (Slack: the message is the parent; Discord: a thread started from it); later alerts about
 * that claim reply in it, also after the bot is killed and started again, and nothing is posted
 * twice.
 */

const CLAIM = 'kim-to-visit-russia';
const OTHER_CLAIM = 'meeting-in-vladivostok';

describe('alerts in threads, through the real bot process', () => {
  let platforms: Platforms;
  let workspace: Workspace;
  const bots: BotProcess[] = [];
  const { slack, discord } = channelsFor(1);
  const slackChannel = slack[0] as ChannelAddress;
  const discordChannel = discord[0] as ChannelAddress;

  beforeEach(async () => {
    platforms = await startPlatforms();
    workspace = await prepareWorkspace([
      { channel: slackChannel, track: `story ${STORY_ID}`, thread: true },
      { channel: discordChannel, track: `claim ${CLAIM}`, thread: true },
    ]);
  });
  afterEach(async () => {
    for (const bot of bots.splice(0)) await killBot(bot);
    await workspace.dispose();
    await platforms.close();
  });

  const start = async () => {
    const bot = await startWorkspaceBot(workspace, platforms);
    bots.push(bot);
    return bot;
  };

  /** Slack: the channel's own messages (history) and each thread's replies. */
  const slackTopLevel = () =>
    platforms.slack.history(channelId(slackChannel)).filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts);
  const slackReplies = (ts: string) =>
    platforms.slack.history(channelId(slackChannel)).filter((m) => m.thread_ts === ts && m.ts !== ts);
  const slackDeliveryIds = () =>
    platforms.slack
      .history(channelId(slackChannel))
      .map((m) => m.metadata as { event_type?: string; event_payload?: { delivery_id?: string } } | undefined)
      .filter((meta) => meta?.event_type === DELIVERY_EVENT_TYPE)
      .map((meta) => meta?.event_payload?.delivery_id);
  /** Discord: the channel's messages, and the messages in the thread started from one. */
  const discordTopLevel = () => platforms.discord.messagesIn(channelId(discordChannel)).filter((m) => !m.deleted);
  const discordThread = (id: string) => platforms.discord.messagesIn(id).filter((m) => !m.deleted);

  async function edit(claim: string, note: string) {
    await workspace.editClaim(claim, { note });
  }

  it('the first alert about a claim starts its thread, later ones reply in it, across a SIGKILL, each posted once', {
    timeout: 90_000,
  }, async () => {
    await start();
    await edit(CLAIM, 'First update.');
    await waitUntil(() => slackTopLevel().length === 1 && discordTopLevel().length === 1, 'the first alerts', 20_000);
    const slackRoot = slackTopLevel()[0]?.ts as string;
    const discordRoot = discordTopLevel()[0]?.id as string;
    await waitUntil(() => platforms.discord.threads.byId.has(discordRoot), 'the Discord thread', 10_000);
    const thread = platforms.discord.threads.byId.get(discordRoot);
    expect(thread?.parentId).toBe(channelId(discordChannel));
    expect(thread?.name).toContain('Kim Jong Un');

    await edit(CLAIM, 'Second update.');
    await waitUntil(
      () => slackReplies(slackRoot).length === 1 && discordThread(discordRoot).length === 1,
      'the replies',
      20_000,
    );
    expect(slackTopLevel()).toHaveLength(1);
    expect(discordTopLevel()).toHaveLength(1);
    expect(JSON.stringify(slackReplies(slackRoot)[0]?.blocks)).toContain('Second update.');
    expect(JSON.stringify(discordThread(discordRoot)[0]?.embeds)).toContain('Second update.');

    // Killed, edited while down, started again: the alert still replies in the same threads.
    await bots[0]?.kill();
    bots.length = 0;
    await edit(CLAIM, 'Third update, made while the bot was down.');
    await start();
    await waitUntil(
      () => slackReplies(slackRoot).length === 2 && discordThread(discordRoot).length === 2,
      'the replies after the restart',
      30_000,
    );

    // Another claim: a thread of its own in Slack (the story is tracked); Discord tracks only CLAIM.
    await edit(OTHER_CLAIM, 'Venue update.');
    await waitUntil(() => slackTopLevel().length === 2, 'the other claim’s thread', 20_000);
    const otherRoot = slackTopLevel().find((m) => m.ts !== slackRoot)?.ts as string;
    expect(JSON.stringify(slackTopLevel().find((m) => m.ts === otherRoot)?.blocks)).toContain(OTHER_CLAIM);

    expect(slackReplies(slackRoot)).toHaveLength(2);
    expect(slackReplies(otherRoot)).toHaveLength(0);
    expect(discordTopLevel()).toHaveLength(1);
    expect(discordThread(discordRoot)).toHaveLength(2);
    expect(platforms.discord.threads.byId.size).toBe(1);
    const ids = slackDeliveryIds();
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(ids.length);
    const store = await workspace.store();
    const sent = (await store.deliveries.recent(slackChannel, 50)).filter((d) => d.status === 'sent');
    expect(sent.map((d) => d.thread).sort()).toEqual([
      `claim:${STORY_ID}/${CLAIM}`,
      `claim:${STORY_ID}/${CLAIM}`,
      `claim:${STORY_ID}/${CLAIM}`,
      `claim:${STORY_ID}/${OTHER_CLAIM}`,
    ]);
  });
});
