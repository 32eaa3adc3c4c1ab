import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryEngine } from '../../../src/core/delivery/engine.js';
import type { ChannelAddress, Clock } from '../../../src/core/ports.js';
import { Scheduler } from '../../../src/core/scheduler/scheduler.js';
import type { Store } from '../../../src/core/store.js';
import { SitrepError } from '../../../src/errors.js';
import { type FreshDatabase, freshSqlite } from '../../support/databases.js';
import {
  catalogWith,
  eventually,
  failWith,
  RecordingAdapter,
  RecordingAdmins,
  testStory,
} from '../../unit/core/delivery/fakes.js';
import { RecordingMetrics } from '../../unit/core/delivery/metrics-recorder.js';

/** Real time, shifted so that it reads `start` when `startAt` is called: retries and pacing run for real. */
function shiftedClock(start: string): Clock & { startAt(instant: string): void } {
  let offset = new Date(start).getTime() - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    startAt(instant) {
      offset = new Date(instant).getTime() - Date.now();
    },
  };
}

describe('fan-out of one slot to 52 channels, two of them broken', () => {
  let database: FreshDatabase;
  let store: Store;
  let engine: DeliveryEngine;

  afterEach(async () => {
    await engine.stop(200);
    await store.close();
    await database.dispose();
  });

  it('50 channels get their briefing on time; the 500s are retried then given up; the missing channel is paused, admins told once each', async () => {
    const clock = shiftedClock('2026-03-09T08:59:00Z');
    database = await freshSqlite();
    store = await database.open({ clock });
    const adapter = new RecordingAdapter('slack');
    adapter.latencyMs = 20;
    const admins = new RecordingAdmins();
    const metrics = new RecordingMetrics();

    const healthy = Array.from({ length: 50 }, (_, i) => `slack:COK${i}` as ChannelAddress);
    const broken: ChannelAddress = 'slack:C500';
    const gone: ChannelAddress = 'slack:CGONE';
    const created = new Date('2026-03-01T00:00:00Z');
    for (const channel of [...healthy, broken, gone]) {
      await store.schedules.add({
        channel,
        story: null,
        spec: 'daily 09:00',
        timezone: 'UTC',
        tier: 'short',
        createdAt: created,
      });
    }
    // A second schedule in the missing channel: its briefing must not be tried once the channel is known gone.
    await store.schedules.add({
      channel: gone,
      story: null,
      spec: '0 9 * * *',
      timezone: 'UTC',
      tier: 'full',
      createdAt: created,
    });

    // The broken channel first hangs until the test lets go (then times out), then answers HTTP 500s;
    // the other channel does not exist.
    let letGo: () => void = () => {};
    const hanging = new Promise<void>((resolve) => {
      letGo = resolve;
    });
    const serverError = { ok: false as const, error: new SitrepError('platform_unavailable', 'HTTP 500') };
    adapter.answer(broken, (_to, attempt) =>
      attempt === 1
        ? hanging.then(() => ({ ok: false as const, error: new SitrepError('timeout', 'timed out') }))
        : serverError,
    );
    adapter.answer(gone, failWith('channel_not_found', 'channel_not_found'));

    engine = new DeliveryEngine({
      store,
      adapters: new Map([['slack', adapter]]),
      admins,
      metrics,
      clock,
      sendTimeoutMs: 30_000,
      retry: { baseDelayMs: 20, maxDelayMs: 50, maxAttempts: 3 },
    });
    await engine.start();
    const scheduler = new Scheduler({
      store,
      deliverer: engine,
      stories: catalogWith(testStory),
      clock,
      catchUpWindowMs: 2 * 3_600_000,
      sinceLastBriefing: async () => undefined,
      currentRevision: async () => 1,
    });
    // Setup took a while on a busy machine: start the day just before the slot.
    clock.startAt('2026-03-09T08:59:59.900Z');
    await scheduler.tick(); // 08:59:59.9: nothing due yet
    await new Promise((resolve) => setTimeout(resolve, 110));
    await scheduler.tick(); // 09:00:00.01: the slot

    await eventually(() => healthy.every((channel) => adapter.sentTo(channel).length === 1));
    // All 50 went out while the broken channel was still stuck on its first attempt.
    expect(adapter.attempts.filter((a) => a.to === broken)).toHaveLength(1);
    expect((await store.deliveries.recent(broken, 1))[0]).toMatchObject({ status: 'pending', attempts: 0 });
    for (const channel of healthy) {
      const [row] = await store.deliveries.recent(channel, 5);
      expect(row?.status).toBe('sent');
      // On time: within moments of the slot (generous, for a loaded test machine).
      expect((row?.sentAt?.getTime() ?? 0) - (row?.dueAt.getTime() ?? 0)).toBeLessThan(5_000);
    }
    letGo();

    await eventually(async () => (await store.deliveries.recent(broken, 1))[0]?.status === 'failed');
    const [failed] = await store.deliveries.recent(broken, 1);
    expect(failed).toMatchObject({ attempts: 3, errorCode: 'platform_unavailable' }); // timeout, 500, 500
    expect(await store.schedules.list({ channel: broken })).toHaveLength(1); // a transient outage pauses nothing

    // (Yesterday's slots, just inside the 24 h look-back of the first tick, are recorded as missed.)
    const goneRows = (await store.deliveries.recent(gone, 5)).filter((r) => r.slotKey?.startsWith('2026-03-09'));
    expect(goneRows.map((r) => [r.status, r.errorCode])).toEqual([
      ['failed', 'channel_not_found'],
      ['failed', 'channel_not_found'],
    ]);
    expect(adapter.attempts.filter((a) => a.to === gone)).toHaveLength(1);
    expect(await store.schedules.list({ channel: gone })).toHaveLength(0);
    const goneSchedules = await store.schedules.list({ channel: gone, includePaused: true });
    expect(goneSchedules).toHaveLength(2);
    expect(goneSchedules.every((s) => s.paused)).toBe(true);
    expect(await store.channels.listFailing()).toMatchObject([{ channel: gone, code: 'channel_not_found' }]);

    const notices = admins.messages.map((m) => m.text);
    expect(notices.filter((t) => t.includes(gone))).toHaveLength(1);
    expect(notices.filter((t) => t.includes(broken))).toHaveLength(1);
    expect(notices).toHaveLength(2);

    expect(metrics.count('sent')).toBe(50);
    expect(metrics.count('failed')).toBe(3);

    // The next day, the paused channel is passed over; the others are served again.
    const nextDay = new Date('2026-03-10T09:00:01Z').getTime() - clock.now().getTime();
    const later: Clock = { now: () => new Date(clock.now().getTime() + nextDay) };
    const report = await new Scheduler({
      store,
      deliverer: { enqueue: async () => undefined },
      stories: catalogWith(testStory),
      clock: later,
      catchUpWindowMs: 3_600_000,
      sinceLastBriefing: async () => undefined,
      currentRevision: async () => 1,
    }).tick();
    expect(report.enqueued).toBe(51);
  });
});
