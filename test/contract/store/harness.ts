import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Store } from '../../../src/core/store.js';
import { type FreshDatabase, manualClock, type StoreCase } from '../../support/databases.js';

export const T0 = '2026-03-08T09:00:00.000Z';

/**
 * One database per suite and dialect (creating a Postgres schema costs a few hundred ms), emptied
 * before every test, with a hand-moved clock reset to `T0`. `another()` opens a second store on
 * the same database: a second replica.
 */
export function useStore(storeCase: StoreCase) {
  const clock = manualClock(T0);
  let database: FreshDatabase | undefined;
  let store: Store | undefined;
  const others: Store[] = [];

  beforeAll(async () => {
    database = await storeCase.fresh();
    store = await database.open({ clock });
  });
  beforeEach(async () => {
    await Promise.all(others.splice(0).map((s) => s.close()));
    await database?.reset();
    clock.set(T0);
  });
  afterAll(async () => {
    await Promise.all(others.splice(0).map((s) => s.close()));
    await store?.close();
    await database?.dispose();
  });

  return {
    clock,
    get store(): Store {
      if (!store) throw new Error('store not open');
      return store;
    },
    get database(): FreshDatabase {
      if (!database) throw new Error('database not created');
      return database;
    },
    /** Another store (replica) on the same database, closed after the test. */
    async another(): Promise<Store> {
      if (!database) throw new Error('database not created');
      const other = await database.open({ clock });
      others.push(other);
      return other;
    },
  };
}

export function at(iso: string): Date {
  return new Date(iso);
}
