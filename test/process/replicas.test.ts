import { describe, expect, it } from 'vitest';
import type { ChannelAddress } from '../../src/core/ports.js';
import { type FreshDatabase, freshPostgresSchemaUrl, freshSqlite } from '../support/databases.js';
import { type BotProcess, startBotProcess } from './bot-process.js';
import { useBotWorld } from './bot-world.js';
import {
  addSchedules,
  botEnvFor,
  channelId,
  channelsFor,
  deliveriesOf,
  messagesIn,
  messagesOf,
  postgresAvailable,
  recentDailySlot,
  SIGNING_SECRET,
  slowDown,
  waitUntil,
} from './fanout-harness.js';

/**
 * Issue #5 with replicas: two real bot processes (`node bin/sitrep.js start`, different
 * SITREP_INSTANCE, each on its own port) on one database and the Slack and Discord stand-ins, both
 * started with the same schedules, so both catch up the same slot at the same moment. The
 * deterministic delivery id lets exactly one of them claim each channel's briefing.
 *
 * The deployment this is about is Postgres (replicas on several hosts); the same runs on one SQLite
 * file shared by two processes on one host, which the store supports too, so the broken-channel
 * case is covered without a Postgres server as well.
 */

const cases: Array<{ name: 'postgres' | 'sqlite'; available: boolean; fresh: () => Promise<FreshDatabase> }> = [
  { name: 'postgres', available: postgresAvailable, fresh: () => freshPostgresSchemaUrl() },
  { name: 'sqlite', available: true, fresh: freshSqlite },
];

const REPLICAS = ['sitrep-replica-a', 'sitrep-replica-b'];
/** Start-up takes 2–5 s on an idle machine; a loaded CI runner can take much longer. */
const READY_MS = 60_000;

