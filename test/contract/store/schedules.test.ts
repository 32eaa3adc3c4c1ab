import { describe, expect, it } from 'vitest';
import type { ConfigSchedule, NewSchedule } from '../../../src/core/store.js';
import { storeCases } from '../../support/databases.js';
import { at, T0, useStore } from './harness.js';

const daily: NewSchedule = {
  channel: 'slack:C1',
  story: 'kim-putin-summit',
  spec: 'daily 09:00',
  timezone: 'Europe/London',
  tier: 'short',
  createdBy: 'slack:U1',
};

function config(id: string, overrides: Partial<ConfigSchedule> = {}): ConfigSchedule {
  return {
    id,
    channel: 'discord:42',
    story: 'kim-putin-summit',
    spec: 'weekdays 08:00',
    timezone: 'America/New_York',
    tier: 'full',
    createdBy: 'config',
    ...overrides,
  };
}

describe.each(storeCases())('ScheduleRepo ($name)', (storeCase) => {
  const t = useStore(storeCase);

  it('adds a chat schedule with a short typable id, anchored at its creation', async () => {
    const added = await t.store.schedules.add(daily);
    expect(added).toEqual({
      id: expect.stringMatching(/^s[0-9a-z]{6}$/),
      ...daily,
      origin: 'chat',
      createdAt: at(T0),
      paused: false,
      pausedReason: null,
      anchor: at(T0),
    });
    expect(await t.store.schedules.get(added.id)).toEqual(added);
    expect(await t.store.schedules.get('s000000')).toBeUndefined();
  });

  it('keeps an explicit creation time and anchor to the millisecond', async () => {
    const added = await t.store.schedules.add({
      ...daily,
      story: null,
      createdBy: undefined,
      createdAt: at('2026-01-02T03:04:05.678Z'),
      anchor: at('2026-01-03T00:00:00.001Z'),
    });
    const read = await t.store.schedules.get(added.id);
    expect(read?.story).toBeNull();
    expect(read?.createdBy).toBeNull();
    expect(read?.createdAt).toEqual(at('2026-01-02T03:04:05.678Z'));
    expect(read?.anchor).toEqual(at('2026-01-03T00:00:00.001Z'));
  });

  it('gives every schedule its own id', async () => {
    const ids = await Promise.all(Array.from({ length: 40 }, () => t.store.schedules.add(daily).then((s) => s.id)));
    expect(new Set(ids).size).toBe(40);
  });

  it("lists a channel's schedules oldest first, paused ones only on request", async () => {
    const first = await t.store.schedules.add(daily);
    t.clock.advance(1000);
    const second = await t.store.schedules.add({ ...daily, spec: '30 17 * * 1-5' });
    t.clock.advance(1000);
    const elsewhere = await t.store.schedules.add({ ...daily, channel: 'discord:9' });
    await t.store.schedules.setPaused(first.id, true, 'channel_not_found');

    const ids = async (filter?: Parameters<typeof t.store.schedules.list>[0]) =>
      (await t.store.schedules.list(filter)).map((s) => s.id);
    expect(await ids({ channel: 'slack:C1' })).toEqual([second.id]);
    expect(await ids({ channel: 'slack:C1', includePaused: true })).toEqual([first.id, second.id]);
    expect(await ids()).toEqual([second.id, elsewhere.id]);
    expect(await ids({ includePaused: true })).toEqual([first.id, second.id, elsewhere.id]);
  });

  it('removes a chat schedule from its own channel only, once', async () => {
    const added = await t.store.schedules.add(daily);
    expect(await t.store.schedules.remove('slack:C2', added.id)).toBe(false);
    expect(await t.store.schedules.get(added.id)).toBeDefined();

    expect(await t.store.schedules.remove('slack:C1', added.id)).toBe(true);
    expect(await t.store.schedules.get(added.id)).toBeUndefined();
    expect(await t.store.schedules.list({ includePaused: true })).toEqual([]);
    expect(await t.store.schedules.remove('slack:C1', added.id)).toBe(false);
  });

  it('does not remove a config schedule from chat', async () => {
    await t.store.schedules.syncConfig([config('cfg-1')]);
    expect(await t.store.schedules.remove('discord:42', 'cfg-1')).toBe(false);
    expect(await t.store.schedules.get('cfg-1')).toMatchObject({ origin: 'config', channel: 'discord:42' });
  });

  it('syncs config schedules: adds, updates, removes, and leaves chat schedules alone', async () => {
    const chat = await t.store.schedules.add(daily);
    expect(await t.store.schedules.syncConfig([config('a'), config('b'), config('c')])).toEqual({
      added: ['a', 'b', 'c'],
      updated: [],
      removed: [],
    });
    expect(await t.store.schedules.get('a')).toEqual({
      ...config('a'),
      origin: 'config',
      createdAt: at(T0),
      paused: false,
      pausedReason: null,
      anchor: at(T0),
    });

    t.clock.advance(60_000);
    const result = await t.store.schedules.syncConfig([config('a', { tier: 'headline' }), config('b'), config('d')]);
    expect(result).toEqual({ added: ['d'], updated: ['a'], removed: ['c'] });
    expect(await t.store.schedules.get('c')).toBeUndefined();
    expect((await t.store.schedules.get('a'))?.tier).toBe('headline');
    expect((await t.store.schedules.get('d'))?.createdAt).toEqual(new Date(at(T0).getTime() + 60_000));
    expect(await t.store.schedules.get(chat.id)).toEqual(chat);

    // The same declaration again changes nothing.
    expect(await t.store.schedules.syncConfig([config('a', { tier: 'headline' }), config('b'), config('d')])).toEqual({
      added: [],
      updated: [],
      removed: [],
    });
    // Declaring none removes every config schedule, and only those.
    expect((await t.store.schedules.syncConfig([])).removed.sort()).toEqual(['a', 'b', 'd']);
    expect((await t.store.schedules.list({ includePaused: true })).map((s) => s.id)).toEqual([chat.id]);
  });

  it('moves the anchor of a config schedule whose timing changed, not of one whose tier changed', async () => {
    await t.store.schedules.syncConfig([config('a'), config('b')]);
    t.clock.advance(3_600_000);
    await t.store.schedules.syncConfig([config('a', { spec: 'daily 07:00' }), config('b', { tier: 'short' })]);
    expect((await t.store.schedules.get('a'))?.anchor).toEqual(new Date(at(T0).getTime() + 3_600_000));
    expect((await t.store.schedules.get('a'))?.createdAt).toEqual(at(T0));
    expect((await t.store.schedules.get('b'))?.anchor).toEqual(at(T0));
  });

  it('keeps a config schedule paused across syncs unless it moves to another channel', async () => {
    await t.store.schedules.syncConfig([config('a'), config('b')]);
    await t.store.schedules.pauseChannel('discord:42', 'missing_access');
    await t.store.schedules.syncConfig([config('a', { tier: 'headline' }), config('b', { channel: 'discord:43' })]);
    expect(await t.store.schedules.get('a')).toMatchObject({ paused: true, pausedReason: 'missing_access' });
    expect(await t.store.schedules.get('b')).toMatchObject({ paused: false, pausedReason: null });
  });

  it('refuses a config id taken by a chat schedule, changing nothing', async () => {
    const chat = await t.store.schedules.add(daily);
    await t.store.schedules.syncConfig([config('old')]);
    await expect(t.store.schedules.syncConfig([config('new'), config(chat.id)])).rejects.toThrow(/chat schedule/);
    expect(await t.store.schedules.get('new')).toBeUndefined();
    expect(await t.store.schedules.get('old')).toBeDefined();
    expect(await t.store.schedules.get(chat.id)).toEqual(chat);
    await expect(t.store.schedules.syncConfig([config('x'), config('x')])).rejects.toThrow(/twice/);
  });

  it('pauses with a reason and resumes', async () => {
    const added = await t.store.schedules.add(daily);
    expect(await t.store.schedules.setPaused(added.id, true, 'not_in_channel')).toBe(true);
    expect(await t.store.schedules.get(added.id)).toMatchObject({ paused: true, pausedReason: 'not_in_channel' });
    expect(await t.store.schedules.setPaused(added.id, false)).toBe(true);
    expect(await t.store.schedules.get(added.id)).toMatchObject({ paused: false, pausedReason: null });
    expect(await t.store.schedules.setPaused('s000000', true)).toBe(false);
  });

  it('pauses and resumes every schedule of one channel, whatever its origin', async () => {
    const chat = await t.store.schedules.add({ ...daily, channel: 'discord:42' });
    const other = await t.store.schedules.add(daily);
    t.clock.advance(1000);
    await t.store.schedules.syncConfig([config('a')]);

    expect(await t.store.schedules.pauseChannel('discord:42', 'channel_archived')).toBe(2);
    expect(await t.store.schedules.pauseChannel('discord:42', 'channel_archived')).toBe(0);
    expect(await t.store.schedules.list({ channel: 'discord:42' })).toEqual([]);
    const paused = await t.store.schedules.list({ channel: 'discord:42', includePaused: true });
    expect(paused.map((s) => [s.id, s.paused, s.pausedReason])).toEqual([
      [chat.id, true, 'channel_archived'],
      ['a', true, 'channel_archived'],
    ]);
    expect((await t.store.schedules.get(other.id))?.paused).toBe(false);

    expect(await t.store.schedules.resumeChannel('discord:42')).toBe(2);
    expect((await t.store.schedules.list({ channel: 'discord:42' })).length).toBe(2);
  });

  // Two connections in one process cannot interleave SQLite write transactions (the waiting one
  // blocks the event loop while the holder needs it); separate processes can, Postgres replicas do.
  it.skipIf(storeCase.name === 'sqlite')(
    'ends in the declared state when two replicas sync the same config at once',
    async () => {
      const replica = await t.another();
      await t.store.schedules.syncConfig([config('gone')]);
      const declared = [config('a'), config('b', { tier: 'headline' })];
      await Promise.all([t.store.schedules.syncConfig(declared), replica.schedules.syncConfig(declared)]);
      const rows = await replica.schedules.list({ includePaused: true });
      expect(rows.map((s) => [s.id, s.tier])).toEqual([
        ['a', 'full'],
        ['b', 'headline'],
      ]);
    },
  );
});
