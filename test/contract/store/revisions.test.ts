import { describe, expect, it } from 'vitest';
import { chunkRevision } from '../../../src/core/content/chunks.js';
import type { NewRevision } from '../../../src/core/store.js';
import type { Story } from '../../../src/core/story/schema.js';
import { storeCases } from '../../support/databases.js';
import { generateStoryObject } from '../../support/story-generator.js';
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
      parentId: null,
      hash: 'sha256:kim-putin-summit:1',
      content: `${YAML}# 1\n`,
      storyJson: null,
      author: 'slack:U1',
      via: 'chat',
      reference: null,
      createdAt: at(T0),
      alertsPlanned: false,
      chunks: null,
    });
    const second = await t.store.revisions.add(revision('other', 1));
    expect(second.id).toBeGreaterThan(first.id);
    expect(await t.store.revisions.get(first.id)).toEqual(first);
    expect(await t.store.revisions.get(second.id + 1000)).toBeUndefined();
  });

  it('stores a revision in chunks shared with its parent, writing only the chunks that changed', async () => {
    const story = generateStoryObject({ actors: 20, claims: 400, seed: 5, id: 'big' }) as Story;
    const text = `# the editors' copy\n${JSON.stringify(story, null, 2)}\n`;
    const first = await t.store.revisions.add({
      ...revision('big', 1),
      content: text,
      chunked: chunkRevision(text, story, undefined),
    });
    expect(first.chunks?.content.length).toBeGreaterThan(3);
    const stored = await t.store.revisions.get(first.id);
    expect(stored?.content).toBe(text);
    expect(stored?.storyJson).toBe(JSON.stringify(story));
    expect(stored?.chunks).toEqual(first.chunks);

    const claims = story.claims.map((c, i) => (i === 200 ? { ...c, text: 'Changed since.' } : c));
    const next = { ...story, claims };
    const nextText = `# the editors' copy\n${JSON.stringify(next, null, 2)}\n`;
    expect(nextText).not.toBe(text);
    const chunked = chunkRevision(nextText, next, stored);
    // One chunk of text and one of JSON are new; the store reads the rest from the parent's.
    expect(chunked.bodies.size).toBe(2);
    const second = await t.store.revisions.add({ ...revision('big', 2), content: nextText, chunked });
    const read = await t.store.revisions.latest('big');
    expect(read?.id).toBe(second.id);
    expect(read?.content).toBe(nextText);
    expect(read?.storyJson).toBe(JSON.stringify(next));
    // Revisions stored whole before chunks still read as they were.
    const whole = await t.store.revisions.add(revision('small', 1));
    expect((await t.store.revisions.get(whole.id))?.content).toBe(`${YAML}# 1\n`);
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
    expect(await t.store.revisions.latestId('kim-putin-summit')).toBe(ids[3]);
    expect(await t.store.revisions.latestId('unknown')).toBeUndefined();
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
    expect(await t.store.revisions.isPlanned(a.id)).toBe(false);

    expect(await t.store.revisions.markPlanned(a.id)).toBe(true);
    expect(await t.store.revisions.isPlanned(a.id)).toBe(true);
    expect(await t.store.revisions.isPlanned(c.id + 1000)).toBeUndefined();
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

  it('appends only on the latest revision: two replicas on the same parent, one wins', async () => {
    const first = await t.store.revisions.append(revision('kim-putin-summit', 1), null);
    expect(first?.parentId).toBeNull();
    expect(await t.store.revisions.append(revision('kim-putin-summit', 9), null)).toBeUndefined();
    const other = await t.another();
    const results = await Promise.all([
      t.store.revisions.append(revision('kim-putin-summit', 2, { reference: 'https://a.example' }), first?.id ?? 0),
      other.revisions.append(revision('kim-putin-summit', 3), first?.id ?? 0),
    ]);
    const won = results.filter((r) => r !== undefined);
    expect(won).toHaveLength(1);
    expect(won[0]?.parentId).toBe(first?.id);
    // A parent that is not the story's latest (or not the story's at all) is refused.
    expect(await t.store.revisions.append(revision('kim-putin-summit', 4), first?.id ?? 0)).toBeUndefined();
    expect(await t.store.revisions.append(revision('kim-putin-summit', 4), (won[0]?.id ?? 0) + 1000)).toBeUndefined();
    const b = await t.store.revisions.add(revision('other', 1));
    expect(b.parentId).toBeNull();
    expect(await t.store.revisions.heads()).toEqual([
      { story: 'kim-putin-summit', id: won[0]?.id },
      { story: 'other', id: b.id },
    ]);
    expect((await t.store.revisions.after('kim-putin-summit', first?.id ?? 0)).map((r) => r.id)).toEqual([won[0]?.id]);
  });

  it("tells a watching replica of another's new revision", async () => {
    const other = await t.another();
    const heard: Array<{ story: string; id: number }> = [];
    const stop = await other.revisions.watch((h) => heard.push(h));
    try {
      const added = await t.store.revisions.add(revision('kim-putin-summit', 1));
      if (storeCase.name === 'postgres') {
        // LISTEN/NOTIFY across connections.
        const deadline = Date.now() + 2000;
        while (heard.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        expect(heard).toEqual([{ story: 'kim-putin-summit', id: added.id }]);
      } else {
        // SQLite: the periodic heads() check is how another process learns of it.
        expect(await other.revisions.heads()).toEqual([{ story: 'kim-putin-summit', id: added.id }]);
      }
      const own: number[] = [];
      const stopOwn = await t.store.revisions.watch((h) => own.push(h.id));
      const next = await t.store.revisions.add(revision('kim-putin-summit', 2));
      await stopOwn();
      expect(own).toContain(next.id);
    } finally {
      await stop();
    }
  });

  it('keeps held changes until one decision, and where each replica file last matched', async () => {
    const held = await t.store.pendingChanges.add({
      story: 'kim-putin-summit',
      baseRevision: 3,
      author: 'file',
      via: 'file',
      reference: null,
      change: '{"edits":[]}',
      reason: 'removes 4 of 4 claims',
      createdAt: at(T0),
    });
    expect(await t.store.pendingChanges.list({ status: 'pending' })).toEqual([held]);
    const other = await t.another();
    const decisions = await Promise.all([
      t.store.pendingChanges.decide(held.id, { status: 'confirmed', by: 'slack:U1', at: at(T0), revisionId: 9 }),
      other.pendingChanges.decide(held.id, { status: 'discarded', by: 'slack:U2', at: at(T0) }),
    ]);
    expect(decisions.filter(Boolean)).toHaveLength(1);
    expect(await t.store.pendingChanges.list({ status: 'pending' })).toEqual([]);

    await t.store.fileSyncs.put({ instance: 'a', story: 's', revisionId: 1, textHash: 'h1', updatedAt: at(T0) });
    await t.store.fileSyncs.put({ instance: 'a', story: 's', revisionId: 2, textHash: 'h2', updatedAt: at(T0) });
    expect(await t.store.fileSyncs.get('a', 's')).toMatchObject({ revisionId: 2, textHash: 'h2' });
    expect(await t.store.fileSyncs.get('b', 's')).toBeUndefined();
  });
});
