import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContentService } from '../../../src/core/content/service.js';
import type { ApplyOutcome, ContentChange, ContentEdit } from '../../../src/core/content/types.js';
import { ask, type Harness, messageText, openHarness } from '../claims/harness.js';

/**
 * The write path (ADR 0040) through the real store, catalog, file writeback and alert planner:
 * what the console, chat forms and proposals rely on.
 */

const STORY = 'harbour-strike';
const CHANNEL = 'slack:CSTORY';
let h: Harness;
let content: ContentService;

beforeEach(async () => {
  h = await openHarness();
  await h.claims.syncAtStart();
  content = h.claims.content;
  await ask(h, `track story ${STORY}`, { channel: CHANNEL });
});

afterEach(async () => {
  await h.close();
});

async function head(): Promise<number> {
  return (await h.store.revisions.latest(STORY))?.id ?? 0;
}

function change(base: number | null, edits: ContentEdit[], author = 'console:ana'): ContentChange {
  return { story: STORY, baseRevision: base, origin: { author, via: 'console' }, edits };
}

function setClaim(id: string, field: string, value: string | string[] | null): ContentEdit {
  return { op: 'set', entity: 'claim', id, field, value };
}

function expectKind<K extends ApplyOutcome['kind']>(
  outcome: ApplyOutcome,
  kind: K,
): Extract<ApplyOutcome, { kind: K }> {
  expect(outcome.kind, JSON.stringify(outcome)).toBe(kind);
  return outcome as Extract<ApplyOutcome, { kind: K }>;
}

