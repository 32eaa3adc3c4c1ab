import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/db.js';
import { storeCases } from '../../support/databases.js';

describe.each(storeCases())('Store ($name)', (storeCase) => {
  it('opens migrated, answers ping, and keeps its data across a reopen', async () => {
    const database = await storeCase.fresh();
    try {
      const first = await database.open();
      expect(first.dialect).toBe(storeCase.name);
      await first.ping();
      await first.tracking.add({ channel: 'slack:C1', kind: 'story', target: 'x', story: 'x' });
      await first.close();
      await first.close(); // closing twice is harmless

      const second = await database.open();
      expect(await second.tracking.list()).toHaveLength(1);
      await second.close();
      await expect(second.ping()).rejects.toThrow();
    } finally {
      await database.dispose();
    }
  });
});

describe('openStore', () => {
  it('creates the directory of a new SQLite file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sitrep-open-'));
    try {
      const store = await openStore(`file:${join(dir, 'nested', 'data', 'sitrep.db')}`);
      await store.ping();
      await store.close();
      expect((await stat(join(dir, 'nested', 'data', 'sitrep.db'))).isFile()).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('opens a private in-memory SQLite database', async () => {
    const [a, b] = await Promise.all([openStore('file::memory:'), openStore('file::memory:')]);
    await a?.tracking.add({ channel: 'slack:C1', kind: 'story', target: 'x', story: 'x' });
    expect(await b?.tracking.list()).toEqual([]);
    expect(a?.dialect).toBe('sqlite');
    await Promise.all([a?.close(), b?.close()]);
  });

  it('refuses a URL it does not understand, naming it', async () => {
    await expect(openStore('mysql://u:secret@db/x')).rejects.toThrow(/file:.*postgres:\/\/.*mysql:\/\/u:\*\*\*@db\/x/);
    await expect(openStore('file::memory:', { schema: 'x' })).rejects.toThrow(/only be chosen for Postgres/);
    await expect(openStore('postgres://localhost/x?schema=bad-name')).rejects.toThrow(/schema name/);
  });
});
