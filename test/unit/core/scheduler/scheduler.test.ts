import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig, type SitrepConfig } from '../../../../src/core/config/schema.js';
import { DeliveryEngine } from '../../../../src/core/delivery/engine.js';
import { syncConfigSchedules } from '../../../../src/core/scheduler/config-sync.js';
import { Scheduler } from '../../../../src/core/scheduler/scheduler.js';
import { RecordingAdapter } from '../delivery/fakes.js';
import { type Harness, onShiftedRealTime, openHarness } from './harness.js';

const HOUR = 3_600_000;

describe('Scheduler', () => {
  let harness: Harness;
  afterEach(() => harness.close());

  async function addDaily(
    time: string,
    overrides: { anchor?: string; story?: string | null; channel?: `slack:${string}` } = {},
  ) {
    return harness.store.schedules.add({
      channel: overrides.channel ?? 'slack:C1',
      story: overrides.story === undefined ? null : overrides.story,
      spec: `daily ${time}`,
      timezone: 'UTC',
      tier: 'short',
      createdAt: new Date(overrides.anchor ?? '2026-03-01T00:00:00Z'),
    });
  }

  it('builds the briefing with "since your last briefing" and records the story revision', async () => {
    harness = await openHarness('2026-03-08T08:59:50Z');
    const schedule = await addDaily('09:00');
    const scheduler = harness.scheduler();
    await harness.tick(scheduler);
    expect(harness.adapter.capturedPayloads).toHaveLength(0);
    expect(scheduler.nextDue()?.toISOString()).toBe('2026-03-08T09:00:00.000Z');

    harness.clock.set('2026-03-08T09:00:05Z');
    await harness.tick(scheduler);
    const [post] = harness.adapter.capturedPayloads;
    expect(post?.deliveryId).toBe(`brief:${schedule.id}:2026-03-08T09:00`);
    expect(post?.message.cards.map((c) => c.title)).toContain('Since your last briefing');
    expect(JSON.stringify(post?.message)).not.toContain('Late:');
    expect(harness.sinceLastCalls).toEqual([{ channel: 'slack:C1', story: 'test-story' }]);
    expect(await harness.store.deliveries.get(post?.deliveryId ?? '')).toMatchObject({
      status: 'sent',
      story: 'test-story',
      scheduleId: schedule.id,
      slotKey: '2026-03-08T09:00',
      revisionId: 7,
      late: false,
    });
    expect(scheduler.nextDue()?.toISOString()).toBe('2026-03-09T09:00:00.000Z');
  });

  it('catch-up within the grace window: the latest missed slot is sent once, marked late; older ones are recorded missed', async () => {
    harness = await openHarness('2026-03-08T10:30:00Z');
    const schedule = await harness.store.schedules.add({
      channel: 'slack:C1',
      story: null,
      spec: '0 * * * *',
      timezone: 'UTC',
      tier: 'headline',
      createdAt: new Date('2026-03-08T07:45:00Z'),
    });
    const scheduler = harness.scheduler();
    const report = await scheduler.tick();
    await harness.engine.whenIdle();
    expect(report).toMatchObject({ enqueued: 1, missed: 2 });

    const posts = harness.adapter.capturedPayloads;
    expect(posts.map((p) => p.deliveryId)).toEqual([`brief:${schedule.id}:2026-03-08T10:00`]);
    expect(JSON.stringify(posts[0]?.message)).toContain('Late: this briefing was due 10:00 on Sun 8 Mar (UTC).');
    const rows = await harness.store.deliveries.recent('slack:C1', 10);
    expect(rows.map((r) => [r.slotKey, r.status, r.late])).toEqual([
      ['2026-03-08T10:00', 'sent', true],
      ['2026-03-08T09:00', 'missed', false],
      ['2026-03-08T08:00', 'missed', false],
    ]);

    // A second start (or replica) does the same catch-up and finds it done.
    await harness.tick(harness.scheduler());
    expect(harness.adapter.capturedPayloads).toHaveLength(1);
  });

  it('catch-up beyond the grace window: nothing is sent, the slot is recorded as missed', async () => {
    harness = await openHarness('2026-03-08T12:00:00Z');
    const schedule = await addDaily('09:00');
    const report = await harness.scheduler().tick();
    await harness.engine.whenIdle();
    expect(report).toMatchObject({ enqueued: 0, missed: 1 });
    expect(harness.adapter.capturedPayloads).toHaveLength(0);
    expect(await harness.store.deliveries.get(`brief:${schedule.id}:2026-03-08T09:00`)).toMatchObject({
      status: 'missed',
      errorCode: 'missed',
    });
  });

  it('never fires slots before the schedule’s anchor', async () => {
    harness = await openHarness('2026-03-08T09:30:00Z');
    await addDaily('09:00', { anchor: '2026-03-08T09:10:00Z' });
    const report = await harness.scheduler().tick();
    expect(report).toMatchObject({ enqueued: 0, missed: 0 });
  });

  it('a slow tick that spans two slots sends only the latest', async () => {
    harness = await openHarness('2026-03-08T08:00:00Z');
    await harness.store.schedules.add({
      channel: 'slack:C1',
      story: null,
      spec: '*/5 * * * *',
      timezone: 'UTC',
      tier: 'short',
      createdAt: new Date('2026-03-08T08:00:00Z'),
    });
    const scheduler = harness.scheduler();
    await harness.tick(scheduler);
    harness.clock.set('2026-03-08T08:11:00Z');
    await harness.tick(scheduler);
    const rows = await harness.store.deliveries.recent('slack:C1', 10);
    expect(rows.map((r) => [r.slotKey, r.status])).toEqual([
      ['2026-03-08T08:10', 'sent'],
      ['2026-03-08T08:05', 'missed'],
      // The slot at the very instant the schedule was created counts.
      ['2026-03-08T08:00', 'sent'],
    ]);
  });

  it('skips paused schedules, and does not catch them up after they resume', async () => {
    harness = await openHarness('2026-03-08T08:59:00Z');
    await addDaily('09:00');
    await harness.store.schedules.pauseChannel('slack:C1', 'channel_not_found: gone');
    const scheduler = harness.scheduler();
    await harness.tick(scheduler);
    harness.clock.set('2026-03-08T09:01:00Z');
    await harness.tick(scheduler);
    await harness.store.schedules.resumeChannel('slack:C1');
    harness.clock.set('2026-03-08T09:02:00Z');
    await harness.tick(scheduler);
    expect(harness.adapter.capturedPayloads).toHaveLength(0);
    expect(await harness.store.deliveries.recent('slack:C1', 10)).toHaveLength(0);
  });

  it('records a slot as skipped when its story is not loaded', async () => {
    harness = await openHarness('2026-03-08T09:00:10Z');
    const schedule = await addDaily('09:00', { story: 'gone-story' });
    const report = await harness.scheduler().tick();
    expect(report.skipped).toBe(1);
    expect(await harness.store.deliveries.get(`brief:${schedule.id}:2026-03-08T09:00`)).toMatchObject({
      status: 'skipped',
      errorCode: 'story_not_found',
    });
  });

  it('an error building one briefing leaves that schedule for the next tick and others unaffected', async () => {
    harness = await openHarness('2026-03-08T09:00:10Z');
    await addDaily('09:00', { channel: 'slack:CBAD' });
    await addDaily('09:00', { channel: 'slack:CGOOD' });
    let failures = 1;
    const scheduler = harness.scheduler({
      sinceLastBriefing: async (channel) => {
        if (channel === 'slack:CBAD' && failures-- > 0) throw new Error('database hiccup');
        return undefined;
      },
    });
    expect((await scheduler.tick()).errors).toBe(1);
    await harness.engine.whenIdle();
    expect(harness.adapter.capturedPayloads.map((p) => p.to)).toEqual(['slack:CGOOD']);
    harness.clock.set('2026-03-08T09:00:25Z');
    await harness.tick(scheduler);
    expect(harness.adapter.capturedPayloads.map((p) => p.to).sort()).toEqual(['slack:CBAD', 'slack:CGOOD']);
  });

  it('two replicas ticking the same slot on one database send it once', async () => {
    harness = await openHarness('2026-03-08T09:00:01Z');
    for (let i = 0; i < 10; i++) await addDaily('09:00', { channel: `slack:C${i}` });
    const otherStore = await harness.database.open({ clock: harness.clock });
    const otherAdapter = new RecordingAdapter('slack');
    const otherEngine = new DeliveryEngine({
      store: otherStore,
      adapters: new Map([['slack', otherAdapter]]),
      clock: harness.clock,
    });
    const other = new Scheduler({
      store: otherStore,
      deliverer: otherEngine,
      stories: harness.catalog,
      clock: harness.clock,
      catchUpWindowMs: 2 * HOUR,
      sinceLastBriefing: async () => undefined,
      currentRevision: async () => undefined,
    });
    await Promise.all([harness.scheduler().tick(), other.tick()]);
    await Promise.all([harness.engine.whenIdle(), otherEngine.whenIdle()]);
    const all = [...harness.adapter.capturedPayloads, ...otherAdapter.capturedPayloads];
    expect(all).toHaveLength(10);
    expect(new Set(all.map((p) => p.to)).size).toBe(10);
    await otherEngine.stop(100);
    await otherStore.close();
  });

  it('start() fires at the next due slot without waiting for the regular tick', async () => {
    harness = await openHarness('2026-03-08T08:00:00Z');
    // Real time, shifted so that 09:00:00 UTC is 300 ms away.
    const offset = new Date('2026-03-08T08:59:59.700Z').getTime() - Date.now();
    const clock = { now: () => new Date(Date.now() + offset) };
    await addDaily('09:00');
    const { engine, scheduler } = onShiftedRealTime(harness, clock, 60_000);
    scheduler.start();
    const started = Date.now();
    while (harness.adapter.capturedPayloads.length === 0 && Date.now() - started < 2_000) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await scheduler.stop();
    await engine.stop(100);
    expect(harness.adapter.capturedPayloads).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('syncs config schedules under stable ids', async () => {
    harness = await openHarness('2026-03-08T08:00:00Z');
    const config: SitrepConfig = {
      ...defaultConfig,
      timezone: 'Europe/London',
      schedules: [
        { channel: 'slack:C1', at: 'daily 9:00', tier: 'short' },
        { channel: 'slack:C1', at: 'daily 09:00', tier: 'short' },
        { channel: 'discord:42', story: 'test-story', at: '0  7 * * 1-5', tz: 'America/New_York', tier: 'full' },
        { channel: 'slack:C2', at: 'daily 25:00', tier: 'short' },
      ],
    };
    const first = await syncConfigSchedules(harness.store, config);
    expect(first.added).toHaveLength(2);
    expect(first.problems).toEqual([
      {
        index: 3,
        entry: 'schedules[3] (slack:C2: daily 25:00)',
        message: expect.stringContaining('schedules[3].at: time "25:00"'),
      },
    ]);
    const again = await syncConfigSchedules(harness.store, config);
    expect(again).toMatchObject({ added: [], updated: [], removed: [] });

    const rows = (await harness.store.schedules.list()).sort((a, b) => a.channel.localeCompare(b.channel));
    expect(rows.map((r) => [r.id.slice(0, 4), r.origin, r.spec, r.timezone, r.createdBy])).toEqual([
      ['cfg-', 'config', '0 7 * * 1-5', 'America/New_York', 'config'],
      ['cfg-', 'config', 'daily 09:00', 'Europe/London', 'config'],
    ]);
    const edited = await syncConfigSchedules(harness.store, { ...config, schedules: config.schedules.slice(2, 3) });
    expect(edited.removed).toEqual([rows[1]?.id]);
  });
});