describe('applying a change', () => {
  it('stores a revision on its parent, serves it, rewrites the file with its comments and alerts once', async () => {
    const base = await head();
    const outcome = expectKind(
      await content.apply(change(base, [setClaim('ships-diverted', 'status', 'confirmed')])),
      'applied',
    );
    expect(outcome.revision).toMatchObject({ parentId: base, author: 'console:ana', via: 'console' });
    expect(outcome.changed).toEqual(['claims.ships-diverted.status']);
    const view = h.catalog.get(STORY);
    expect(view?.revision).toBe(outcome.revision.id);
    expect(view?.claimById.get('ships-diverted')?.status).toBe('confirmed');
    const file = await readFile(h.file, 'utf8');
    expect(file).toContain('# --- Consequences ---');
    expect(file).toContain('status: confirmed');
    expect(h.deliverer.requests.filter((r) => r.channel === CHANNEL)).toHaveLength(1);
    const [entry] = await h.store.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ action: 'content.apply', actor: 'console:ana', outcome: 'ok' });
  });

  it('adds and removes actors, sources, claims and timeline entries, and sets summary tiers', async () => {
    const outcome = expectKind(
      await content.apply(
        change(await head(), [
          { op: 'add', entity: 'source', value: { id: 'wire', name: 'A wire service', kind: 'media' } },
          { op: 'add', entity: 'actor', value: { id: 'mayor', name: 'The mayor', kind: 'person' } },
          {
            op: 'add',
            entity: 'claim',
            value: {
              id: 'mayor-mediates',
              text: 'The mayor offers to mediate.',
              about: ['mayor'],
              source: 'wire',
              status: 'reported',
            },
          },
          { op: 'remove', entity: 'timeline', id: '0' },
          { op: 'add', entity: 'timeline', value: { date: '2031-04-02', text: 'The mayor spoke.', actors: ['mayor'] } },
          { op: 'set', entity: 'story', field: 'summary.full', value: 'A longer account.' },
          { op: 'set', entity: 'actor', id: 'maria-lind', field: 'role', value: 'General secretary' },
        ]),
      ),
      'applied',
    );
    const story = h.catalog.get(STORY)?.story;
    expect(story?.claims.map((c) => c.id)).toContain('mayor-mediates');
    expect(story?.timeline.map((t) => t.text)).toEqual(['The ballot result was published.', 'The mayor spoke.']);
    expect(story?.summary.full).toBe('A longer account.');
    expect(story?.actors.find((a) => a.id === 'maria-lind')?.role).toBe('General secretary');
    expect(outcome.changed).toEqual(
      expect.arrayContaining([
        'summary.full',
        'sources.wire',
        'actors.mayor',
        'actors.maria-lind.role',
        'claims.mayor-mediates',
        'timeline',
      ]),
    );
  });

  it('answers problems naming each field, and stores nothing', async () => {
    const before = await head();
    const outcome = expectKind(
      await content.apply(
        change(before, [
          setClaim('ships-diverted', 'status', 'rumoured'),
          { op: 'remove', entity: 'actor', id: 'shipping-lines' },
          setClaim('no-such-claim', 'status', 'confirmed'),
        ]),
      ),
      'invalid',
    );
    expect(outcome.problems).toEqual([
      { field: 'claims.no-such-claim.status', message: 'no claim "no-such-claim" in this story' },
    ]);
    const invalid = expectKind(
      await content.apply(
        change(before, [
          setClaim('ships-diverted', 'status', 'rumoured'),
          { op: 'remove', entity: 'actor', id: 'shipping-lines' },
        ]),
      ),
      'invalid',
    );
    expect(invalid.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'claims.ships-diverted.status',
          message: expect.stringContaining('must be one of'),
        }),
        // A removed actor still named by a claim is a problem, not a dangling id.
        expect.objectContaining({
          field: 'claims.ships-diverted.about',
          message: expect.stringContaining('unknown actor "shipping-lines"'),
        }),
      ]),
    );
    expect(await head()).toBe(before);
    expect(h.deliverer.requests).toHaveLength(0);
  });

  it('rebases a change made on an older revision when it touches other fields', async () => {
    const base = await head();
    expectKind(
      await content.apply(change(base, [setClaim('ships-diverted', 'status', 'confirmed')], 'slack:UA')),
      'applied',
    );
    const second = expectKind(
      await content.apply(change(base, [setClaim('ships-diverted', 'note', 'Two lines said so.')], 'slack:UB')),
      'applied',
    );
    expect(second.rebasedFrom).toBe(base);
    const claim = h.catalog.get(STORY)?.claimById.get('ships-diverted');
    expect(claim).toMatchObject({ status: 'confirmed', note: 'Two lines said so.' });
  });

  it('refuses a change to a field another change since its base set, naming the value now, who and when', async () => {
    const base = await head();
    const first = expectKind(
      await content.apply(change(base, [setClaim('ships-diverted', 'status', 'confirmed')], 'slack:UA')),
      'applied',
    );
    const refused = expectKind(
      await content.apply(change(base, [setClaim('ships-diverted', 'status', 'denied')], 'slack:UB')),
      'conflict',
    );
    expect(refused.conflicts).toEqual([
      {
        field: 'claims.ships-diverted.status',
        yours: 'denied',
        now: 'confirmed',
        since: 'set',
        changedBy: 'slack:UA',
        via: 'console',
        changedAt: first.revision.createdAt,
        revision: first.revision.id,
      },
    ]);
    expect(h.catalog.get(STORY)?.claimById.get('ships-diverted')?.status).toBe('confirmed');
    // The same value is no conflict: nothing to change.
    expectKind(await content.apply(change(base, [setClaim('ships-diverted', 'status', 'confirmed')])), 'unchanged');
  });

  it('refuses adding an id that was already there at the base as invalid, and one added since as a conflict', async () => {
    const base = await head();
    expectKind(await content.apply(change(base, [setClaim('ships-diverted', 'status', 'confirmed')])), 'applied');
    const taken = expectKind(
      await content.apply(
        change(base, [{ op: 'add', entity: 'claim', value: { id: 'ships-diverted', text: 'Again.', about: [] } }]),
      ),
      'invalid',
    );
    expect(taken.problems).toEqual([
      { field: 'claims.ships-diverted', message: 'a claim with id "ships-diverted" already exists' },
    ]);
    const wire = { id: 'wire', name: 'A wire service', kind: 'media' };
    const added = expectKind(
      await content.apply(change(base, [{ op: 'add', entity: 'source', value: wire }], 'slack:UA')),
      'applied',
    );
    const clash = expectKind(
      await content.apply(change(base, [{ op: 'add', entity: 'source', value: { ...wire, name: 'Other' } }])),
      'conflict',
    );
    expect(clash.conflicts).toMatchObject([
      { field: 'sources.wire', since: 'added', changedBy: 'slack:UA', revision: added.revision.id },
    ]);
  });

  it('holds a change removing more than a third of the claims until an admin confirms it', async () => {
    const base = await head();
    const held = expectKind(
      await content.apply(
        change(base, [
          { op: 'remove', entity: 'claim', id: 'ships-diverted' },
          { op: 'remove', entity: 'claim', id: 'turnout-disputed' },
        ]),
      ),
      'pending',
    );
    expect(held.pending.reason).toBe('removes 2 of 4 claims');
    expect(await head()).toBe(base);
    expect(h.deliverer.requests).toHaveLength(0);
    expect(messageText(h.notifier.messages.at(-1)!)).toContain(`/sitrep confirm ${held.pending.id}`);
    // Only an admin decides, in chat (or the console, through the same call).
    expect(messageText(await ask(h, `confirm ${held.pending.id}`, { userId: 'UREADER' }))).not.toContain('published');
    expect(await head()).toBe(base);
    expect(messageText(await ask(h, `confirm ${held.pending.id}`))).toContain(
      `Held change ${held.pending.id} is published`,
    );
    const confirmed = await h.store.revisions.latest(STORY);
    expect(confirmed?.parentId).toBe(base);
    expect(h.catalog.get(STORY)?.story.claims).toHaveLength(2);
    expect(await content.confirm(held.pending.id, 'slack:UADMIN')).toBeUndefined();
    expect(await h.store.pendingChanges.get(held.pending.id)).toMatchObject({
      status: 'confirmed',
      decidedBy: 'slack:UADMIN',
    });
  });

  it('creates a new story with no claims, and refuses to create one twice', async () => {
    const fresh = {
      id: 'port-talks',
      title: 'Port talks',
      summary: { headline: 'Talks start.', short: 'Talks start today.' },
      sources: [],
      actors: [],
      claims: [],
      timeline: [],
    };
    const create = () =>
      content.apply({
        story: 'port-talks',
        baseRevision: null,
        origin: { author: 'cli:ana', via: 'cli' },
        edits: [{ op: 'replace', story: fresh }],
      });
    const created = expectKind(await create(), 'applied');
    expect(created.revision.parentId).toBeNull();
    expect(h.catalog.get('port-talks')?.story.title).toBe('Port talks');
    const again = expectKind(await create(), 'invalid');
    expect(again.problems[0]?.field).toBe('story');
  });

  it('a chat set goes through it and answers a conflict with the value now', async () => {
    const base = await head();
    expectKind(
      await content.apply(change(base, [setClaim('ships-diverted', 'status', 'denied')], 'console:bo')),
      'applied',
    );
    // The catalog view a chat user was served is the latest: a set now is on top of it.
    const reply = await ask(h, 'set ships-diverted status=confirmed');
    expect(messageText(reply)).toContain('Updated ships-diverted: status');
    const revisions = await h.store.revisions.list(STORY, { limit: 1 });
    expect(revisions[0]).toMatchObject({ via: 'chat', author: 'slack:UADMIN', parentId: base + 1 });
  });
});
