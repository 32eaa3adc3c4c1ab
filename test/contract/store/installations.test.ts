import { randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/store.js';
import { SecretBox } from '../../../src/store/encryption.js';
import { storeCases } from '../../support/databases.js';
import { at, useStore } from './harness.js';

const t1 = at('2026-03-08T09:00:00.000Z');
const t2 = at('2026-03-08T10:00:00.000Z');
const KEY = randomBytes(32);

/** The `secret` column as stored, read past the store. */
async function rawSecrets(url: string): Promise<string[]> {
  if (url.startsWith('file:')) {
    const db = new BetterSqlite3(url.slice('file:'.length), { readonly: true });
    try {
      return (db.prepare('select secret from installations').all() as Array<{ secret: string }>).map((r) => r.secret);
    } finally {
      db.close();
    }
  }
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.search = '';
  const client = new pg.Client({ connectionString: parsed.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ secret: string }>(`select secret from "${schema}".installations`);
    return rows.map((r) => r.secret);
  } finally {
    await client.end();
  }
}

const install = (workspace: string, token: string, at = t1) => ({
  platform: 'slack' as const,
  workspace,
  workspaceName: `Team ${workspace}`,
  installerUserId: 'U0INSTALL',
  botUserId: 'U0BOT',
  secret: { bot: { token, scopes: ['chat:write'] }, team: { id: workspace } },
  at,
});

describe.each(storeCases())('InstallationRepo ($name)', (storeCase) => {
  const t = useStore(storeCase);
  const withKey = (key = KEY): Promise<Store> => t.database.open({ clock: t.clock, secrets: new SecretBox(key) });

  /** Runs `use` on the store once it is open, and closes it after, whatever `use` did. */
  async function closing(opened: Promise<Store>, use: (store: Store) => Promise<void>): Promise<void> {
    const store = await opened;
    try {
      await use(store);
    } finally {
      await store.close();
    }
  }

  it('keeps an installation per workspace and hands its token back', async () => {
    await closing(withKey(), async (store) => {
      await store.installations.save(install('T1', 'xoxb-one'));
      await store.installations.save(install('T2', 'xoxb-two', t2));
      const one = await store.installations.get('slack', 'T1');
      expect(one).toMatchObject({ workspace: 'T1', installerUserId: 'U0INSTALL', installedAt: t1 });
      expect((one?.secret.bot as { token: string } | undefined)?.token).toBe('xoxb-one');
      expect((await store.installations.list('slack')).map((i) => i.workspace)).toEqual(['T1', 'T2']);
      expect(await store.installations.get('slack', 'T9')).toBeUndefined();
    });
  });

  it('a re-install replaces the token and keeps when it was first installed', async () => {
    await closing(withKey(), async (store) => {
      await store.installations.save(install('T1', 'xoxb-old'));
      const again = await store.installations.save({ ...install('T1', 'xoxb-new', t2), installerUserId: 'U0OTHER' });
      expect(again).toMatchObject({ installedAt: t1, updatedAt: t2, installerUserId: 'U0OTHER' });
      expect((again.secret.bot as { token: string }).token).toBe('xoxb-new');
      expect(await store.installations.list('slack')).toHaveLength(1);
    });
  });

  it('removes an installation once', async () => {
    await closing(withKey(), async (store) => {
      await store.installations.save(install('T1', 'xoxb-one'));
      expect(await store.installations.remove('slack', 'T1')).toBe(true);
      expect(await store.installations.remove('slack', 'T1')).toBe(false);
      expect(await store.installations.get('slack', 'T1')).toBeUndefined();
    });
  });

  it('never writes a token in the clear, and another key cannot read it', async () => {
    await closing(withKey(), async (store) => {
      await store.installations.save(install('T1', 'xoxb-secret-token-123'));
    });
    const [raw] = await rawSecrets(t.database.url);
    expect(raw).toMatch(/^v1:/);
    expect(raw).not.toContain('xoxb');
    await closing(withKey(randomBytes(32)), async (wrong) => {
      await expect(wrong.installations.get('slack', 'T1')).rejects.toThrow(/SITREP_ENCRYPTION_KEY/);
    });
    await closing(t.database.open({ clock: t.clock }), async (keyless) => {
      await expect(keyless.installations.save(install('T2', 'xoxb-x'))).rejects.toThrow(/SITREP_ENCRYPTION_KEY/);
    });
  });
});

describe.each(storeCases())('ChannelRepo.readdress ($name)', (storeCase) => {
  const t = useStore(storeCase);

  it('moves chat schedules, tracking and health to the new address, leaving config schedules', async () => {
    const { store } = t;
    const chat = await store.schedules.add({
      channel: 'slack:C1',
      story: null,
      spec: 'daily 09:00',
      timezone: 'UTC',
      tier: 'short',
    });
    await store.schedules.syncConfig([
      { id: 'cfg1', channel: 'slack:C1', story: null, spec: 'daily 10:00', timezone: 'UTC', tier: 'short' },
    ]);
    await store.tracking.add({ channel: 'slack:C1', kind: 'story', target: 's', story: 's' });
    await store.tracking.add({ channel: 'slack:T1/C1', kind: 'story', target: 's', story: 's' });
    await store.tracking.add({ channel: 'slack:C1', kind: 'actor', target: 'a', story: 's' });
    await store.channels.markFailing('slack:C1', 'not_in_channel', 'x', t1);

    expect(await store.channels.readdress('slack:C1', 'slack:T1/C1')).toBe(3);
    expect((await store.schedules.get(chat.id))?.channel).toBe('slack:T1/C1');
    expect((await store.schedules.get('cfg1'))?.channel).toBe('slack:C1');
    const tracking = await store.tracking.list();
    expect(tracking.map((r) => `${r.channel} ${r.kind}`).sort()).toEqual(['slack:T1/C1 actor', 'slack:T1/C1 story']);
    expect((await store.channels.get('slack:T1/C1'))?.code).toBe('not_in_channel');
    expect(await store.channels.get('slack:C1')).toBeUndefined();
  });
});
