import { describe, expect, it } from 'vitest';
import type { ChannelAddress } from '../../../src/core/ports.js';
import type { NewDelivery, Store } from '../../../src/core/store.js';
import { storeCases } from '../../support/databases.js';
import { at, T0, useStore } from './harness.js';

const MINUTE = 60_000;
const later = (ms: number) => new Date(at(T0).getTime() + ms);

/** A delivery of `kind` to slack:C1 about the shipped story, due at T0, with `fields` set over that. */
function delivery(id: string, kind: NewDelivery['kind'], fields: Partial<NewDelivery>): NewDelivery {
  return { id, kind, channel: 'slack:C1', story: 'kim-putin-summit', dueAt: at(T0), ...fields };
}

function briefing(id: string, overrides: Partial<NewDelivery> = {}): NewDelivery {
  return delivery(id, 'briefing', {
    scheduleId: 's1a2b3c',
    slotKey: '2026-03-08T09:00',
    payload: JSON.stringify({ text: 'Kim arrives — “by train”' }),
    ...overrides,
  });
}

function alert(id: string, overrides: Partial<NewDelivery> = {}): NewDelivery {
  return delivery(id, 'alert', { revisionId: 7, ...overrides });
}

/** Claims `ids` (leased for one minute) and lets their leases run out. */
async function expiredRows(store: Store, ids: string[], owner = 'crashed'): Promise<void> {
  for (const [i, id] of ids.entries()) {
    await store.deliveries.claim(alert(id, { dueAt: later(i) }), owner, MINUTE);
  }
}