for (const { name, available, fresh } of cases) {
  describe.skipIf(!available)(`two bot processes on one ${name} database and the stand-ins`, () => {
    const world = useBotWorld(fresh);

    /** Both replicas, spawned at the same moment; resolves once both serve. */
    function startReplicas(): Promise<BotProcess[]> {
      const { platforms, files, database } = world;
      return Promise.all(
        REPLICAS.map((instance) =>
          startBotProcess({ env: botEnvFor(platforms, files, database.url, instance), readyTimeoutMs: READY_MS }),
        ),
      );
    }

    /**
     * Problems with "exactly one briefing, its own, and one sent delivery" in each channel, counted
     * once the stand-ins are idle (anything still under way landed).
     */
    async function exactlyOneEachOnceIdle(channels: readonly ChannelAddress[]): Promise<string[]> {
      const { platforms, store } = world;
      await waitUntil(() => platforms.inFlight() === 0, 'the stand-ins to be idle', 5_000);
      const problems: string[] = [];
      for (const channel of channels) {
        const rows = await deliveriesOf(store, channel);
        const row = rows[0];
        if (rows.length !== 1 || !row || row.status !== 'sent') {
          problems.push(`${channel}: deliveries ${JSON.stringify(rows.map((r) => [r.id, r.status, r.leaseOwner]))}`);
          continue;
        }
        const messages = messagesIn(platforms, channel);
        const ours = messagesOf(platforms, channel, row.id);
        if (messages !== 1 || ours !== 1) problems.push(`${channel}: ${messages} messages, ${ours} of ${row.id}`);
      }
      return problems;
    }

    it('every channel gets exactly one briefing per slot', async () => {
      const { platforms, store } = world;
      const channels = channelsFor('R', 50, 50);
      // A little latency per post, so the fan-out lasts long enough for both replicas to be at it.
      for (const [i, channel] of channels.all.entries()) slowDown(platforms, channel, 20 + ((i * 37) % 61));
      await addSchedules(store, channels.all, recentDailySlot(10).spec);

      const replicas = await startReplicas();
      await waitUntil(
        async () => {
          const counts = await store.deliveries.countByStatus();
          return counts.sent === channels.all.length && counts.pending === 0;
        },
        'every delivery to be sent',
        30_000,
        50,
        async () => JSON.stringify(await store.deliveries.countByStatus()),
      );

      expect(await exactlyOneEachOnceIdle(channels.all)).toEqual([]);
      // Who sent what (markSent leaves the sender's name on the row). Either may have won every
      // claim (one starts a little earlier): correct, so not asserted beyond "one of the two".
      const senders = new Map<string, number>();
      for (const channel of channels.all) {
        const [row] = await deliveriesOf(store, channel);
        const sender = row?.leaseOwner ?? '(none)';
        senders.set(sender, (senders.get(sender) ?? 0) + 1);
      }
      expect([...senders.values()].reduce((sum, n) => sum + n, 0)).toBe(channels.all.length);
      expect([...senders.keys()].every((sender) => REPLICAS.includes(sender))).toBe(true);
      console.info(`replicas (${name}): briefings sent per process ${JSON.stringify(Object.fromEntries(senders))}`);
      for (const replica of replicas) expect(replica.exit).toBeUndefined();
    }, 120_000);

    it('a Slack channel answering 500s and one not found hold up no other; the missing one is marked failing', async () => {
      const { platforms, store } = world;
      const channels = channelsFor('B', 40, 40);
      const serverError = 'slack:C0BERR500' as ChannelAddress;
      const notFound = 'slack:C0BGONE01' as ChannelAddress;
      platforms.slack.setChannelStatus(channelId(serverError), 500);
      platforms.slack.setChannelError(channelId(notFound), 'channel_not_found');
      // The broken channels are planned first, so every other channel is sent after they failed.
      await addSchedules(store, [serverError, notFound, ...channels.all], recentDailySlot(10).spec);

      const spawned = Date.now();
      const replicas = await startReplicas();
      const started = Date.now();
      await waitUntil(
        () => channels.all.every((c) => messagesIn(platforms, c) > 0),
        'every healthy channel to get its briefing',
        10_000,
        20,
        () => `without: ${channels.all.filter((c) => messagesIn(platforms, c) === 0).join(' ')}`,
      );
      const servedInMs = Date.now() - started;
      const servedAfterSpawnMs = Date.now() - spawned;
      await waitUntil(
        async () => (await store.channels.get(notFound))?.failing === true,
        'the missing channel to be marked failing',
        10_000,
        50,
      );
      await waitUntil(
        async () => (await deliveriesOf(store, serverError))[0]?.errorCode != null,
        'the 500 to be recorded',
        10_000,
        50,
      );
      // The bots record a send once Slack or Discord answers it: a moment after the message lands.
      await waitUntil(
        async () => (await store.deliveries.countByStatus()).sent === channels.all.length,
        "every healthy channel's delivery to be recorded as sent",
        10_000,
        50,
        async () => JSON.stringify(await store.deliveries.countByStatus()),
      );

      expect(await exactlyOneEachOnceIdle(channels.all)).toEqual([]);
      // Not found: failed for good, the channel failing and its schedule paused.
      expect(await store.channels.get(notFound)).toMatchObject({ failing: true, code: 'channel_not_found' });
      expect(await deliveriesOf(store, notFound)).toEqual([
        expect.objectContaining({ status: 'failed', errorCode: 'channel_not_found' }),
      ]);
      expect(await store.schedules.list({ channel: notFound, includePaused: true })).toEqual([
        expect.objectContaining({ paused: true }),
      ]);
      // 500s: transient, so pending with a retry scheduled; the channel is not called failing.
      expect(await deliveriesOf(store, serverError)).toEqual([
        expect.objectContaining({ status: 'pending', errorCode: 'platform_unavailable', attempts: 1 }),
      ]);
      expect((await store.channels.get(serverError))?.failing ?? false).toBe(false);
      expect(platforms.slack.history(channelId(serverError))).toEqual([]);
      expect(platforms.slack.history(channelId(notFound))).toEqual([]);

      // What a user sees: /sitrep why, typed in each broken channel, answered by either replica.
      const why = async (replica: BotProcess, channel: ChannelAddress) => {
        const res = await platforms.slack.sendSlashCommand({
          url: `${replica.url}/slack/events`,
          signingSecret: SIGNING_SECRET,
          channelId: channelId(channel),
          text: 'why',
        });
        expect(res.status).toBe(200);
        return JSON.parse(res.body) as { text: string; blocks: unknown[] };
      };
      const [a, b] = replicas as [BotProcess, BotProcess];
      expect((await why(a, notFound)).text).toBe('Posting to this channel fails (channel_not_found).');
      expect(JSON.stringify((await why(b, serverError)).blocks)).toContain('retrying');
      console.info(
        `broken channels (${name}): the 80 healthy channels were served ${servedInMs} ms after both were ready ` +
          `(${servedAfterSpawnMs} ms after they were spawned)`,
      );
    }, 120_000);
  });
}
