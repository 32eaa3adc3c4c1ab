import { afterEach, beforeEach } from 'vitest';
import type { DeliveryEngine } from '../../../../src/core/delivery/engine.js';
import type { Store } from '../../../../src/core/store.js';
import { type FreshDatabase, freshSqlite } from '../../../support/databases.js';
import { RecordingMetrics } from './metrics-recorder.js';

/** What each delivery-engine test gets afresh: its own SQLite database, a store on it, metrics. */
export interface EngineTestBed {
  database: FreshDatabase;
  store: Store;
  metrics: RecordingMetrics;
  /** Stops the engine after the test (before the store closes). */
  stopAfterTest(engine: DeliveryEngine): DeliveryEngine;
}

/** Registers the hooks that build and tear down an `EngineTestBed` around every test of the suite. */
export function engineTestBed(): EngineTestBed {
  const engines: DeliveryEngine[] = [];
  const bed = {
    stopAfterTest(engine: DeliveryEngine) {
      engines.push(engine);
      return engine;
    },
  } as EngineTestBed;
  beforeEach(async () => {
    bed.database = await freshSqlite();
    bed.store = await bed.database.open();
    bed.metrics = new RecordingMetrics();
  });
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.stop(100);
    await bed.store.close();
    await bed.database.dispose();
  });
  return bed;
}
