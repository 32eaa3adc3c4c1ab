import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertId, alertRequests } from '../../src/core/claims/alerts.js';
import { storyHash } from '../../src/core/claims/canonical.js';
import { storyOfRevision } from '../../src/core/claims/revisions.js';
import { silentLogger } from '../../src/core/log.js';
import type { ChannelAddress } from '../../src/core/ports.js';
import type { Delivery, Revision, Store } from '../../src/core/store.js';
import { parseStory } from '../../src/core/story/load.js';
import {
  alertsIn,
  type BotProcess,
  channelId,
  channelsFor,
  INSTANCE,
  killBot,
  logsOf,
  messagesIn,
  type Platforms,
  prepareWorkspace,
  STORY_ID,
  startPlatforms,
  startWorkspaceBot,
  type Workspace,
  waitUntil,
} from './claims-harness.js';

/**
 * Issue #6, tracked claims, at the process level: the real bot (`node bin/sitrep.js start`) posting
 * to the Slack and Discord stand-ins, killed with SIGKILL at the worst moments, then restarted on
 * the same database and files. Every channel tracking the changed claim must end up with exactly
 * one alert for the revision: none lost, none doubled.
 *
 * About leases: a delivery the dead run had recorded stays leased to it (DeliveryEngine `leaseMs`,
 * 2 min by default). The restarted bot runs under the same SITREP_INSTANCE name, so it takes those
 * back at once (`reclaimOwned`), asking the platform first; the tests check that real path.
 *
 * Each case spawns the bot once or twice (start-up is most of its time: ~2 s each on an idle
 * machine); the 45 s timeouts leave room for a loaded CI machine.
 */

const CHANNELS_PER_PLATFORM = 20;
const CHANGED_CLAIM = 'kim-to-visit-russia';
/** How long the stand-ins hold a post to a "slow" channel before answering. */
const HOLD_MS = 3_500;

/** A mix of subscriptions, every one of which covers a change to CHANGED_CLAIM. */
function trackingOf(channels: readonly ChannelAddress[]) {
  const kinds = [`story ${STORY_ID}`, 'actor kim-jong-un', `claim ${CHANGED_CLAIM}`];
  return channels.map((channel, i) => ({ channel, track: kinds[i % kinds.length] as string }));
}

