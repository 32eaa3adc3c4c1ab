import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, decideRetry, limitsWith } from '../../../../src/core/delivery/policy.js';
import { TokenBucket } from '../../../../src/core/delivery/rate.js';
import { RetryAlarm } from '../../../../src/core/delivery/retry-alarm.js';
import { Semaphore, type Sleep } from '../../../../src/core/helpers.js';
import { SitrepError } from '../../../../src/errors.js';
import { manualClock } from '../../../support/databases.js';

const serverError = new SitrepError('platform_unavailable', 'HTTP 500');
const noJitter = () => 0;

describe('decideRetry', () => {
  it('backs off 10 s, 40 s, 160 s, 240 s and gives up after the 5th attempt, all within 10 minutes', () => {
    const delays: number[] = [];
    let age = 0;
    for (let attempts = 1; ; attempts++) {
      const decision = decideRetry(DEFAULT_RETRY, attempts, serverError, age, noJitter);
      if (!decision.retry) {
        expect(attempts).toBe(5);
        expect(decision.reason).toContain('5 attempts');
        break;
      }
      delays.push(decision.delayMs);
      age += decision.delayMs;
    }
    expect(delays).toEqual([10_000, 40_000, 160_000, 240_000]);
    expect(age).toBeLessThanOrEqual(600_000);
    // Even with the most jitter the fifth attempt still happens within the window.
    let jitteredAge = 0;
    for (let attempts = 1; attempts < 5; attempts++) {
      const decision = decideRetry(DEFAULT_RETRY, attempts, serverError, jitteredAge, () => 1);
      expect(decision.retry).toBe(true);
      if (decision.retry) jitteredAge += decision.delayMs;
    }
  });

  it('waits at least as long as a rate limit asks', () => {
    const limited = new SitrepError('rate_limited', 'slow down', { retryAfterMs: 30_000 });
    expect(decideRetry(DEFAULT_RETRY, 1, limited, 0, noJitter)).toEqual({ retry: true, delayMs: 30_000 });
  });

  it('gives up when the next retry would fall outside the window', () => {
    const decision = decideRetry(DEFAULT_RETRY, 2, serverError, 590_000, noJitter);
    expect(decision.retry).toBe(false);
  });
});

describe('limits', () => {
  it('paces Slack channels at one message a second by default and lets overrides through', () => {
    expect(limitsWith().channelIntervalMs.slack).toBe(1_000);
    const limits = limitsWith({ slackWorkspacePerMinute: 100, concurrency: { slack: 2, discord: 3, shell: 1 } });
    expect(limits).toMatchObject({ slackWorkspacePerMinute: 100, concurrency: { slack: 2, discord: 3 } });
  });
});

describe('TokenBucket', () => {
  it('lets a burst through, then one token per interval, never more than the budget a minute', async () => {
    const clock = manualClock('2026-03-08T09:00:00Z');
    const slept: number[] = [];
    const sleep: Sleep = async (ms) => {
      slept.push(ms);
      clock.advance(ms);
    };
    const bucket = new TokenBucket(30, 30, clock, sleep); // 60 a minute: 30 at once, 30 spread
    const start = clock.now().getTime();
    for (let i = 0; i < 60; i++) expect(await bucket.take()).toBe(true);
    expect(slept.slice(0, 1)).toEqual([2_000]);
    expect(clock.now().getTime() - start).toBe(60_000);
  });

  it('waits out a pause after a 429 and stops waiting when aborted', async () => {
    const clock = manualClock('2026-03-08T09:00:00Z');
    const sleep: Sleep = async (ms) => clock.advance(ms);
    const bucket = new TokenBucket(60, 5, clock, sleep);
    bucket.pause(clock.now().getTime() + 7_000);
    await bucket.take();
    expect(clock.now().toISOString()).toBe('2026-03-08T09:00:07.000Z');
    const controller = new AbortController();
    controller.abort();
    expect(await bucket.take(controller.signal)).toBe(false);
  });
});

describe('Semaphore', () => {
  it('admits at most its size, first come first served, and drops aborted waiters', async () => {
    const semaphore = new Semaphore(2);
    const first = await semaphore.acquire();
    const second = await semaphore.acquire();
    const order: string[] = [];
    const controller = new AbortController();
    const aborted = semaphore.acquire(controller.signal).then((r) => order.push(r ? 'aborted-got-it' : 'aborted'));
    const third = semaphore.acquire().then((release) => {
      order.push('third');
      return release;
    });
    controller.abort();
    await aborted;
    first?.();
    (await third)?.();
    second?.();
    expect(order).toEqual(['aborted', 'third']);
  });
});

describe('RetryAlarm', () => {
  it('wakes for each due retry, and keeps a wake-up that falls due in the very millisecond it fires', async () => {
    const clock = manualClock('2026-03-08T09:00:00.000Z');
    const woken: string[] = [];
    const alarm = new RetryAlarm(clock, async () => {
      woken.push(clock.now().toISOString());
    });
    const at = clock.now().getTime();
    alarm.at(at); // due "now": recovery running this millisecond would not see it yet
    await new Promise((resolve) => setTimeout(resolve, 20));
    clock.advance(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const count = woken.length;
    expect(count).toBeGreaterThanOrEqual(2);
    expect(woken.at(-1)).toBe('2026-03-08T09:00:00.001Z');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(woken).toHaveLength(count); // once past, it is forgotten
    alarm.at(at + 10_000);
    alarm.cancel();
  });
});
