import type { Sleep } from '../helpers.js';
import type { Clock } from '../ports.js';

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
