import { describe, expect, it } from 'vitest';
import { storeCases } from '../../support/databases.js';
import { at, useStore } from './harness.js';

const t1 = at('2026-03-08T09:00:00.000Z');
const t2 = at('2026-03-08T10:00:00.000Z');
const t3 = at('2026-03-08T11:00:00.000Z');

describe.each(storeCases())('ChannelRepo ($name)', (storeCase) => {
  const t = useStore(storeCase);

  it('knows nothing of a channel that never failed', async () => {
    expect(await t.store.channels.get('slack:C1')).toBeUndefined();
    expect(await t.store.channels.markHealthy('slack:C1', t1)).toBe(false);
    expect(await t.store.channels.listFailing()).toEqual([]);
  });

  it('reports a failing channel once, keeping when the failure began', async () => {
    expect(await t.store.channels.markFailing('slack:C1', 'not_in_channel', 'Invite the bot.', t1)).toBe(true);
    expect(await t.store.channels.markFailing('slack:C1', 'channel_archived', 'Archived.', t2)).toBe(false);
    expect(await t.store.channels.get('slack:C1')).toEqual({
      channel: 'slack:C1',
      failing: true,
      code: 'channel_archived',
      message: 'Archived.',
      since: t1,
      updatedAt: t2,
    });
  });

  it('reports recovery once, and a new failure as new', async () => {
    await t.store.channels.markFailing('slack:C1', 'missing_access', 'No access.', t1);
    expect(await t.store.channels.markHealthy('slack:C1', t2)).toBe(true);
    expect(await t.store.channels.markHealthy('slack:C1', t2)).toBe(false);
    expect(await t.store.channels.get('slack:C1')).toEqual({
      channel: 'slack:C1',
      failing: false,
      code: null,
      message: null,
      since: null,
      updatedAt: t2,
    });
    expect(await t.store.channels.markFailing('slack:C1', 'missing_access', 'No access.', t3)).toBe(true);
    expect((await t.store.channels.get('slack:C1'))?.since).toEqual(t3);
  });

  it('lists failing channels, failing the longest first', async () => {
    await t.store.channels.markFailing('discord:2', 'missing_permissions', 'x', t2);
    await t.store.channels.markFailing('slack:C1', 'not_in_channel', 'y', t1);
    await t.store.channels.markFailing('slack:C3', 'channel_not_found', 'z', t3);
    await t.store.channels.markHealthy('slack:C3', t3);
    expect((await t.store.channels.listFailing()).map((c) => c.channel)).toEqual(['slack:C1', 'discord:2']);
  });

  it('tells exactly one of two replicas that a channel started failing', async () => {
    const replica = await t.another();
    const results = await Promise.all([
      t.store.channels.markFailing('slack:C1', 'not_in_channel', 'a', t1),
      replica.channels.markFailing('slack:C1', 'not_in_channel', 'b', t1),
      t.store.channels.markFailing('slack:C1', 'not_in_channel', 'c', t1),
      replica.channels.markFailing('slack:C1', 'not_in_channel', 'd', t1),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const healed = await Promise.all([
      t.store.channels.markHealthy('slack:C1', t2),
      replica.channels.markHealthy('slack:C1', t2),
    ]);
    expect(healed.filter(Boolean)).toHaveLength(1);
  });
});
