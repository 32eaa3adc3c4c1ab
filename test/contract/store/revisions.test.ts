import { describe, expect, it } from 'vitest';
import type { NewRevision } from '../../../src/core/store.js';
import { storeCases } from '../../support/databases.js';
import { at, T0, useStore } from './harness.js';

const YAML = `id: kim-putin-summit
title: "Kim Jong Un's expected visit to Russia — Владивосток, 김정은"
claims:
  - id: kim-to-visit-russia
    text: 'Kim will travel by train.\\n'
`;

function revision(story: string, n: number, overrides: Partial<NewRevision> = {}): NewRevision {
  return { story, hash: `sha256:${story}:${n}`, content: `${YAML}# ${n}\n`, author: 'file', via: 'file', ...overrides };
}

describe.each(storeCases())('RevisionRepo ($name)', (storeCase) => {
  const t = useStore(storeCase);

  it('stores a revision verbatim with an increasing id', async () => {
    const first = await t.store.revisions.add(revision('kim-putin-summit', 1, { author: 'slack:U1', via: 'chat' }));
    expect(first).toEqual({
      id: expect.any(Number),
      story: 'kim-putin-summit',
      hash: 'sha256:kim-putin-summit:1',
      content: `${YAML}# 1\n`,
      author: 'slack:U1',
      via: 'chat',
      createdAt: at(T0),
      alertsPlanned: false,
    });
    const second = await t.store.revisions.add(revision('other', 1));
    expect(second.id).toBeGreaterThan(first.id);
    expect(await t.store.revisions.get(first.id)).toEqual(first);
    expect(await t.store.revisions.get(second.id + 1000)).toBeUndefined();
  });

  it("finds a story's latest, previous and recent revisions", async () => {
    const ids: number[] = [];
    for (let n = 1; n <= 4; n++) {
      ids.push((await t.store.revisions.add(revision('kim-putin-summit', n))).id);
      await t.store.revisions.add(revision('other', n));
      t.clock.advance(1000);
    }
    expect((await t.store.revisions.latest('kim-putin-summit'))?.hash).toBe('sha256:kim-putin-summit:4');
    expect(await t.store.revisions.latest('unknown')).toBeUndefined();
    expect((await t.store.revisions.list('kim-putin-summit')).map((r) => r.id)).toEqual([...ids].reverse());
    expect((await t.store.revisions.list('kim-putin-summit', { limit: 2 })).map((r) => r.hash)).toEqual([
      'sha256:kim-putin-summit:4',
      'sha256:kim-putin-summit:3',
    ]);
    expect((await t.store.revisions.previous('kim-putin-summit', ids[3] ?? 0))?.id).toBe(ids[2]);
    expect((await t.store.revisions.previous('kim-putin-summit', ids[1] ?? 0))?.id).toBe(ids[0]);
    expect(await t.store.revisions.previous('kim-putin-summit', ids[0] ?? 0)).toBeUndefined();
  });

  it('remembers revisions whose alerts were not planned, oldest first, until marked', async () => {
    const a = await t.store.revisions.add(revision('kim-putin-summit', 1));
    await t.store.revisions.add(revision('kim-putin-summit', 2, { alertsPlanned: true, via: 'start' }));
    const c = await t.store.revisions.add(revision('other', 1, { via: 'cli' }));
    expect((await t.store.revisions.unplanned()).map((r) => r.id)).toEqual([a.id, c.id]);

    expect(await t.store.revisions.markPlanned(a.id)).toBe(true);
    expect((await t.store.revisions.get(a.id))?.alertsPlanned).toBe(true);
    expect((await t.store.revisions.unplanned()).map((r) => r.id)).toEqual([c.id]);
    expect(await t.store.revisions.markPlanned(c.id + 1000)).toBe(false);
  });

  it('still knows the unplanned revisions after a restart', async () => {
    const accepted = await t.store.revisions.add(revision('kim-putin-summit', 1));
    // "Crash" before planning: a new process opens the same database.
    const restarted = await t.another();
    expect(await restarted.revisions.unplanned()).toEqual([accepted]);
  });
});
