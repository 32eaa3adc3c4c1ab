import { describe, expect, it } from 'vitest';
import type { ChannelAddress } from '../../src/core/ports.js';
import type { Delivery } from '../../src/core/store.js';
import { startBotProcess } from './bot-process.js';
import { useBotWorld } from './bot-world.js';
import {
  addSchedules,
  botEnvFor,
  channelsFor,
  channelsWithMessages,
  databaseCases,
  deliveriesOf,
  discordCreateCalls,
  messagesIn,
  messagesOf,
  recentDailySlot,
  slackPostCalls,
  slowDown,
  waitUntil,
} from './fanout-harness.js';

/**
 * Issue #5, scheduled briefings, at the process level: the real bot (`node bin/sitrep.js start`)
 * catches up one slot for 200 channels (100 Slack, 100 Discord) at start, is killed with SIGKILL in
 * the middle of that fan-out, and is started again on the same database under the same
 * SITREP_INSTANCE. Every channel must end up with exactly one briefing: none lost, none doubled.
 *
 * The stand-ins answer slowly (100–300 ms per channel), so the fan-out takes a few seconds and the
 * kill lands with posts under way. In a few channels per platform the post goes through but its
 * answer is held back until after the kill: the message is in the channel, the log still says
 * pending. The restart must not post it again on Slack (it asks `conversations.history` first), and
 * on Discord sends it again with the same nonce, which must answer with the first message.
 *
 * The restart takes the dead run's deliveries back at once (they are leased to its own name), not
 * after the 2-minute lease: the test would time out long before that.
 */

const INSTANCE = 'sitrep-fanout-crash';
const PER_PLATFORM = 100;
/** Channels per platform whose post goes out but whose answer never reaches the first run. */
const UNANSWERED_PER_PLATFORM = 4;
const TOTAL = 2 * PER_PLATFORM;
/** Start-up takes 2–5 s on an idle machine; a loaded CI runner can take much longer. */
const READY_MS = 60_000;