describe.each(storeCases())('DeliveryRepo ($name)', (storeCase) => {
  const t = useStore(storeCase);

  describe('claim', () => {
    it('inserts a pending delivery leased to the claimer, once', async () => {
      expect(await t.store.deliveries.claim(briefing('brief:s1a2b3c:2026-03-08T09:00'), 'replica-a', MINUTE)).toBe(
        true,
      );
      expect(await t.store.deliveries.get('brief:s1a2b3c:2026-03-08T09:00')).toEqual({
        id: 'brief:s1a2b3c:2026-03-08T09:00',
        kind: 'briefing',
        channel: 'slack:C1',
        story: 'kim-putin-summit',
        scheduleId: 's1a2b3c',
        slotKey: '2026-03-08T09:00',
        revisionId: null,
        status: 'pending',
        late: false,
        attempts: 0,
        messageId: null,
        errorCode: null,
        errorMessage: null,
        payload: '{"text":"Kim arrives — “by train”"}',
        thread: null,
        dueAt: at(T0),
        leaseOwner: 'replica-a',
        leaseUntil: later(MINUTE),
        createdAt: at(T0),
        sentAt: null,
      });

      expect(await t.store.deliveries.claim(briefing('brief:s1a2b3c:2026-03-08T09:00'), 'replica-b', MINUTE)).toBe(
        false,
      );
      expect((await t.store.deliveries.get('brief:s1a2b3c:2026-03-08T09:00'))?.leaseOwner).toBe('replica-a');
    });

    it('refuses an id that is already sent, failed or recorded', async () => {
      await t.store.deliveries.claim(alert('a'), 'x', MINUTE);
      await t.store.deliveries.markSent('a', 'x', 'm1', at(T0));
      await t.store.deliveries.record({ ...briefing('b'), status: 'missed' });
      expect(await t.store.deliveries.claim(alert('a'), 'y', MINUTE)).toBe(false);
      expect(await t.store.deliveries.claim(briefing('b'), 'y', MINUTE)).toBe(false);
      expect((await t.store.deliveries.get('a'))?.status).toBe('sent');
      expect((await t.store.deliveries.get('b'))?.status).toBe('missed');
    });

    it('gives a delivery claimed concurrently by many callers to exactly one', async () => {
      const owners = Array.from({ length: 8 }, (_, i) => `owner-${i}`);
      const results = await Promise.all(
        owners.map((o) => t.store.deliveries.claim(alert('alert:42:slack:C1'), o, MINUTE)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = owners[results.indexOf(true)];
      expect((await t.store.deliveries.get('alert:42:slack:C1'))?.leaseOwner).toBe(winner);
    });

    it('gives each delivery to exactly one of two replicas sharing the database', async () => {
      const replica = await t.another();
      const ids = Array.from({ length: 25 }, (_, i) => `alert:${i}:slack:C1`);
      const [a, b] = await Promise.all(
        [t.store, replica].map((store, r) =>
          Promise.all(ids.map((id) => store.deliveries.claim(alert(id), `replica-${r}`, MINUTE))),
        ),
      );
      for (const [i, id] of ids.entries()) {
        expect([a?.[i], b?.[i]].filter(Boolean), id).toHaveLength(1);
      }
      expect(await t.store.deliveries.pendingCount()).toBe(25);
    });
  });

  describe('record', () => {
    it('records a missed or skipped slot once, without a lease', async () => {
      const missed = { ...briefing('brief:s1:2026-03-08T09:00'), status: 'missed' as const, errorCode: 'too_late' };
      expect(await t.store.deliveries.record(missed)).toBe(true);
      expect(await t.store.deliveries.record({ ...missed, status: 'skipped' })).toBe(false);
      expect(await t.store.deliveries.get(missed.id)).toMatchObject({
        status: 'missed',
        errorCode: 'too_late',
        errorMessage: null,
        leaseOwner: null,
        leaseUntil: null,
      });
      expect(
        await t.store.deliveries.record({ ...alert('al'), status: 'skipped', errorMessage: 'channel paused' }),
      ).toBe(true);
      expect(await t.store.deliveries.pendingCount()).toBe(0);
    });

    it('does not overwrite a delivery being sent', async () => {
      await t.store.deliveries.claim(briefing('b'), 'x', MINUTE);
      expect(await t.store.deliveries.record({ ...briefing('b'), status: 'skipped' })).toBe(false);
      expect((await t.store.deliveries.get('b'))?.status).toBe('pending');
    });
  });

  describe('leases', () => {
    it('lets another owner take over a delivery whose lease expired, not one still leased', async () => {
      await t.store.deliveries.claim(alert('expired'), 'crashed', MINUTE);
      t.clock.advance(30_000);
      await t.store.deliveries.claim(alert('alive'), 'busy', MINUTE);

      expect(await t.store.deliveries.takeOver('rescuer', MINUTE, later(MINUTE - 1), 10)).toEqual([]);
      const taken = await t.store.deliveries.takeOver('rescuer', 5 * MINUTE, later(MINUTE + 1), 10);
      expect(taken.map((d) => [d.id, d.leaseOwner, d.leaseUntil, d.status])).toEqual([
        ['expired', 'rescuer', later(6 * MINUTE + 1), 'pending'],
      ]);
      expect((await t.store.deliveries.get('alive'))?.leaseOwner).toBe('busy');
      // Taken over: the crashed owner can no longer extend or fail it.
      expect(await t.store.deliveries.renew('expired', 'crashed', MINUTE)).toBe(false);
      expect(await t.store.deliveries.markFailed('expired', 'crashed', 'timeout', 'late')).toBe(false);
    });

    it('takes over at most `limit` rows, earliest due first, and never finished ones', async () => {
      await expiredRows(t.store, ['d0', 'd1', 'd2', 'd3']);
      await t.store.deliveries.markSent('d0', 'crashed', 'm', at(T0));
      await t.store.deliveries.claim(alert('d9', { dueAt: later(-MINUTE) }), 'crashed', MINUTE);
      await t.store.deliveries.markFailed('d9', 'crashed', 'channel_not_found', 'gone');
      await t.store.deliveries.record({ ...alert('d8', { dueAt: later(-2 * MINUTE) }), status: 'missed' });

      const now = later(2 * MINUTE);
      expect((await t.store.deliveries.takeOver('r', MINUTE, now, 2)).map((d) => d.id)).toEqual(['d1', 'd2']);
      expect((await t.store.deliveries.takeOver('r', MINUTE, now, 2)).map((d) => d.id)).toEqual(['d3']);
      expect(await t.store.deliveries.takeOver('r', MINUTE, now, 2)).toEqual([]);
      expect(await t.store.deliveries.takeOver('r', MINUTE, later(60 * MINUTE), 0)).toEqual([]);
    });

    it('gives each expired delivery to exactly one of two concurrent takers', async () => {
      const replica = await t.another();
      const ids = Array.from({ length: 30 }, (_, i) => `e${String(i).padStart(2, '0')}`);
      await expiredRows(t.store, ids);
      const now = later(10 * MINUTE);
      const taken: string[][] = [[], []];
      for (let round = 0; round < 4; round++) {
        const [a, b] = await Promise.all([
          t.store.deliveries.takeOver('taker-a', MINUTE, now, 4),
          replica.deliveries.takeOver('taker-b', MINUTE, now, 4),
        ]);
        taken[0]?.push(...(a ?? []).map((d) => d.id));
        taken[1]?.push(...(b ?? []).map((d) => d.id));
      }
      const [a = [], b = []] = taken;
      expect(a.filter((id) => b.includes(id))).toEqual([]);
      expect(a.length + b.length).toBe(Math.min(30, 4 * 2 * 4));
      for (const id of a) expect((await t.store.deliveries.get(id))?.leaseOwner).toBe('taker-a');
      for (const id of b) expect((await t.store.deliveries.get(id))?.leaseOwner).toBe('taker-b');
    });

    it("renews only the owner's lease on a pending delivery", async () => {
      await t.store.deliveries.claim(alert('a'), 'me', MINUTE);
      t.clock.advance(50_000);
      expect(await t.store.deliveries.renew('a', 'someone-else', MINUTE)).toBe(false);
      expect(await t.store.deliveries.renew('a', 'me', MINUTE)).toBe(true);
      expect((await t.store.deliveries.get('a'))?.leaseUntil).toEqual(later(50_000 + MINUTE));
      expect(await t.store.deliveries.takeOver('other', MINUTE, later(MINUTE + 1), 10)).toEqual([]);
      await t.store.deliveries.markSent('a', 'me', 'm1', t.clock.now());
      expect(await t.store.deliveries.renew('a', 'me', MINUTE)).toBe(false);
    });

    it('hands a released delivery to the next taker straight away', async () => {
      await t.store.deliveries.claim(alert('a'), 'stopping', 10 * MINUTE);
      expect(await t.store.deliveries.release('a', 'not-me')).toBe(false);
      expect(await t.store.deliveries.release('a', 'stopping')).toBe(true);
      expect(await t.store.deliveries.get('a')).toMatchObject({
        status: 'pending',
        leaseOwner: null,
        leaseUntil: at(T0),
      });
      const taken = await t.store.deliveries.takeOver('successor', MINUTE, later(1), 10);
      expect(taken.map((d) => [d.id, d.leaseOwner])).toEqual([['a', 'successor']]);
    });
  });

  describe('reclaimOwned (a restart under the same name)', () => {
    it('re-leases at once the pending deliveries still leased to that name, and nothing else', async () => {
      await t.store.deliveries.claim(alert('mine-1', { dueAt: later(2) }), 'pod-0', MINUTE);
      await t.store.deliveries.claim(briefing('mine-2', { dueAt: later(1) }), 'pod-0', MINUTE);
      await t.store.deliveries.claim(alert('theirs'), 'pod-1', MINUTE);
      await t.store.deliveries.claim(alert('mine-sent'), 'pod-0', MINUTE);
      await t.store.deliveries.markSent('mine-sent', 'pod-0', 'm', at(T0));
      await t.store.deliveries.claim(alert('mine-failed'), 'pod-0', MINUTE);
      await t.store.deliveries.markFailed('mine-failed', 'pod-0', 'channel_not_found', 'gone');
      // A retry scheduled for later is unleased: it waits for its time, whoever takes it.
      await t.store.deliveries.claim(alert('mine-retry'), 'pod-0', MINUTE);
      await t.store.deliveries.markFailed('mine-retry', 'pod-0', 'rate_limited', 'x', { retryAt: later(30_000) });

      // Seconds after the kill, long before the leases would run out.
      const now = later(2_000);
      expect(await t.store.deliveries.takeOver('pod-0', 5 * MINUTE, now, 10)).toEqual([]);
      const reclaimed = await t.store.deliveries.reclaimOwned('pod-0', 5 * MINUTE, now, 10);
      expect(reclaimed.map((d) => [d.id, d.status, d.leaseOwner, d.leaseUntil])).toEqual([
        ['mine-2', 'pending', 'pod-0', later(2_000 + 5 * MINUTE)],
        ['mine-1', 'pending', 'pod-0', later(2_000 + 5 * MINUTE)],
      ]);
      expect(reclaimed[0]?.payload).toBe('{"text":"Kim arrives — “by train”"}');
      expect(await t.store.deliveries.get('theirs')).toMatchObject({ leaseOwner: 'pod-1', leaseUntil: later(MINUTE) });
      expect(await t.store.deliveries.get('mine-retry')).toMatchObject({ leaseOwner: null, leaseUntil: later(30_000) });
      expect((await t.store.deliveries.get('mine-sent'))?.status).toBe('sent');
      expect((await t.store.deliveries.get('mine-failed'))?.status).toBe('failed');

      // Reclaimed rows are leased afresh: another replica cannot take them when the old lease ends.
      expect(await t.store.deliveries.takeOver('pod-1', MINUTE, later(MINUTE + 1), 10)).toEqual([
        expect.objectContaining({ id: 'mine-retry' }),
        expect.objectContaining({ id: 'theirs' }),
      ]);
      expect(await t.store.deliveries.reclaimOwned('pod-2', MINUTE, now, 10)).toEqual([]);
      expect(await t.store.deliveries.reclaimOwned('pod-0', MINUTE, later(0), 0)).toEqual([]);
    });

    it('pages through them with one `now`, earliest due first, each once', async () => {
      const ids = ['r0', 'r1', 'r2', 'r3', 'r4'];
      await expiredRows(t.store, ids, 'pod-0');
      const now = later(1_000);
      const pages: string[][] = [];
      for (let page = 0; page < 4; page++) {
        pages.push((await t.store.deliveries.reclaimOwned('pod-0', MINUTE, now, 2)).map((d) => d.id));
      }
      expect(pages).toEqual([['r0', 'r1'], ['r2', 'r3'], ['r4'], []]);
      // Renewed by the new process meanwhile (its lanes at work): still not returned again.
      t.clock.set(later(1_500));
      expect(await t.store.deliveries.renew('r1', 'pod-0', MINUTE)).toBe(true);
      expect(await t.store.deliveries.reclaimOwned('pod-0', MINUTE, now, 2)).toEqual([]);
      // A later start (another restart) finds them again: they are still leased to that name.
      expect(await t.store.deliveries.reclaimOwned('pod-0', MINUTE, later(5_000), 10)).toHaveLength(5);
      // Expired ones too: the lease having run out does not make them anyone else's yet.
      expect(await t.store.deliveries.reclaimOwned('pod-0', MINUTE, later(10 * MINUTE), 10)).toHaveLength(5);
      expect(await t.store.deliveries.renew('r0', 'pod-0', MINUTE)).toBe(true);
    });
  });

  describe('outcomes', () => {
    it('records a sent message once', async () => {
      await t.store.deliveries.claim(briefing('b'), 'me', MINUTE);
      expect(await t.store.deliveries.markSent('b', 'me', '1741424400.000100', later(1234))).toBe(true);
      expect(await t.store.deliveries.get('b')).toMatchObject({
        status: 'sent',
        messageId: '1741424400.000100',
        sentAt: later(1234),
        attempts: 1,
        leaseUntil: null,
      });
      expect(await t.store.deliveries.markSent('b', 'me', 'again', later(2000))).toBe(false);
      expect((await t.store.deliveries.get('b'))?.messageId).toBe('1741424400.000100');
      expect(await t.store.deliveries.takeOver('r', MINUTE, later(60 * MINUTE), 10)).toEqual([]);
    });

    it('records a message sent by an owner whose lease was taken over', async () => {
      await t.store.deliveries.claim(briefing('b'), 'slow', MINUTE);
      await t.store.deliveries.takeOver('fast', MINUTE, later(2 * MINUTE), 10);
      expect(await t.store.deliveries.markSent('b', 'slow', 'm-slow', later(2 * MINUTE))).toBe(true);
      expect(await t.store.deliveries.markSent('b', 'fast', 'm-fast', later(2 * MINUTE))).toBe(false);
      expect((await t.store.deliveries.get('b'))?.messageId).toBe('m-slow');
    });

    it('fails a delivery for good on a permanent error', async () => {
      await t.store.deliveries.claim(briefing('b'), 'me', MINUTE);
      expect(await t.store.deliveries.markFailed('b', 'me', 'channel_not_found', 'The channel was deleted.')).toBe(
        true,
      );
      expect(await t.store.deliveries.get('b')).toMatchObject({
        status: 'failed',
        attempts: 1,
        errorCode: 'channel_not_found',
        errorMessage: 'The channel was deleted.',
        leaseOwner: null,
        leaseUntil: null,
        sentAt: null,
      });
      expect(await t.store.deliveries.takeOver('r', MINUTE, later(60 * MINUTE), 10)).toEqual([]);
      expect(await t.store.deliveries.markFailed('b', 'me', 'timeout', 'again')).toBe(false);
    });

    it('keeps a delivery with a transient error pending until its retry time, counting attempts', async () => {
      await t.store.deliveries.claim(briefing('b'), 'me', MINUTE);
      expect(await t.store.deliveries.markFailed('b', 'other', 'rate_limited', 'x', { retryAt: later(1) })).toBe(false);
      expect(
        await t.store.deliveries.markFailed('b', 'me', 'rate_limited', 'Slow down', { retryAt: later(30_000) }),
      ).toBe(true);
      expect(await t.store.deliveries.get('b')).toMatchObject({
        status: 'pending',
        attempts: 1,
        errorCode: 'rate_limited',
        leaseOwner: null,
        leaseUntil: later(30_000),
      });
      expect(await t.store.deliveries.pendingCount()).toBe(1);
      expect(await t.store.deliveries.takeOver('me', MINUTE, later(29_999), 10)).toEqual([]);

      const [retry] = await t.store.deliveries.takeOver('me', MINUTE, later(30_001), 10);
      expect(retry).toMatchObject({ id: 'b', attempts: 1, leaseOwner: 'me' });
      expect(retry?.payload).toBe('{"text":"Kim arrives — “by train”"}');
      await t.store.deliveries.markFailed('b', 'me', 'platform_unavailable', '503', { retryAt: later(90_000) });
      await t.store.deliveries.takeOver('me', MINUTE, later(90_001), 10);
      await t.store.deliveries.markSent('b', 'me', 'm1', later(90_002));
      expect(await t.store.deliveries.get('b')).toMatchObject({ status: 'sent', attempts: 3, messageId: 'm1' });
    });
  });

  describe('history', () => {
    it("lists a channel's deliveries, latest due first", async () => {
      for (const [i, id] of ['d1', 'd2', 'd3', 'd4'].entries()) {
        await t.store.deliveries.claim(alert(id, { dueAt: later(i * MINUTE) }), 'me', MINUTE);
      }
      await t.store.deliveries.claim(
        alert('elsewhere', { channel: 'discord:1', dueAt: later(9 * MINUTE) }),
        'me',
        MINUTE,
      );
      expect((await t.store.deliveries.recent('slack:C1', 3)).map((d) => d.id)).toEqual(['d4', 'd3', 'd2']);
      expect((await t.store.deliveries.recent('discord:1', 10)).map((d) => d.id)).toEqual(['elsewhere']);
      expect(await t.store.deliveries.recent('slack:C9', 10)).toEqual([]);
    });

    it("finds the channel's last sent briefing of a story", async () => {
      const sent = async (id: string, sentAt: number, overrides: Partial<NewDelivery> = {}) => {
        await t.store.deliveries.claim(briefing(id, overrides), 'me', MINUTE);
        await t.store.deliveries.markSent(id, 'me', `m-${id}`, later(sentAt));
      };
      expect(await t.store.deliveries.lastSentBriefing('slack:C1', 'kim-putin-summit')).toBeUndefined();
      await sent('monday', 0);
      await sent('tuesday', 24 * 60 * MINUTE);
      await sent('other-story', 48 * 60 * MINUTE, { story: 'other' });
      await sent('other-channel', 48 * 60 * MINUTE, { channel: 'slack:C2' as ChannelAddress });
      await sent('no-story', 48 * 60 * MINUTE, { story: null });
      await t.store.deliveries.claim(briefing('wednesday-pending'), 'me', MINUTE);
      await t.store.deliveries.claim(briefing('wednesday-failed'), 'me', MINUTE);
      await t.store.deliveries.markFailed('wednesday-failed', 'me', 'missing_access', 'no');
      await t.store.deliveries.claim(alert('an-alert'), 'me', MINUTE);
      await t.store.deliveries.markSent('an-alert', 'me', 'm', later(72 * 60 * MINUTE));

      expect((await t.store.deliveries.lastSentBriefing('slack:C1', 'kim-putin-summit'))?.id).toBe('tuesday');
      expect((await t.store.deliveries.lastSentBriefing('slack:C1', null))?.id).toBe('no-story');
      expect((await t.store.deliveries.lastSentBriefing('slack:C2', 'kim-putin-summit'))?.id).toBe('other-channel');
    });

    it('counts deliveries by status', async () => {
      expect(await t.store.deliveries.countByStatus()).toEqual({
        pending: 0,
        sent: 0,
        failed: 0,
        missed: 0,
        skipped: 0,
      });
      await expiredRows(t.store, ['p1', 'p2', 's1', 'f1']);
      await t.store.deliveries.markSent('s1', 'crashed', 'm', at(T0));
      await t.store.deliveries.markFailed('f1', 'crashed', 'channel_archived', 'archived');
      await t.store.deliveries.record({ ...briefing('m1'), status: 'missed' });
      await t.store.deliveries.record({ ...briefing('m2'), status: 'missed' });
      expect(await t.store.deliveries.countByStatus()).toEqual({
        pending: 2,
        sent: 1,
        failed: 1,
        missed: 2,
        skipped: 0,
      });
      expect(await t.store.deliveries.pendingCount()).toBe(2);
    });

    it('keeps late, revision and payload details as given', async () => {
      await t.store.deliveries.claim(briefing('late', { late: true, revisionId: 12, payload: null }), 'me', MINUTE);
      expect(await t.store.deliveries.get('late')).toMatchObject({ late: true, revisionId: 12, payload: null });
      expect(await t.store.deliveries.get('nope')).toBeUndefined();
    });
  });
});
