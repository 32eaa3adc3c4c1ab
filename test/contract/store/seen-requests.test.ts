// Issue 11, item 4: a signed request is executed at most once, whichever replica receives it, for
// as long as its signature is valid.
import { describe, expect, it } from 'vitest';
import { storeCases } from '../../support/databases.js';
import { at, useStore } from './harness.js';

describe.each(storeCases())('SeenRequestRepo ($name)', (storeCase) => {
  const t = useStore(storeCase);

  it('a key is new once; again within its window it is a replay', async () => {
    const until = at('2026-03-08T09:05:00.000Z');
    expect(await t.store.seenRequests.firstSeen('slack:v0=abc:1700000000', until)).toBe(true);
    expect(await t.store.seenRequests.firstSeen('slack:v0=abc:1700000000', until)).toBe(false);
    expect(await t.store.seenRequests.firstSeen('slack:v0=abd:1700000000', until)).toBe(true);
  });

  it('shared by every replica: the same request at two of them runs once', async () => {
    const other = await t.another();
    const until = at('2026-03-08T09:05:00.000Z');
    const answers = await Promise.all([
      t.store.seenRequests.firstSeen('discord:123456789', until),
      other.seenRequests.firstSeen('discord:123456789', until),
    ]);
    expect(answers.sort()).toEqual([false, true]);
    expect(await other.seenRequests.firstSeen('discord:123456789', until)).toBe(false);
  });

  it('past its window a key is forgotten (the table does not grow forever)', async () => {
    expect(await t.store.seenRequests.firstSeen('k', at('2026-03-08T09:05:00.000Z'))).toBe(true);
    t.clock.set('2026-03-08T09:04:59.000Z');
    expect(await t.store.seenRequests.firstSeen('k', at('2026-03-08T09:10:00.000Z'))).toBe(false);
    t.clock.set('2026-03-08T09:05:00.000Z');
    expect(await t.store.seenRequests.firstSeen('k', at('2026-03-08T09:10:00.000Z'))).toBe(true);
  });
});
