import { describe, expect, it } from 'vitest';
import { storeCases } from '../../support/databases.js';
import { at, useStore } from './harness.js';

describe.each(storeCases())('ConsoleAuthRepo ($name)', (storeCase) => {
  const t = useStore(storeCase);
  const link = (tokenHash: string, expiresAt = '2026-03-08T09:10:00.000Z') => ({
    tokenHash,
    user: 'slack:U0EDITOR',
    createdBy: 'cli',
    createdAt: at('2026-03-08T09:00:00.000Z'),
    expiresAt: at(expiresAt),
  });

  it('redeems a link once, before it expires, and says why it refuses otherwise', async () => {
    await t.store.console.addLink(link('a'.repeat(64)));
    await t.store.console.addLink(link('b'.repeat(64)));
    const redeem = (token: string, when: string) => t.store.console.redeemLink(token, at(when));
    expect(await redeem('a'.repeat(64), '2026-03-08T09:09:59.999Z')).toEqual({ ok: true, user: 'slack:U0EDITOR' });
    expect(await redeem('a'.repeat(64), '2026-03-08T09:09:59.999Z')).toEqual({ ok: false, reason: 'used' });
    expect(await redeem('b'.repeat(64), '2026-03-08T09:10:00.000Z')).toEqual({ ok: false, reason: 'expired' });
    expect(await redeem('c'.repeat(64), '2026-03-08T09:01:00.000Z')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('lets exactly one of two replicas redeem the same link', async () => {
    const other = await t.another();
    await t.store.console.addLink(link('d'.repeat(64)));
    const now = at('2026-03-08T09:05:00.000Z');
    const results = await Promise.all([
      t.store.console.redeemLink('d'.repeat(64), now),
      other.console.redeemLink('d'.repeat(64), now),
      t.store.console.redeemLink('d'.repeat(64), now),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it('finds a session by its secret hash until it expires or is ended, from any replica', async () => {
    const session = await t.store.console.addSession({
      id: 'sess1',
      secretHash: 'e'.repeat(64),
      user: 'discord:1234',
      createdAt: at('2026-03-08T09:00:00.000Z'),
      expiresAt: at('2026-03-08T21:00:00.000Z'),
    });
    expect(session).toEqual({
      id: 'sess1',
      user: 'discord:1234',
      createdAt: at('2026-03-08T09:00:00.000Z'),
      expiresAt: at('2026-03-08T21:00:00.000Z'),
      endedAt: null,
    });
    const other = await t.another();
    expect(await other.console.liveSession('e'.repeat(64), at('2026-03-08T20:59:59.000Z'))).toEqual(session);
    expect(await other.console.liveSession('e'.repeat(64), at('2026-03-08T21:00:00.000Z'))).toBeUndefined();
    expect(await other.console.liveSession('f'.repeat(64), at('2026-03-08T10:00:00.000Z'))).toBeUndefined();

    expect(await t.store.console.endSession('sess1', at('2026-03-08T10:00:00.000Z'))).toBe(true);
    expect(await t.store.console.endSession('sess1', at('2026-03-08T10:00:01.000Z'))).toBe(false);
    expect(await other.console.liveSession('e'.repeat(64), at('2026-03-08T10:00:02.000Z'))).toBeUndefined();
  });

  it('lists live sessions newest first, of everyone or of one user', async () => {
    const add = (id: string, user: string, created: string, expires = '2026-03-09T09:00:00.000Z') =>
      t.store.console.addSession({
        id,
        secretHash: id.padEnd(64, '0'),
        user,
        createdAt: at(created),
        expiresAt: at(expires),
      });
    await add('s1', 'slack:U1', '2026-03-08T09:00:00.000Z');
    await add('s2', 'slack:U2', '2026-03-08T09:01:00.000Z');
    await add('s3', 'slack:U1', '2026-03-08T09:02:00.000Z');
    await add('s4', 'slack:U1', '2026-03-08T09:03:00.000Z', '2026-03-08T09:30:00.000Z');
    await t.store.console.endSession('s3', at('2026-03-08T09:04:00.000Z'));
    const now = at('2026-03-08T10:00:00.000Z');
    expect((await t.store.console.listLive(now)).map((s) => s.id)).toEqual(['s2', 's1']);
    expect((await t.store.console.listLive(now, 'slack:U1')).map((s) => s.id)).toEqual(['s1']);
  });
});
