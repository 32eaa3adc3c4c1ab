import type { Clock } from '../ports.js';

/**
 * Waits `ms`, or less when `signal` aborts (it then resolves; the caller checks the signal).
 * Injected so tests can make waiting instantaneous or drive it with a manual clock.
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Per signal, the callbacks waiting for it to abort; each signal gets one real listener. */
const abortWatchers = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `onAbort` once when `signal` aborts (at once if it already has); returns a function that
 * cancels that. All waiters on one signal (in a fan-out, thousands of lanes share the engine's stop
 * signal) share one 'abort' listener: a listener each trips Node's MaxListenersExceededWarning past
 * 10, and adding each one costs time proportional to how many are already there.
 */
export function whenAborted(signal: AbortSignal, onAbort: () => void): () => void {
  if (signal.aborted) {
    onAbort();
    return () => {};
  }
  let callbacks = abortWatchers.get(signal);
  if (!callbacks) {
    const set = new Set<() => void>();
    callbacks = set;
    abortWatchers.set(signal, set);
    signal.addEventListener(
      'abort',
      () => {
        abortWatchers.delete(signal);
        for (const callback of [...set]) callback();
        set.clear();
      },
      { once: true },
    );
  }
  const set = callbacks;
  set.add(onAbort);
  return () => {
    set.delete(onAbort);
  };
}

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) {
      resolve();
      return;
    }
    let stopWatching: (() => void) | undefined;
    const done = () => {
      clearTimeout(timer);
      stopWatching?.();
      resolve();
    };
    const timer = setTimeout(done, ms);
    if (signal) stopWatching = whenAborted(signal, done);
  });

/** At most `size` holders at once; waiters are served first come, first served. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  /** Resolves with a release function, or with undefined when `signal` aborted first. */
  async acquire(signal?: AbortSignal): Promise<(() => void) | undefined> {
    if (signal?.aborted) return undefined;
    if (this.active < this.size) {
      this.active += 1;
      return this.releaser();
    }
    return new Promise((resolve) => {
      let stopWatching: (() => void) | undefined;
      const grant = () => {
        stopWatching?.();
        this.active += 1;
        resolve(this.releaser());
      };
      this.waiting.push(grant);
      if (signal) {
        stopWatching = whenAborted(signal, () => {
          const at = this.waiting.indexOf(grant);
          if (at >= 0) this.waiting.splice(at, 1);
          resolve(undefined);
        });
      }
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      this.waiting.shift()?.();
    };
  }
}

/**
 * A token bucket: `perMinute` tokens a minute, at most `burst` saved up (and full at the start). Takers queue in order, so a
 * busy workspace drains its backlog fairly, and only the lanes of that workspace wait on it.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private pausedUntil = 0;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
  ) {
    this.tokens = burst;
    this.updatedAt = clock.now().getTime();
  }

  /** Takes one token, waiting for it; false when `signal` aborted first. */
  take(signal?: AbortSignal): Promise<boolean> {
    const turn = this.tail.then(() => this.waitForToken(signal));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /** After a 429: nothing more is taken before `until` (epoch ms). */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  private refill(now: number): void {
    const earned = ((now - this.updatedAt) * this.perMinute) / 60_000;
    this.tokens = Math.min(this.burst, this.tokens + Math.max(0, earned));
    this.updatedAt = now;
  }

  private async waitForToken(signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      const now = this.clock.now().getTime();
      this.refill(now);
      if (now >= this.pausedUntil && this.tokens >= 1) {
        this.tokens -= 1;
        return true;
      }
      const forToken = Math.ceil(((1 - this.tokens) * 60_000) / this.perMinute);
      await this.sleep(Math.max(1, forToken, this.pausedUntil - now), signal);
    }
  }
}

/**
 * Lets timers and network I/O run. SQLite answers synchronously, so a loop of awaited store calls
 * (planning thousands of schedules, claiming thousands of alerts) would otherwise hold the event
 * loop for seconds, and no message could start going out meanwhile.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
