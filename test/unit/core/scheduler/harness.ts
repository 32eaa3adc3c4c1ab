import { DeliveryEngine } from '../../../../src/core/delivery/engine.js';
import type { Card } from '../../../../src/core/message.js';
import type { ChannelAddress, Clock } from '../../../../src/core/ports.js';
import { Scheduler, type SchedulerOptions } from '../../../../src/core/scheduler/scheduler.js';
import type { Store } from '../../../../src/core/store.js';
import type { StoryCatalog } from '../../../../src/core/story/catalog.js';
import { type FreshDatabase, freshSqlite, manualClock } from '../../../support/databases.js';
import { catalogWith, RecordingAdapter, RecordingAdmins, testStory } from '../delivery/fakes.js';

export type ManualClock = ReturnType<typeof manualClock>;

/** A scheduler wired to a real engine on a real SQLite store, everything on one manual clock. */
export interface Harness {
  clock: ManualClock;
  database: FreshDatabase;
  store: Store;
  adapter: RecordingAdapter;
  admins: RecordingAdmins;
  engine: DeliveryEngine;
  catalog: StoryCatalog;
  sinceLastCalls: Array<{ channel: ChannelAddress; story: string }>;
  scheduler(overrides?: Partial<SchedulerOptions>): Scheduler;
  /** Ticks the scheduler and waits for every send the tick started. */
  tick(scheduler: Scheduler): Promise<void>;
  close(): Promise<void>;
}

export async function openHarness(start: string): Promise<Harness> {
  const clock = manualClock(start);
  const database = await freshSqlite();
  const store = await database.open({ clock });
  const adapter = new RecordingAdapter('slack');
  const admins = new RecordingAdmins();
  const engine = new DeliveryEngine({ store, adapters: new Map([['slack', adapter]]), admins, clock });
  const catalog = catalogWith(testStory);
  const sinceLastCalls: Harness['sinceLastCalls'] = [];
  const sinceLastBriefing = async (channel: ChannelAddress, story: string): Promise<Card | undefined> => {
    sinceLastCalls.push({ channel, story });
    return { title: 'Since your last briefing', blocks: [{ type: 'text', content: ['Nothing changed.'] }] };
  };
  return {
    clock,
    database,
    store,
    adapter,
    admins,
    engine,
    catalog,
    sinceLastCalls,
    scheduler: (overrides = {}) =>
      new Scheduler({
        store,
        deliverer: engine,
        stories: catalog,
        clock,
        catchUpWindowMs: 2 * 3_600_000,
        sinceLastBriefing,
        currentRevision: async () => 7,
        ...overrides,
      }),
    async tick(scheduler) {
      await scheduler.tick();
      await engine.whenIdle();
    },
    async close() {
      await engine.stop(100);
      await store.close();
      await database.dispose();
    },
  };
}

/**
 * A delivery engine and a scheduler of its own over the harness's store, adapter and stories, on
 * `clock` (real time, shifted) rather than the manual one, ticking every `tickMs`: for tests of the
 * scheduler's own timer. No "since your last briefing" card, no current revision.
 */
export function onShiftedRealTime(
  harness: Harness,
  clock: Clock,
  tickMs: number,
): { engine: DeliveryEngine; scheduler: Scheduler } {
  const engine = new DeliveryEngine({ store: harness.store, adapters: new Map([['slack', harness.adapter]]), clock });
  const scheduler = new Scheduler({
    store: harness.store,
    deliverer: engine,
    stories: harness.catalog,
    clock,
    catchUpWindowMs: 2 * 3_600_000,
    tickMs,
    sinceLastBriefing: async () => undefined,
    currentRevision: async () => undefined,
  });
  return { engine, scheduler };
}
