import { beforeEach, describe, expect, it } from 'vitest';
import { DeliveryEngine, type DeliveryEngineOptions } from '../../../../src/core/delivery/engine.js';
import type { DeliveryRequest } from '../../../../src/core/delivery/types.js';
import type { ChannelAddress } from '../../../../src/core/ports.js';
import { manualClock } from '../../../support/databases.js';
import { engineTestBed } from './engine-fixture.js';
import { briefingMessage, eventually, failWith, RecordingAdapter, RecordingAdmins } from './fakes.js';

function request(id: string, channel: ChannelAddress, dueAt = new Date()): DeliveryRequest {
  return { id, kind: 'briefing', channel, story: 'test-story', dueAt, message: briefingMessage(id) };
}

function alert(id: string, channel: ChannelAddress): DeliveryRequest {
  return { ...request(id, channel), kind: 'alert' };
}

describe('DeliveryEngine', () => {
  const bed = engineTestBed();
  let adapter: RecordingAdapter;
  let admins: RecordingAdmins;

  /** A daily 09:00 (UTC) short briefing of every story in `channel`. */
  function addDailySchedule(channel: ChannelAddress) {
    return bed.store.schedules.add({ channel, story: null, spec: 'daily 09:00', timezone: 'UTC', tier: 'short' });
  }

  function engine(options: Partial<DeliveryEngineOptions> = {}): DeliveryEngine {
    return bed.stopAfterTest(
      new DeliveryEngine({
        store: bed.store,
        adapters: new Map([['slack', adapter]]),
        admins,
        metrics: bed.metrics,
        limits: { channelIntervalMs: { slack: 0, discord: 0, shell: 0 } },
        retry: { baseDelayMs: 10, maxDelayMs: 50 },
        ...options,
      }),
    );
  }

  beforeEach(() => {
    adapter = new RecordingAdapter('slack');
    admins = new RecordingAdmins();
  });

  it('records before sending, sends once, and ignores the same delivery enqueued again', async () => {
    const e = engine();
    await e.enqueue([request('brief:s1:2026-03-08T09:00', 'slack:C1')]);
    await e.whenIdle();
    await e.enqueue([request('brief:s1:2026-03-08T09:00', 'slack:C1')]);
    await e.whenIdle();
    expect(adapter.capturedPayloads).toHaveLength(1);
    const row = await bed.store.deliveries.get('brief:s1:2026-03-08T09:00');
    expect(row).toMatchObject({ status: 'sent', attempts: 1, messageId: 'm1' });
    expect(JSON.parse(row?.payload ?? 'null')).toEqual(briefingMessage('brief:s1:2026-03-08T09:00'));
    expect(bed.metrics.count('sent')).toBe(1);
    expect(bed.metrics.latencies).toHaveLength(1);
  });

  it('after a crash, a new engine sends a claimed-but-unsent delivery exactly once', async () => {
    const clock = manualClock('2026-03-08T09:00:00Z');
    const crashedStore = await bed.database.open({ clock });
    // The crashed process recorded it (with its message) and died before posting.
    const crashed = request('brief:s1:2026-03-08T09:00', 'slack:C1');
    await crashedStore.deliveries.claim(
      { ...crashed, payload: JSON.stringify(crashed.message), story: 'test-story' },
      'crashed-process',
      60_000,
    );
    await crashedStore.close();

    const e = engine({ clock });
    expect(await e.recover()).toBe(0); // its lease has not run out yet
    clock.advance(61_000);
    expect(await e.recover()).toBe(1);
    await e.whenIdle();
    expect(await e.recover()).toBe(0);
    await e.whenIdle();
    expect(adapter.findCalls).toEqual(['brief:s1:2026-03-08T09:00']);
    expect(adapter.capturedPayloads.map((p) => p.deliveryId)).toEqual(['brief:s1:2026-03-08T09:00']);
    expect(adapter.capturedPayloads[0]?.message).toEqual(crashed.message);
    expect((await bed.store.deliveries.get(crashed.id))?.status).toBe('sent');
  });

  it("restarted under the same name after a SIGKILL, takes back its predecessor's deliveries at once", async () => {
    const clock = manualClock('2026-03-08T09:00:00Z');
    // The killed run (owner "pod-0") had claimed three: one reached Slack before the kill, two did not.
    const posted = request('brief:s1:2026-03-08T09:00', 'slack:C1');
    const unsent = request('brief:s2:2026-03-08T09:00', 'slack:C2');
    const elsewhere = request('brief:s3:2026-03-08T09:00', 'slack:C3');
    const killedStore = await bed.database.open({ clock });
    for (const [r, owner] of [
      [posted, 'pod-0'],
      [unsent, 'pod-0'],
      [elsewhere, 'pod-1'],
    ] as const) {
      await killedStore.deliveries.claim({ ...r, payload: JSON.stringify(r.message) }, owner, 120_000);
    }
    await killedStore.close();
    adapter.capturedPayloads.push({ to: 'slack:C1', deliveryId: posted.id, message: posted.message, atMs: 0 });
    clock.advance(2_000);

    const e = engine({ clock, owner: 'pod-0', leaseMs: 120_000, recoverEveryMs: 3_600_000 });
    await e.start();
    await e.whenIdle();
    // Both asked about first (taken over, so possibly posted), only the unsent one posted.
    expect(adapter.findCalls.sort()).toEqual([posted.id, unsent.id]);
    expect(adapter.attempts.map((a) => a.deliveryId)).toEqual([unsent.id]);
    expect(await bed.store.deliveries.get(posted.id)).toMatchObject({
      status: 'sent',
      messageId: `found:${posted.id}`,
    });
    expect((await bed.store.deliveries.get(unsent.id))?.status).toBe('sent');
    // Another live process's lease is left alone until it runs out.
    expect(await bed.store.deliveries.get(elsewhere.id)).toMatchObject({ status: 'pending', leaseOwner: 'pod-1' });
    expect(bed.metrics.count('already_sent')).toBe(1);
  });

  it("under a new name, a restart waits for the dead process's lease to run out", async () => {
    const clock = manualClock('2026-03-08T09:00:00Z');
    const left = request('brief:s1:2026-03-08T09:00', 'slack:C1');
    const killedStore = await bed.database.open({ clock });
    await killedStore.deliveries.claim({ ...left, payload: JSON.stringify(left.message) }, 'pod-0', 120_000);
    await killedStore.close();
    clock.advance(2_000);
    const e = engine({ clock, owner: 'pod-0-renamed', recoverEveryMs: 3_600_000 });
    await e.start();
    await e.whenIdle();
    expect(adapter.attempts).toEqual([]);
    clock.advance(120_000);
    expect(await e.recover()).toBe(1);
    await e.whenIdle();
    expect(adapter.attempts.map((a) => a.deliveryId)).toEqual([left.id]);
  });

  it("a delivery it claimed itself before start() is not taken back as a predecessor's", async () => {
    adapter.latencyMs = 30;
    const e = engine({ owner: 'pod-0', recoverEveryMs: 3_600_000 });
    await e.enqueue([request('own', 'slack:C1')]);
    await e.start();
    await e.whenIdle();
    expect(adapter.findCalls).toEqual([]);
    expect(adapter.attempts.map((a) => a.deliveryId)).toEqual(['own']);
    expect(await bed.store.deliveries.get('own')).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('does not resend when findDelivery finds the message already posted', async () => {
    const clock = manualClock('2026-03-08T09:00:00Z');
    const crashed = request('alert:7:slack:C1', 'slack:C1');
    await bed.store.deliveries.claim(
      { ...crashed, payload: JSON.stringify(crashed.message) },
      'crashed-process',
      1_000,
    );
    // It reached Slack before the crash; the platform's history has it.
    adapter.capturedPayloads.push({ to: 'slack:C1', deliveryId: crashed.id, message: crashed.message, atMs: 0 });
    clock.set(new Date(Date.now() + 5_000));

    const e = engine({ clock });
    expect(await e.recover()).toBe(1);
    await e.whenIdle();
    expect(adapter.attempts).toHaveLength(0);
    expect(await bed.store.deliveries.get(crashed.id)).toMatchObject({
      status: 'sent',
      messageId: `found:${crashed.id}`,
    });
    expect(bed.metrics.count('already_sent')).toBe(1);
  });

  it('resends a recovered delivery when the adapter cannot look (a Discord nonce makes that harmless)', async () => {
    adapter.supportsFind = false;
    const crashed = request('brief:s2:2026-03-08T09:00', 'slack:C2');
    await bed.store.deliveries.claim({ ...crashed, payload: JSON.stringify(crashed.message) }, 'crashed-process', 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const e = engine();
    expect(await e.recover()).toBe(1);
    await e.whenIdle();
    expect(adapter.capturedPayloads).toHaveLength(1);
  });

  it('retries a transient failure with backoff, checking the platform before the resend', async () => {
    adapter.answer('slack:C1', (_to, attempt) =>
      attempt === 1 ? failWith('platform_unavailable', 'HTTP 500')('slack:C1', 1) : { ok: true, messageId: 'm-ok' },
    );
    const e = engine();
    await e.start();
    await e.enqueue([request('d1', 'slack:C1')]);
    await eventually(async () => (await bed.store.deliveries.get('d1'))?.status === 'sent');
    expect(await bed.store.deliveries.get('d1')).toMatchObject({ attempts: 2, messageId: 'm-ok' });
    expect(adapter.findCalls).toEqual(['d1']);
    expect(bed.metrics.count('retry')).toBe(1);
  });

  it('obeys a rate limit’s Retry-After', async () => {
    adapter.answer('slack:C1', (_to, attempt) =>
      attempt === 1 ? failWith('rate_limited', 'ratelimited', 150)('slack:C1', 1) : { ok: true, messageId: 'm-ok' },
    );
    const e = engine();
    await e.start();
    const started = Date.now();
    await e.enqueue([request('d1', 'slack:C1')]);
    await eventually(async () => (await bed.store.deliveries.get('d1'))?.status === 'sent');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(bed.metrics.rateLimits).toBe(1);
  });

  it('gives up after the attempt limit, records the failure and tells admins once', async () => {
    adapter.answer('slack:C1', failWith('timeout', 'no answer'));
    const e = engine({ retry: { baseDelayMs: 5, maxDelayMs: 10, maxAttempts: 3 } });
    await e.start();
    await e.enqueue([request('d1', 'slack:C1'), request('d2', 'slack:C1')]);
    await eventually(async () => {
      const rows = await Promise.all(['d1', 'd2'].map((id) => bed.store.deliveries.get(id)));
      return rows.every((row) => row?.status === 'failed');
    });
    expect(await bed.store.deliveries.get('d1')).toMatchObject({ attempts: 3, errorCode: 'timeout' });
    expect(admins.messages).toHaveLength(1);
    expect(admins.messages[0]?.text).toContain('slack:C1');
    // A transient outage does not pause the channel.
    expect((await bed.store.channels.get('slack:C1'))?.failing ?? false).toBe(false);
  });

  it('on a permanent error: fails, marks the channel failing, pauses its schedules, tells admins once', async () => {
    await addDailySchedule('slack:CGONE');
    adapter.answer('slack:CGONE', failWith('channel_not_found', 'channel_not_found'));
    const e = engine();
    await e.enqueue([request('a', 'slack:CGONE'), request('b', 'slack:CGONE'), request('c', 'slack:C1')]);
    await e.whenIdle();
    // Later: a briefing planned before the pause is not tried; an alert is (it finds a channel that works again).
    await e.enqueue([request('d', 'slack:CGONE'), alert('e', 'slack:CGONE')]);
    await e.whenIdle();
    for (const id of ['a', 'b', 'd', 'e']) {
      expect(await bed.store.deliveries.get(id)).toMatchObject({ status: 'failed', errorCode: 'channel_not_found' });
    }
    // The second and fourth were not even tried: the channel had failed.
    expect(adapter.attempts.filter((a) => a.to === 'slack:CGONE').map((a) => a.deliveryId)).toEqual(['a', 'e']);
    expect((await bed.store.deliveries.get('c'))?.status).toBe('sent');
    expect(await bed.store.channels.get('slack:CGONE')).toMatchObject({ failing: true, code: 'channel_not_found' });
    expect(await bed.store.schedules.list({ channel: 'slack:CGONE' })).toHaveLength(0);
    expect((await bed.store.schedules.list({ channel: 'slack:CGONE', includePaused: true }))[0]).toMatchObject({
      paused: true,
    });
    expect(admins.messages).toHaveLength(1);
  });

  it('a success after a failure marks the channel healthy and resumes its schedules', async () => {
    await addDailySchedule('slack:C1');
    adapter.answer('slack:C1', failWith('not_in_channel'));
    const e = engine();
    await e.enqueue([request('a', 'slack:C1')]);
    await e.whenIdle();
    expect(await bed.store.schedules.list({ channel: 'slack:C1' })).toHaveLength(0);
    adapter.answer('slack:C1', () => ({ ok: true, messageId: 'back' }));
    await e.enqueue([alert('b', 'slack:C1')]);
    await e.whenIdle();
    expect((await bed.store.channels.get('slack:C1'))?.failing).toBe(false);
    expect(await bed.store.schedules.list({ channel: 'slack:C1' })).toHaveLength(1);
    expect(admins.messages.map((m) => m.cards[0]?.tone)).toEqual(['error', 'success']);
  });

  it('paces messages to one Slack channel but not across channels', async () => {
    const e = engine({ limits: { channelIntervalMs: { slack: 100, discord: 0, shell: 0 } } });
    await e.enqueue([
      request('a1', 'slack:CA'),
      request('a2', 'slack:CA'),
      request('a3', 'slack:CA'),
      request('b1', 'slack:CB'),
    ]);
    await e.whenIdle();
    const times = adapter.sentTo('slack:CA').map((p) => p.atMs);
    expect(adapter.sentTo('slack:CA').map((p) => p.deliveryId)).toEqual(['a1', 'a2', 'a3']);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(95);
    expect((times[2] ?? 0) - (times[1] ?? 0)).toBeGreaterThanOrEqual(95);
    expect(adapter.sentTo('slack:CB')[0]?.atMs ?? Number.POSITIVE_INFINITY).toBeLessThan(times[1] ?? 0);
  });

  it('a Slack workspace over its budget waits without holding up another workspace', async () => {
    for (let i = 0; i < 12; i++) adapter.workspaces.set(`slack:BUSY${i}`, 'T-BUSY');
    adapter.workspaces.set('slack:QUIET', 'T-QUIET');
    // 610 a minute: a burst of 10, then one every 100 ms.
    const e = engine({ limits: { slackWorkspacePerMinute: 610, slackWorkspaceBurst: 10 } });
    const started = Date.now();
    await e.enqueue([
      ...Array.from({ length: 12 }, (_, i) => request(`busy${i}`, `slack:BUSY${i}` as ChannelAddress)),
      request('quiet', 'slack:QUIET'),
    ]);
    await e.whenIdle();
    const quiet = adapter.sentTo('slack:QUIET')[0]?.atMs ?? Number.POSITIVE_INFINITY;
    const busy = adapter.capturedPayloads.filter((p) => p.to !== 'slack:QUIET').map((p) => p.atMs);
    busy.sort((a, b) => a - b);
    expect(busy).toHaveLength(12);
    // The 11th and 12th busy messages wait for tokens (~100 ms each); the quiet workspace does not.
    expect((busy[11] ?? 0) - started).toBeGreaterThanOrEqual(150);
    expect(quiet).toBeLessThan(busy[10] ?? 0);
  });

  it('drops a queued delivery whose lease another process took over', async () => {
    const e = engine({ limits: { channelIntervalMs: { slack: 150, discord: 0, shell: 0 } } });
    await e.enqueue([request('first', 'slack:C1'), request('second', 'slack:C1')]);
    // While "second" waits for pacing, another replica takes it over (as if our lease had lapsed).
    const taken = await bed.store.deliveries.takeOver('other', 60_000, new Date(Date.now() + 3_600_000), 10);
    expect(taken.map((d) => d.id)).toContain('second');
    await e.whenIdle();
    expect(adapter.capturedPayloads.map((p) => p.deliveryId)).toEqual(['first']);
    expect(bed.metrics.count('lost')).toBe(1);
  });

  it('stop() waits for sends under way, then releases the rest for another process', async () => {
    adapter.latencyMs = 50;
    const e = engine({ limits: { channelIntervalMs: { slack: 1_000, discord: 0, shell: 0 } } });
    await e.enqueue([request('now', 'slack:C1'), request('later', 'slack:C1')]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await e.stop(1_000);
    expect(adapter.capturedPayloads.map((p) => p.deliveryId)).toEqual(['now']);
    expect((await bed.store.deliveries.get('now'))?.status).toBe('sent');
    const later = await bed.store.deliveries.get('later');
    expect(later).toMatchObject({ status: 'pending', leaseOwner: null });

    await e.enqueue([request('after-stop', 'slack:C2')]);
    expect(await bed.store.deliveries.get('after-stop')).toMatchObject({ status: 'pending', leaseOwner: null });

    await new Promise((resolve) => setTimeout(resolve, 5)); // released "now"; taken over once that has passed
    const next = engine();
    expect(await next.recover()).toBe(2);
    await next.whenIdle();
    expect(adapter.capturedPayloads.map((p) => p.deliveryId).sort()).toEqual(['after-stop', 'later', 'now']);
  });

  it('a send that times out is retried, and not duplicated when the platform had it after all', async () => {
    adapter.answer('slack:C1', (_to, attempt) => (attempt === 1 ? 'hang' : { ok: true, messageId: 'm2' }));
    const e = engine({ sendTimeoutMs: 50 });
    await e.start();
    await e.enqueue([request('slow', 'slack:C1')]);
    await eventually(async () => (await bed.store.deliveries.get('slow'))?.status === 'sent');
    expect(await bed.store.deliveries.get('slow')).toMatchObject({ attempts: 2 });
    expect(bed.metrics.count('retry')).toBe(1);
  });

  it('fails a delivery for a platform with no adapter instead of retrying it forever', async () => {
    const e = engine();
    await e.enqueue([request('d', 'discord:123')]);
    await e.whenIdle();
    expect(await bed.store.deliveries.get('d')).toMatchObject({ status: 'failed', errorCode: 'platform_unavailable' });
  });
});