describe.each(databaseCases())('a fan-out to 200 channels across a SIGKILL ($name)', ({ name, fresh }) => {
  const world = useBotWorld(fresh);

  it('starts the bot as a real process, kills it with SIGKILL mid-fan-out, restarts it: exactly one briefing in every channel', async () => {
    const { platforms, files, database, store } = world;
    const channels = channelsFor('K', PER_PLATFORM, PER_PLATFORM);
    const unanswered = [
      ...channels.slack.slice(0, UNANSWERED_PER_PLATFORM),
      ...channels.discord.slice(0, UNANSWERED_PER_PLATFORM),
    ];
    const others = channels.all.filter((c) => !unanswered.includes(c));
    for (const [i, channel] of others.entries()) slowDown(platforms, channel, 100 + ((i * 53) % 201));
    platforms.holdReplies(unanswered);
    // The unanswered channels' schedules are planned first, so their posts go out at once.
    await addSchedules(store, [...unanswered, ...others], recentDailySlot(10).spec);
    const env = botEnvFor(platforms, files, database.url, INSTANCE);

    // ── First run: killed when about half the channels have their briefing.
    const first = await startBotProcess({ env, readyTimeoutMs: READY_MS });
    const startedAt = Date.now();
    await waitUntil(
      () =>
        channelsWithMessages(platforms, channels.all) >= TOTAL / 2 &&
        channelsWithMessages(platforms, unanswered) === unanswered.length,
      'half the fan-out',
      30_000,
      2,
    );
    first.kill('SIGKILL');
    const killedAfterMs = Date.now() - startedAt;
    const postedAtKill = channels.all.filter((c) => messagesIn(platforms, c) > 0);
    expect(await first.waitForExit()).toEqual({ code: null, signal: 'SIGKILL' });
    expect(postedAtKill.length).toBeLessThan(TOTAL);
    // Posts under way at the kill land (or not) now; the held answers go to a dead socket.
    platforms.releaseReplies();
    await waitUntil(() => platforms.inFlight() === 0, 'the stand-ins to finish what was under way', 10_000);
    const landedAfterKill = channelsWithMessages(platforms, channels.all) - postedAtKill.length;

    // What the dead run left: deliveries recorded, still leased to its name, not known as sent…
    const rowsAtKill = (await Promise.all(channels.all.map((c) => deliveriesOf(store, c)))).flat();
    const leftPending = rowsAtKill.filter((d) => d.status === 'pending');
    const leftLeased = leftPending.filter((d) => d.leaseOwner === INSTANCE);
    // A pending row leased to no one is a retry the dead run scheduled (on a loaded machine a held
    // post can time out before the kill): recovery takes it over when it is due, as any retry.
    expect(leftPending.filter((d) => d.leaseOwner !== INSTANCE && d.leaseOwner !== null)).toEqual([]);
    expect(leftLeased.length).toBeGreaterThan(0);
    // …among them those whose message is in the channel though the bot never heard so.
    for (const channel of unanswered) {
      expect(
        (await deliveriesOf(store, channel)).map((d) => d.status),
        channel,
      ).toEqual(['pending']);
      expect(messagesIn(platforms, channel), channel).toBe(1);
    }

    // ── Restart under the same name.
    const second = await startBotProcess({ env, readyTimeoutMs: READY_MS });
    const restartedAt = Date.now();
    // Well under the 2-minute lease: the restart takes the dead run's deliveries back at once.
    await waitUntil(
      async () => {
        const counts = await store.deliveries.countByStatus();
        return counts.sent === TOTAL && counts.pending === 0;
      },
      'every delivery to be recorded as sent',
      45_000,
      100,
      async () => `${JSON.stringify(await store.deliveries.countByStatus())}\n${second.describe().slice(-4000)}`,
    );
    const recoveredInMs = Date.now() - restartedAt;
    expect(
      second.logs.find((l) => l.msg === 'took back deliveries a previous process of this name left'),
    ).toMatchObject({ count: leftLeased.length, owner: INSTANCE });

    // ── Exactly one briefing per channel, the one of its delivery.
    await waitUntil(() => platforms.inFlight() === 0, 'the stand-ins to be idle', 10_000);
    const problems: string[] = [];
    const deliveries = new Map<ChannelAddress, Delivery>();
    for (const channel of channels.all) {
      const rows = await deliveriesOf(store, channel);
      const row = rows[0];
      if (rows.length !== 1 || !row || row.status !== 'sent') {
        problems.push(`${channel}: deliveries ${JSON.stringify(rows.map((r) => [r.id, r.status]))}`);
        continue;
      }
      deliveries.set(channel, row);
      const messages = messagesIn(platforms, channel);
      const ours = messagesOf(platforms, channel, row.id);
      if (messages !== 1 || ours !== 1) problems.push(`${channel}: ${messages} messages, ${ours} of ${row.id}`);
      // Slack: nothing was even posted twice (findDelivery came first).
      if (channel.startsWith('slack:') && slackPostCalls(platforms, channel) !== 1) {
        problems.push(`${channel}: ${slackPostCalls(platforms, channel)} chat.postMessage calls`);
      }
    }
    expect(problems).toEqual([]);

    // The posts the first run never heard back about: found on Slack, deduplicated by nonce on Discord.
    for (const channel of unanswered.filter((c) => c.startsWith('discord:'))) {
      expect(discordCreateCalls(platforms, channel), channel).toBeGreaterThanOrEqual(2);
    }
    const unansweredSlack = unanswered.filter((c) => c.startsWith('slack:')).map((c) => deliveries.get(c)?.id);
    const found = second.logs.filter((l) => l.msg === 'found already posted; not resent');
    expect(found.map((l) => l.deliveryId)).toEqual(expect.arrayContaining(unansweredSlack));

    console.info(
      `fan-out crash (${name}): killed ${killedAfterMs} ms after the first run was ready, with ` +
        `${postedAtKill.length}/${TOTAL} channels served; ${leftLeased.length} deliveries left leased to it, ` +
        `${landedAfterKill} posts landed after the kill, ${found.length} found already posted on Slack by the ` +
        `restart; every delivery sent ${recoveredInMs} ms after the restart was ready`,
    );
  }, 150_000);
});
