import { describe, expect, it } from 'vitest';
import { storeCases } from '../../support/databases.js';
import { at, useStore } from './harness.js';

describe.each(storeCases())('AuditRepo ($name)', (storeCase) => {
  const t = useStore(storeCase);

  it('keeps who did what, through what, and how it ended', async () => {
    const added = {
      at: at('2026-03-08T09:15:30.250Z'),
      actor: 'slack:U0123ABCD',
      via: 'slack',
      action: 'set',
      target: 'kim-to-visit-russia',
      outcome: 'ok',
      detail: 'status: reported → confirmed',
    } as const;
    const entry = await t.store.audit.add(added);
    expect(entry).toEqual({ id: expect.any(Number), ...added });
    const refused = await t.store.audit.add({
      at: at('2026-03-08T09:16:00.000Z'),
      actor: 'discord:1234',
      via: 'discord',
      action: 'set',
      outcome: 'refused',
    });
    expect(refused).toMatchObject({ target: null, detail: null, outcome: 'refused' });
    expect(await t.store.audit.list()).toEqual([refused, entry]);
  });

  it('filters by actor, via, action family, time and words (any case), every given part at once', async () => {
    const add = (at_: string, actor: string, via: string, action: string, detail: string) =>
      t.store.audit.add({ at: at(at_), actor, via, action, target: 'x', outcome: 'ok', detail });
    const a = await add('2026-03-08T09:00:00Z', 'slack:U1', 'chat', 'schedule.add', 'daily 09:00 Europe/London');
    const b = await add('2026-03-09T09:00:00Z', 'slack:U1', 'console', 'schedule.remove', 'daily 09:00');
    const c = await add('2026-03-10T09:00:00Z', 'discord:2', 'chat', 'set', 'status: reported → confirmed');
    const d = await add('2026-03-11T09:00:00Z', 'discord:2', 'chat', 'settings', 'zone: Europe/Paris');
    const ids = async (filter: Parameters<typeof t.store.audit.list>[0]) =>
      (await t.store.audit.list(filter)).map((e) => e.id);
    expect(await ids({ actor: 'slack:U1' })).toEqual([b.id, a.id]);
    expect(await ids({ via: 'chat' })).toEqual([d.id, c.id, a.id]);
    expect(await ids({ action: 'schedule' })).toEqual([b.id, a.id]);
    expect(await ids({ action: 'schedule.add' })).toEqual([a.id]);
    // A family is the action and the actions under it, not every name that starts the same.
    expect(await ids({ action: 'set' })).toEqual([c.id]);
    expect(await ids({ action: 'sched%' })).toEqual([]);
    expect(await ids({ action: 'schedul_' })).toEqual([]);
    expect(await ids({ action: 'schedule', via: 'chat' })).toEqual([a.id]);
    expect(await ids({ since: at('2026-03-09T00:00:00Z'), until: at('2026-03-10T00:00:00Z') })).toEqual([b.id]);
    expect(await ids({ text: 'EUROPE/london' })).toEqual([a.id]);
    expect(await ids({ since: at('2026-03-11T00:00:00Z') })).toEqual([d.id]);
    expect(await ids({ text: 'nowhere' })).toEqual([]);
  });

  it('lists newest first, 50 by default', async () => {
    for (let i = 0; i < 55; i++) {
      await t.store.audit.add({
        // Entered out of order: the list follows `at`.
        at: new Date(Date.UTC(2026, 2, 8, 9, 0, (i * 7) % 55)),
        actor: 'cli',
        via: 'cli',
        action: `a${(i * 7) % 55}`,
        outcome: 'invalid',
      });
    }
    const all = await t.store.audit.list();
    expect(all).toHaveLength(50);
    expect(all[0]?.action).toBe('a54');
    expect(all[49]?.action).toBe('a5');
    expect((await t.store.audit.list({ limit: 3 })).map((e) => e.action)).toEqual(['a54', 'a53', 'a52']);
  });
});
