// Issue 11, item 1: a story file truncated in place went live, and every tracking channel was told
// every claim was removed. A file is complete or refused; the watcher reads a file once it has
// stopped changing.
import { open, readFile, truncate } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ask, eventually, type Harness, messageText, openHarness } from './harness.js';

const STORY_CHANNEL = 'slack:CSTORY';
let h: Harness;

async function tracked(options: Parameters<typeof openHarness>[0] = {}): Promise<Harness> {
  h = await openHarness(options);
  await h.claims.syncAtStart();
  await ask(h, 'track story harbour-strike', { channel: STORY_CHANNEL });
  return h;
}

afterEach(async () => {
  await h?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a story file is complete or refused', () => {
  it('truncated in place (the cut inside actors:, a role cut mid-sentence): refused, nothing alerted, the last version served, admins told', async () => {
    await tracked();
    const claimsBefore = h.catalog.get('harbour-strike')?.story.claims.length;
    const text = await readFile(h.file, 'utf8');
    const cut = Buffer.byteLength(text.slice(0, text.indexOf('role: Union general') + 'role: Union gen'.length));
    const stop = await h.claims.watch();
    try {
      await truncate(h.file, cut);
      await eventually(() => h.notifier.messages.length > 0, 3000);
      await sleep(300);
    } finally {
      await stop();
    }
    expect(h.deliverer.requests).toHaveLength(0);
    expect(h.catalog.get('harbour-strike')?.story.claims.length).toBe(claimsBefore);
    expect(h.catalog.get('harbour-strike')?.actorById.get('maria-lind')?.role).toBe('Union general secretary');
    const notice = messageText(h.notifier.messages[0]!);
    expect(notice).toMatch(/harbour-strike\.yaml:\d+:\d+: claims: required field is missing/);
    expect(notice).toMatch(/harbour-strike\.yaml:\d+:\d+: timeline: required field is missing/);
    expect(await h.store.revisions.list('harbour-strike')).toHaveLength(1);
  });

  it('a story with no claims says so (`claims: []`); emptying one is held until an admin confirms it', async () => {
    await tracked();
    const text = await readFile(h.file, 'utf8');
    const empty = `${text.slice(0, text.indexOf('\nclaims:'))}\nclaims: []\ntimeline: []\n`;
    const { writeFile } = await import('node:fs/promises');
    await writeFile(h.file, empty);
    expect((await h.claims.syncFile(h.file)).kind).toBe('pending');
    // Removing every claim is held (issue 11): nothing alerted, the story as it was stays served.
    expect(h.catalog.get('harbour-strike')?.story.claims).toHaveLength(4);
    expect(h.deliverer.requests).toHaveLength(0);
    expect(messageText(h.notifier.messages[0]!)).toContain('removes 4 of 4 claims');
    const [held] = await h.store.pendingChanges.list({ status: 'pending' });
    expect((await h.claims.content.confirm(held!.id, 'slack:UADMIN'))?.kind).toBe('applied');
    expect(h.catalog.get('harbour-strike')?.story.claims).toEqual([]);
  });
});

describe('the watcher reads a file once it has stopped changing', () => {
  it('a save written in two pieces with a pause between them is read once, whole: no "invalid file" notice, one alert', async () => {
    await tracked({ debounceMs: 50, settleMs: 600 });
    const next = (await readFile(h.file, 'utf8')).replace('status: disputed', 'status: denied');
    const half = next.indexOf('\ntimeline:');
    const stop = await h.claims.watch();
    try {
      const handle = await open(h.file, 'w');
      await handle.write(next.slice(0, half));
      await handle.sync();
      // Longer than the event debounce, shorter than the settle time.
      await sleep(250);
      await handle.write(next.slice(half));
      await handle.close();
      await eventually(() => h.deliverer.requests.length > 0, 4000);
      await sleep(300);
    } finally {
      await stop();
    }
    expect(h.notifier.messages.map(messageText)).toEqual([]);
    expect(h.deliverer.requests).toHaveLength(1);
    expect(messageText(h.deliverer.requests[0]!.message)).toContain('🟠 disputed → 🔴 denied');
  });
});
