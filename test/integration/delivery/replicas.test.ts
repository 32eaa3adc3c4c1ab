import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryEngine } from '../../../src/core/delivery/engine.js';
import type { DeliveryRequest } from '../../../src/core/delivery/types.js';
import type { ChannelAddress } from '../../../src/core/ports.js';
import { Scheduler } from '../../../src/core/scheduler/scheduler.js';
import type { Store } from '../../../src/core/store.js';
import { type FreshDatabase, manualClock, storeCases } from '../../support/databases.js';
import { briefingMessage, catalogWith, RecordingAdapter, testStory } from '../../unit/core/delivery/fakes.js';

const CHANNELS = Array.from({ length: 30 }, (_, i) => `slack:C${i}` as ChannelAddress);

interface Replica {
  store: Store;
  adapter: RecordingAdapter;
  engine: DeliveryEngine;
}

describe.each(storeCases())('two replicas on one $name database', ({ fresh }) => {
  let database: FreshDatabase;
  const replicas: Replica[] = [];

  async function replica(clock = manualClock('2026-03-08T09:00:00Z')): Promise<Replica> {
    const store = await database.open({ clock });
    const adapter = new RecordingAdapter('slack');
    adapter.latencyMs = 2;
    const engine = new DeliveryEngine({ store, adapters: new Map([['slack', adapter]]), clock });
    const created = { store, adapter, engine };
    replicas.push(created);
    return created;
  }

  function sends(): string[] {
    return replicas.flatMap((r) => r.adapter.capturedPayloads.map((p) => `${p.to} ${p.deliveryId}`));
  }

  afterEach(async () => {
    for (const r of replicas.splice(0)) {
      await r.engine.stop(100);
      await r.store.close();
    }
    await database.dispose();
  });

  it('both enqueuing the same slot: exactly one send per channel', async () => {
    database = await fresh();
    const [a, b] = [await replica(), await replica()];
    const requests: DeliveryRequest[] = CHANNELS.map((channel) => ({
      id: `brief:s-${channel}:2026-03-08T09:00`,
      kind: 'briefing',
      channel,
      story: 'test-story',
      dueAt: new Date('2026-03-08T09:00:00Z'),
      message: briefingMessage(channel),
    }));
    await Promise.all([a.engine.enqueue(requests), b.engine.enqueue([...requests].reverse())]);
    await Promise.all([a.engine.whenIdle(), b.engine.whenIdle()]);
    const all = sends();
    expect(all).toHaveLength(CHANNELS.length);
    expect(new Set(all).size).toBe(CHANNELS.length);
    expect((await a.store.deliveries.countByStatus()).sent).toBe(CHANNELS.length);
  });

  it('both schedulers ticking the same slot: exactly one briefing per channel', async () => {
    database = await fresh();
    const clock = manualClock('2026-03-08T09:00:02Z');
    const [a, b] = [await replica(clock), await replica(clock)];
    for (const channel of CHANNELS) {
      await a.store.schedules.add({
        channel,
        story: null,
        spec: 'daily 09:00',
        timezone: 'UTC',
        tier: 'headline',
        createdAt: new Date('2026-03-01T00:00:00Z'),
      });
    }
    const schedulerOn = (r: Replica) =>
      new Scheduler({
        store: r.store,
        deliverer: r.engine,
        stories: catalogWith(testStory),
        clock,
        catchUpWindowMs: 3_600_000,
        sinceLastBriefing: async () => undefined,
        currentRevision: async () => undefined,
      });
    await Promise.all([schedulerOn(a).tick(), schedulerOn(b).tick()]);
    await Promise.all([a.engine.whenIdle(), b.engine.whenIdle()]);
    const all = sends();
    expect(all).toHaveLength(CHANNELS.length);
    expect(new Set(all.map((s) => s.split(' ')[0])).size).toBe(CHANNELS.length);
  });

  it('both recovering the same abandoned deliveries: each is sent once', async () => {
    database = await fresh();
    const clock = manualClock('2026-03-08T09:00:00Z');
    const crashed = await database.open({ clock });
    for (const channel of CHANNELS) {
      const message = briefingMessage(channel);
      await crashed.deliveries.claim(
        { id: `alert:1:${channel}`, kind: 'alert', channel, dueAt: clock.now(), payload: JSON.stringify(message) },
        'crashed',
        1_000,
      );
    }
    await crashed.close();
    clock.advance(5_000);
    const [a, b] = [await replica(clock), await replica(clock)];
    const [takenA, takenB] = await Promise.all([a.engine.recover(), b.engine.recover()]);
    expect(takenA + takenB).toBe(CHANNELS.length);
    await Promise.all([a.engine.whenIdle(), b.engine.whenIdle()]);
    const all = sends();
    expect(all).toHaveLength(CHANNELS.length);
    expect(new Set(all).size).toBe(CHANNELS.length);
  });
});
