import { describe, expect, it } from 'vitest';
import type { NewTracking } from '../../../src/core/store.js';
import { storeCases } from '../../support/databases.js';
import { at, T0, useStore } from './harness.js';

const putin: NewTracking = {
  channel: 'slack:C1',
  kind: 'actor',
  target: 'vladimir-putin',
  story: 'kim-putin-summit',
  createdBy: 'slack:U1',
};

describe.each(storeCases())('TrackingRepo ($name)', (storeCase) => {
  const t = useStore(storeCase);

  it('tracks once: tracking the same thing again is a no-op', async () => {
    expect(await t.store.tracking.add(putin)).toBe('added');
    t.clock.advance(1000);
    expect(await t.store.tracking.add({ ...putin, createdBy: 'slack:U2' })).toBe('unchanged');
    expect(await t.store.tracking.list()).toEqual([{ ...putin, thread: false, createdAt: at(T0) }]);
  });

  it('asks for threads when told, and leaves the choice as it was when tracked again without one', async () => {
    expect(await t.store.tracking.add({ ...putin, thread: true })).toBe('added');
    expect(await t.store.tracking.add(putin)).toBe('unchanged');
    expect((await t.store.tracking.list())[0]?.thread).toBe(true);
    expect(await t.store.tracking.add({ ...putin, thread: true })).toBe('unchanged');
    expect(await t.store.tracking.add({ ...putin, thread: false })).toBe('changed');
    expect((await t.store.tracking.list())[0]?.thread).toBe(false);
  });

  it('keeps a thread root per channel and thread: the first recorded wins, a gone one is forgotten', async () => {
    const threads = t.store.alertThreads;
    expect(await threads.root('slack:C1', 'claim:s/c1')).toBeUndefined();
    expect(await threads.start('slack:C1', 'claim:s/c1', '100.1', at(T0))).toBe('100.1');
    expect(await threads.start('slack:C1', 'claim:s/c1', '200.2', at(T0))).toBe('100.1');
    expect(await threads.root('slack:C1', 'claim:s/c1')).toBe('100.1');
    expect(await threads.root('slack:C2', 'claim:s/c1')).toBeUndefined();
    expect(await threads.root('slack:C1', 'claim:s/c2')).toBeUndefined();
    await threads.forget('slack:C1', 'claim:s/c1', '999');
    expect(await threads.root('slack:C1', 'claim:s/c1')).toBe('100.1');
    await threads.forget('slack:C1', 'claim:s/c1', '100.1');
    expect(await threads.root('slack:C1', 'claim:s/c1')).toBeUndefined();
  });

  it('keeps subscriptions of different channels, kinds and stories apart', async () => {
    const variants: NewTracking[] = [
      putin,
      { ...putin, channel: 'discord:42' },
      { ...putin, kind: 'claim', target: 'vladimir-putin' },
      { ...putin, story: 'another-story' },
      { channel: 'slack:C1', kind: 'story', target: 'kim-putin-summit', story: 'kim-putin-summit' },
    ];
    for (const v of variants) {
      expect(await t.store.tracking.add(v)).toBe('added');
      t.clock.advance(1000);
    }
    const list = await t.store.tracking.list();
    expect(list.map((x) => [x.channel, x.kind, x.target, x.story])).toEqual(
      variants.map((v) => [v.channel, v.kind, v.target, v.story]),
    );
    expect(list[4]?.createdBy).toBeNull();
    expect((await t.store.tracking.list({ channel: 'discord:42' })).length).toBe(1);
    expect((await t.store.tracking.list({ story: 'another-story' })).length).toBe(1);
    expect((await t.store.tracking.list({ channel: 'slack:C1', story: 'kim-putin-summit' })).length).toBe(3);
    expect(await t.store.tracking.list({ channel: 'slack:C9' })).toEqual([]);
  });

  it("untracks only the channel's own subscription, once", async () => {
    await t.store.tracking.add(putin);
    await t.store.tracking.add({ ...putin, channel: 'discord:42' });
    expect(await t.store.tracking.remove('slack:C1', 'actor', 'vladimir-putin', 'kim-putin-summit')).toBe(true);
    expect(await t.store.tracking.remove('slack:C1', 'actor', 'vladimir-putin', 'kim-putin-summit')).toBe(false);
    expect(await t.store.tracking.remove('slack:C1', 'claim', 'vladimir-putin')).toBe(false);
    expect((await t.store.tracking.list()).map((x) => x.channel)).toEqual(['discord:42']);
  });

  it('untracks in every story when no story is given', async () => {
    await t.store.tracking.add(putin);
    await t.store.tracking.add({ ...putin, story: 'another-story' });
    await t.store.tracking.add({ ...putin, target: 'kim-jong-un' });
    expect(await t.store.tracking.remove('slack:C1', 'actor', 'vladimir-putin')).toBe(true);
    expect((await t.store.tracking.list()).map((x) => x.target)).toEqual(['kim-jong-un']);
  });

  it('tracks once even when two replicas add the same subscription together', async () => {
    const replica = await t.another();
    const results = await Promise.all([
      t.store.tracking.add(putin),
      replica.tracking.add(putin),
      t.store.tracking.add(putin),
    ]);
    expect(results.filter((r) => r === 'added')).toHaveLength(1);
    expect(await replica.tracking.list()).toHaveLength(1);
  });
});
