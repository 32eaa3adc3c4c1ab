import { setTimeout as delay, setImmediate } from 'node:timers/promises';

/**
 * Small pieces the core and the adapters share: waiting, time limits, a semaphore, yielding to the
 * event loop, freezing, a sentence's capital. Built on `node:timers/promises` so no caller
 * hand-builds a timer race.
 */

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

/** The real `Sleep`. The wait is cancelled (through a private signal) when `signal` aborts. */
export const sleep: Sleep = async (ms, signal) => {
  if (ms <= 0 || signal?.aborted) return;
  if (!signal) return delay(ms);
  const cancel = new AbortController();
  const stopWatching = whenAborted(signal, () => cancel.abort());
  try {
    await delay(ms, undefined, { signal: cancel.signal });
  } catch {
    // Aborted: resolve early, as the contract says.
  } finally {
    stopWatching();
  }
};

/**
 * Settles as `work` does, or with `onTimeout()` when `ms` pass first (a throw there rejects). The
 * timer never keeps the process alive and is cancelled as soon as `work` settles. `work` itself
 * is not cancelled: callers that care about a late outcome chain onto it.
 */
export async function within<T, F>(work: Promise<T>, ms: number, onTimeout: () => F): Promise<T | F> {
  // A plain timer, cleared, rather than `timers/promises` with an AbortController: this runs for
  // every chat command, and each abort builds a DOMException and an AbortError with their stacks
  // (a tenth of a millisecond a command, measured in the Slack-path bench).
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<F>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (error) {
        reject(error);
      }
    }, ms).unref();
  });
  try {
    return await Promise.race([work, timeUp]);
  } finally {
    clearTimeout(timer);
  }
}

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
 * Lets timers and network I/O run. SQLite answers synchronously, so a loop of awaited store calls
 * (planning thousands of schedules, claiming thousands of alerts) would otherwise hold the event
 * loop for seconds, and no message could start going out meanwhile.
 */
export function yieldToEventLoop(): Promise<void> {
  return setImmediate();
}

/** Freezes a value all the way down, so a shared answer or payload cannot be changed by whoever sends it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** `text` with its first letter in capitals: a phrase made into a sentence. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `n` and `noun`, plural unless one: "1 claim", "3 claims", "0 claims". */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
