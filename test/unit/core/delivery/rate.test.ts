import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../../src/core/delivery/rate.js';
import type { Sleep } from '../../../../src/core/helpers.js';
import { manualClock } from '../../../support/databases.js';

/** A clock that sleeping moves forward, and the waits asked for. */
function virtualTime() {
  const clock = manualClock('2026-03-08T09:00:00.000Z');
  const waits: number[] = [];
  const sleep: Sleep = async (ms, signal) => {
    if (signal?.aborted) return;
    waits.push(ms);
    clock.advance(ms);
  };
  return { clock, waits, sleep };
}

describe('TokenBucket', () => {
  it('starts full: a burst goes out at once, then one token every 60/perMinute seconds', async () => {
    const t = virtualTime();
    const bucket = new TokenBucket(30, 3, t.clock, t.sleep);
    for (let i = 0; i < 3; i++) expect(await bucket.take()).toBe(true);
    expect(t.waits).toEqual([]);
    expect(await bucket.take()).toBe(true);
    expect(await bucket.take()).toBe(true);
    expect(t.waits).toEqual([2_000, 2_000]);
  });

  it('saves up no more than the burst while idle', async () => {
    const t = virtualTime();
    const bucket = new TokenBucket(60, 2, t.clock, t.sleep);
    await bucket.take();
    await bucket.take();
    t.clock.advance(60_000);
    for (let i = 0; i < 2; i++) await bucket.take();
    expect(t.waits).toEqual([]);
    await bucket.take();
    expect(t.waits).toEqual([1_000]);
  });

  it('serves takers in the order they asked', async () => {
    const t = virtualTime();
    const bucket = new TokenBucket(60, 1, t.clock, t.sleep);
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((n) => bucket.take().then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3, 4]);
    expect(t.waits).toEqual([1_000, 1_000, 1_000]);
  });

  it('takes nothing before the time a 429 named, tokens or not', async () => {
    const t = virtualTime();
    const bucket = new TokenBucket(60, 5, t.clock, t.sleep);
    const start = t.clock.now().getTime();
    bucket.pause(start + 7_500);
    bucket.pause(start + 1_000); // an earlier time never shortens the pause
    expect(await bucket.take()).toBe(true);
    expect(t.clock.now().getTime() - start).toBe(7_500);
  });

  it('answers false to a taker whose signal is aborted while it waits', async () => {
    const clock = manualClock('2026-03-08T09:00:00.000Z');
    const sleep: Sleep = (_ms, signal) =>
      new Promise((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
    const bucket = new TokenBucket(1, 1, clock, sleep);
    expect(await bucket.take()).toBe(true);
    const controller = new AbortController();
    const waiting = bucket.take(controller.signal);
    controller.abort();
    expect(await waiting).toBe(false);
  });
});
