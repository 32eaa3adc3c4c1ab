/**
 * Sliding-window limiter used for Slack's documented limits:
 *  - chat.postMessage: "generally allows posting one message per second per channel, ... short bursts >1 allowed";
 *  - method tiers: N requests per minute per method per workspace per app.
 * A request over the limit is answered with HTTP 429 and `Retry-After: <seconds>`; rejected requests do not count.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /**
   * Records a hit for `key` if allowed. Returns `null` when allowed, or the number of whole seconds
   * (at least 1) until a slot frees up when the limit is exceeded.
   */
  take(key: string, now = Date.now()): number | null {
    const list = this.prune(key, now);
    if (list.length < this.limit) {
      list.push(now);
      return null;
    }
    const oldest = list[0] ?? now;
    const waitMs = oldest + this.windowMs - now;
    return Math.max(1, Math.ceil(waitMs / 1000));
  }

  reset(): void {
    this.hits.clear();
  }

  private prune(key: string, now: number): number[] {
    let list = this.hits.get(key);
    if (!list) {
      list = [];
      this.hits.set(key, list);
    }
    while (list.length > 0 && (list[0] ?? 0) <= now - this.windowMs) list.shift();
    return list;
  }
}

/** Slack message timestamps: "seconds.microseconds", unique and increasing. */
export class TsClock {
  private lastMicros = 0;

  next(): string {
    const nowMicros = Date.now() * 1000;
    this.lastMicros = Math.max(nowMicros, this.lastMicros + 1);
    const secs = Math.floor(this.lastMicros / 1_000_000);
    const micros = this.lastMicros % 1_000_000;
    return `${secs}.${String(micros).padStart(6, '0')}`;
  }
}

/** Compares two Slack ts strings numerically (equal-length fractional parts are guaranteed by Slack). */
export function compareTs(a: string, b: string): number {
  const [as = '0', af = '0'] = a.split('.');
  const [bs = '0', bf = '0'] = b.split('.');
  const d = Number(as) - Number(bs);
  if (d !== 0) return d;
  return Number(af.padEnd(6, '0')) - Number(bf.padEnd(6, '0'));
}