describe('claim alerts across a SIGKILL of the bot process (Slack + Discord stand-ins)', () => {
  let platforms: Platforms;
  let workspace: Workspace | undefined;
  const bots: BotProcess[] = [];
  const { slack: slackChannels, discord: discordChannels } = channelsFor(CHANNELS_PER_PLATFORM);
  const channels = [...slackChannels, ...discordChannels];

  beforeEach(async () => {
    platforms = await startPlatforms();
  });

  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
    await platforms.close();
    await workspace?.dispose();
    workspace = undefined;
  });

  async function startBot(ws: Workspace): Promise<BotProcess> {
    const bot = await startWorkspaceBot(ws, platforms);
    bots.push(bot);
    return bot;
  }

  /** A workspace whose every channel tracks CHANGED_CLAIM (disposed after the test), and a store on its database. */
  async function openWorkspace(): Promise<{ ws: Workspace; store: Store }> {
    const ws = await prepareWorkspace(trackingOf(channels));
    workspace = ws;
    return { ws, store: await ws.store() };
  }

  /**
   * What an earlier run of the bot leaves in the database (one spawn fewer per case): the story's
   * first revision, recorded at start as its baseline, with nothing to alert.
   */
  async function seedFirstRun(ws: Workspace): Promise<Revision> {
    const { revision } = await storeRevision(ws, await readFile(ws.storyFile, 'utf8'), 'start', true);
    return revision;
  }

  /** Stores the story's text as a revision, as the bot does, its alerts planned or not; with the story parsed. */
  async function storeRevision(ws: Workspace, text: string, via: 'start' | 'file', alertsPlanned: boolean) {
    const parsed = parseStory(text, ws.storyFile);
    if (!parsed.ok) throw new Error(`the story stored via ${via} is invalid`);
    const store = await ws.store();
    const revision = await store.revisions.add({
      story: STORY_ID,
      hash: storyHash(parsed.story),
      content: text,
      author: 'file',
      via,
      alertsPlanned,
    });
    return { revision, story: parsed.story };
  }

  async function rowsOf(store: Store, revision: number): Promise<Array<Delivery | undefined>> {
    return Promise.all(channels.map((c) => store.deliveries.get(alertId(revision, c))));
  }

  async function everyAlertSent(store: Store, revision: number): Promise<void> {
    await waitUntil(
      async () => (await rowsOf(store, revision)).every((r) => r?.status === 'sent'),
      'every alert of the revision to be sent after the restart',
      15_000,
      50,
    );
  }

  function expectExactlyOneAlertPerChannel(revision: number): void {
    const counts = Object.fromEntries(channels.map((c) => [c, alertsIn(platforms, c, alertId(revision, c))]));
    expect(counts).toEqual(Object.fromEntries(channels.map((c) => [c, 1])));
    // Nothing else was posted either (the baseline revision alerts nobody).
    const totals = Object.fromEntries(channels.map((c) => [c, messagesIn(platforms, c)]));
    expect(totals).toEqual(Object.fromEntries(channels.map((c) => [c, 1])));
  }

  it('kills the bot between accepting a revision and sending its alerts, and finds each alert delivered exactly once after restart', {
    timeout: 45_000,
  }, async () => {
    const ws = await prepareWorkspace(trackingOf(channels));
    workspace = ws;
    const first = await startBot(ws);
    const store = await ws.store();
    const baseline = (await store.revisions.latest(STORY_ID)) as Revision;
    expect(baseline.alertsPlanned).toBe(true);

    // Half the Slack channels are slow to answer: Slack stores the post at once, but its answer is
    // held. Every Discord channel is slow too (Discord holds the request before creating the
    // message), and Discord sends at most 10 at once, so 10 of those alerts do not even leave.
    const slowSlack = slackChannels.filter((_, i) => i % 2 === 0);
    for (const c of slowSlack) platforms.holdSlackReplies(channelId(c), HOLD_MS);
    for (const c of discordChannels) platforms.discord.setChannelDelay(channelId(c), HOLD_MS);

    await ws.editClaim(CHANGED_CLAIM, { status: 'confirmed', note: 'Kim arrived in Russia by armoured train.' });

    // The crash window: the revision is stored and planned, every alert is recorded, the fast Slack
    // channels have theirs, and the slow ones' posts sit unanswered at the platforms.
    let revision = 0;
    await waitUntil(
      async () => {
        const latest = await store.revisions.latest(STORY_ID);
        if (!latest || latest.id === baseline.id || !latest.alertsPlanned) return false;
        revision = latest.id;
        const rows = await rowsOf(store, revision);
        if (rows.some((r) => r === undefined)) return false;
        const sent = rows.filter((r) => r?.status === 'sent').length;
        return (
          sent === slackChannels.length - slowSlack.length &&
          platforms.slackInFlight() === slowSlack.length &&
          platforms.discordInFlight() > 0
        );
      },
      'the revision to be planned and the fast channels served',
      10_000,
      5,
    );
    await killBot(first);
    const reachedDiscord = new Set(platforms.discordInFlightChannels());

    const atCrash = await rowsOf(store, revision);
    const pending = atCrash.filter((r): r is Delivery => r?.status === 'pending');
    expect(atCrash.filter((r) => r?.status === 'sent')).toHaveLength(slackChannels.length - slowSlack.length);
    expect(pending).toHaveLength(slowSlack.length + discordChannels.length);
    for (const row of pending) expect(row.leaseOwner).toBe(INSTANCE);
    // Three kinds of unfinished alert: out on Slack but never acknowledged; received by Discord,
    // which is still working on it; never sent at all.
    const outOnSlack = pending.filter(
      (r) => r.channel.startsWith('slack:') && alertsIn(platforms, r.channel, r.id) === 1,
    );
    const atDiscord = pending.filter((r) => reachedDiscord.has(channelId(r.channel)));
    const neverLeft = pending.filter(
      (r) => r.channel.startsWith('discord:') && !reachedDiscord.has(channelId(r.channel)),
    );
    expect(outOnSlack).toHaveLength(slowSlack.length);
    expect(atDiscord.length).toBeGreaterThan(0);
    expect(neverLeft.length).toBeGreaterThan(0);
    expect(outOnSlack.length + atDiscord.length + neverLeft.length).toBe(pending.length);
    for (const c of slowSlack) platforms.holdSlackReplies(channelId(c), 0);
    for (const c of discordChannels) platforms.discord.clearChannelFaults(channelId(c));

    const second = await startBot(ws);
    await everyAlertSent(store, revision);

    expectExactlyOneAlertPerChannel(revision);
    // Slack: the alerts that had gone out were found by their metadata and not posted again.
    for (const c of slackChannels) {
      expect(platforms.slack.posted.filter((p) => p.channel === channelId(c))).toHaveLength(1);
    }
    // Discord: re-sent with the same nonce, so the request it had received and the new one made one
    // message between them, whichever came first.
    await waitUntil(() => platforms.discordInFlight() === 0, 'Discord to finish the held requests', HOLD_MS + 2_000);
    expectExactlyOneAlertPerChannel(revision);
    for (const row of atDiscord) {
      const [message] = platforms.discord.messagesIn(channelId(row.channel));
      expect(message?.createRequests).toBe(2);
    }
    expect(logsOf(second, 'took back deliveries a previous process of this name left').map((l) => l.count)).toEqual([
      pending.length,
    ]);
    // The restart saw the file it already had: no second revision, nothing planned again.
    expect((await store.revisions.latest(STORY_ID))?.id).toBe(revision);
    const alert = platforms.slack.history(channelId(slackChannels[0] as ChannelAddress))[0];
    expect(alert?.text).toContain(`${CHANGED_CLAIM} is now confirmed`);
  });

  it('kills the bot after a revision is stored but before its alerts are planned: planned and delivered exactly once at restart', {
    timeout: 45_000,
  }, async () => {
    const { ws, store } = await openWorkspace();
    const baseline = await seedFirstRun(ws);

    // The window between storing a revision and planning its alerts is a few milliseconds: too
    // small to hit with a signal reliably. The database is left as that crash leaves it instead:
    // the file saved, its revision stored, its alerts not planned, no delivery recorded.
    const text = await ws.editClaim(CHANGED_CLAIM, { status: 'confirmed', confidence: 'high' });
    const { revision: stored } = await storeRevision(ws, text, 'file', false);
    expect(await store.revisions.unplanned()).toEqual([stored]);
    const rows = await rowsOf(store, stored.id);
    expect(rows).toHaveLength(channels.length);
    expect(rows.every((r) => r === undefined)).toBe(true);

    const second = await startBot(ws);
    await everyAlertSent(store, stored.id);

    expectExactlyOneAlertPerChannel(stored.id);
    expect(await store.revisions.unplanned()).toEqual([]);
    expect((await store.revisions.list(STORY_ID)).map((r) => r.id)).toEqual([stored.id, baseline.id]);
    expect(logsOf(second, 'alerts planned').map((l) => [l.revision, l.alerts])).toEqual([[stored.id, channels.length]]);
    const alert = platforms.slack.history(channelId(slackChannels[0] as ChannelAddress))[0];
    expect(alert?.text).toContain(`${CHANGED_CLAIM} is now confirmed`);
    expect(JSON.stringify(alert?.blocks)).toContain('Edited in the story file');
  });

  it('kills the bot half-way through planning (some alerts recorded, the revision not marked planned): the rest are added, each sent once', {
    timeout: 45_000,
  }, async () => {
    const { ws, store } = await openWorkspace();
    await seedFirstRun(ws);

    // As a crash inside `planAlerts` leaves it: the revision stored unplanned, and the first
    // alerts of the fan-out recorded, leased to the dead run, never sent.
    const text = await ws.editClaim(CHANGED_CLAIM, { status: 'disputed' });
    const { revision: stored, story: edited } = await storeRevision(ws, text, 'file', false);
    const before = storyOfRevision((await store.revisions.previous(STORY_ID, stored.id)) as Revision);
    const requests = await alertRequests(
      {
        store,
        deliverer: { enqueue: async () => {} },
        clock: { now: () => new Date() },
        log: silentLogger,
        configTracking: trackingOf(channels),
      },
      stored,
      before as NonNullable<typeof before>,
      edited,
    );
    expect(requests).toHaveLength(channels.length);
    const recorded = requests.slice(0, 15);
    for (const r of recorded) {
      const claimed = await store.deliveries.claim(
        {
          id: r.id,
          kind: r.kind,
          channel: r.channel,
          story: r.story,
          revisionId: r.revisionId ?? null,
          payload: JSON.stringify(r.message),
          dueAt: r.dueAt,
        },
        INSTANCE,
        120_000,
      );
      expect(claimed).toBe(true);
    }

    const second = await startBot(ws);
    await everyAlertSent(store, stored.id);

    expectExactlyOneAlertPerChannel(stored.id);
    expect(await store.revisions.unplanned()).toEqual([]);
    expect(logsOf(second, 'took back deliveries a previous process of this name left').map((l) => l.count)).toEqual([
      recorded.length,
    ]);
  });
});
