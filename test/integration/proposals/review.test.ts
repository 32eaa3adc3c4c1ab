import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseStory } from '../../../src/core/story/load.js';
import { ask, type Harness, messageText, openHarness } from '../claims/harness.js';
import { ROOT } from '../cli/spawn.js';

/**
 * Proposals from chat, stored and reviewed: `/sitrep propose <url>`, `proposals`, `accept` (as
 * proposed and edited) and `reject`, through the router, the real store and the one write path.
 * The article is the follow-up to the shipped story, served by a local web server.
 */

const STORY = 'kim-putin-summit';
const EDITOR = { platform: 'slack' as const, userId: 'U0EDITOR', channel: 'slack:CNEWS' as const };
const READER = { platform: 'slack' as const, userId: 'U0READER', channel: 'slack:CNEWS' as const };
let server: Server;
let articleUrl: string;
let h: Harness;

beforeAll(async () => {
  const article = await readFile(path.join(ROOT, 'test/fixtures/articles/summit-held.txt'), 'utf8');
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(article));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  articleUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/summit-held`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

beforeEach(async () => {
  h = await openHarness();
  h.config.editors = [`slack:${EDITOR.userId}`];
  await h.claims.syncAtStart();
  const text = await readFile(path.join(ROOT, 'briefings', `${STORY}.yaml`), 'utf8');
  const parsed = parseStory(text, `${STORY}.yaml`);
  if (!parsed.ok) throw new Error('the shipped story does not parse');
  const stored = await h.claims.content.apply({
    story: STORY,
    baseRevision: null,
    origin: { author: 'file', via: 'import' },
    edits: [{ op: 'replace', story: parsed.story, text }],
    text,
  });
  expect(stored.kind).toBe('applied');
  await ask(h, `track story ${STORY}`, { channel: 'slack:CTRACK' });
});

afterEach(() => h.close());

/** The numbers the answer lists, with what each proposes. */
function listed(answer: string): Map<number, string> {
  return new Map([...answer.matchAll(/#(\d+) ([^\n]+)/g)].map((m) => [Number(m[1]), m[2] ?? '']));
}

function numberOf(list: Map<number, string>, pattern: RegExp): number {
  const found = [...list].find(([, what]) => pattern.test(what));
  if (!found) throw new Error(`no proposal matches ${pattern}: ${[...list.values()].join(' | ')}`);
  return found[0];
}

describe('reviewing proposals in chat', () => {
  it('an editor proposes from a URL, accepts a status change and a new claim; both go through the write path', async () => {
    const proposed = messageText(await ask(h, `propose ${articleUrl} ${STORY}`, EDITOR));
    const list = listed(proposed);
    const train = numberOf(list, /claim kim-may-travel-by-armoured-train: reported → confirmed/);
    const signed = numberOf(list, /new claim peskov-said-agreements/);
    expect(messageText(await ask(h, 'proposal list', EDITOR))).toContain(`#${train}`);

    const before = h.deliverer.requests.length;
    const accepted = messageText(await ask(h, `proposal accept ${train} ${signed}`, EDITOR));
    expect(accepted).toMatch(/Accepted #\d+.*revision \d+/);
    const view = h.catalog.get(STORY);
    expect(view?.claimById.get('kim-may-travel-by-armoured-train')?.status).toBe('confirmed');
    const claim = view?.story.claims.find((c) => c.id.startsWith('peskov-said-agreements'));
    // What the new claim needs (its source, Peskov) came with it.
    expect(claim && view?.sourceById.has(claim.source[0] ?? '')).toBe(true);
    const revision = await h.store.revisions.latest(STORY);
    expect(revision).toMatchObject({ via: 'proposal', author: `slack:${EDITOR.userId}`, reference: articleUrl });
    // The tracking channel is alerted as for any edit.
    expect(h.deliverer.requests.length).toBeGreaterThan(before);
    const open = messageText(await ask(h, 'proposal list', EDITOR));
    expect(open).not.toContain(`#${train} `);
  });

  it('accepts a claim edited first, and says a decided proposal cannot be decided again', async () => {
    const list = listed(messageText(await ask(h, `propose ${articleUrl} ${STORY}`, EDITOR)));
    const satellites = numberOf(list, /new claim putin-said-russia-could-help/);
    await ask(h, `proposal accept ${satellites} hedging=hedged note="Putin gave no details"`, EDITOR);
    const claim = h.catalog.get(STORY)?.story.claims.find((c) => c.id.startsWith('putin-said-russia-could-help'));
    expect(claim).toMatchObject({ hedging: 'hedged', note: 'Putin gave no details' });
    const again = messageText(await ask(h, `proposal accept ${satellites}`, EDITOR));
    expect(again).toContain(`#${satellites} was accepted by slack:${EDITOR.userId}`);
  });

  it('refuses a proposal whose field an editor changed since the article was read, and keeps it open', async () => {
    const list = listed(messageText(await ask(h, `propose ${articleUrl} ${STORY}`, EDITOR)));
    const train = numberOf(list, /claim kim-may-travel-by-armoured-train: reported → confirmed/);
    await ask(h, 'set kim-may-travel-by-armoured-train status=disputed', EDITOR);
    const refused = messageText(await ask(h, `proposal accept ${train}`, EDITOR));
    expect(refused).toMatch(/Not accepted.*claims\.kim-may-travel-by-armoured-train\.status: now "disputed", set by/s);
    expect(h.catalog.get(STORY)?.claimById.get('kim-may-travel-by-armoured-train')?.status).toBe('disputed');
    expect(messageText(await ask(h, 'proposal list', EDITOR))).toContain(`#${train}`);
    expect(messageText(await ask(h, `proposal reject ${train}`, EDITOR))).toContain(`Rejected #${train}`);
    expect(messageText(await ask(h, `proposal reject all ${STORY}`, EDITOR))).toMatch(/Rejected #\d+/);
    expect(messageText(await ask(h, 'proposal list', EDITOR))).toContain('No open proposals');
  });

  it('drafts a story that does not exist yet; accepting its proposals creates it', async () => {
    const drafted = messageText(await ask(h, `propose ${articleUrl} vostochny-summit`, EDITOR));
    expect(drafted).toContain('Draft of a new story vostochny-summit');
    expect(h.catalog.get('vostochny-summit')).toBeUndefined();
    expect(messageText(await ask(h, 'proposal accept all vostochny-summit', EDITOR))).toMatch(/Accepted #\d+/);
    const created = h.catalog.get('vostochny-summit');
    expect(created?.story.claims.length).toBeGreaterThan(0);
    expect(await h.store.revisions.latest('vostochny-summit')).toMatchObject({
      via: 'proposal',
      reference: articleUrl,
    });
  });

  it('is for editors: a reader is refused and nothing is fetched or stored', async () => {
    const refused = messageText(await ask(h, `propose ${articleUrl} ${STORY}`, READER));
    expect(refused).toMatch(/editors and admins/);
    expect(await h.store.proposals.list()).toEqual([]);
  });
});
