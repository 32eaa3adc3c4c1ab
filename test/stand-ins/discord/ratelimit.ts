// Rate limiting as described in discord.com/developers/docs/topics/rate-limits:
// per-route buckets (keyed by bucket hash + top-level resource), a global per-token
// limit, and the headers / 429 bodies the API sends.
import { createHash } from 'node:crypto';

export interface LimitSpec {
  limit: number;
  windowMs: number;
}

export interface RateLimitDecision {
  /** Headers for the response (always present). */
  headers: Record<string, string>;
  /** Set when the request must be answered 429. */
  limited?: {
    body: { message: string; retry_after: number; global: boolean };
    scope: string;
    global: boolean;
    oneShot: boolean;
  };
}

export interface OneShot {
  retryAfter: number;
  global: boolean;
  scope?: 'user' | 'shared' | 'global';
  match?: { method?: string; path?: string | RegExp };
}

interface Window {
  start: number;
  count: number;
}

export function bucketHash(method: string, template: string): string {
  return createHash('sha1').update(`${method} ${template}`).digest('hex').slice(0, 32);
}

function round3(n: number): number {
  return Math.max(0, Math.round(n * 1000) / 1000);
}

export class RateLimiter {
  private readonly buckets = new Map<string, Window>();
  private readonly globals = new Map<string, Window>();
  private readonly oneShots: OneShot[] = [];

  constructor(
    public globalPerSecond: number,
    /** 'ceil' sends integer seconds in Retry-After as Discord does; 'exact' sends the float (faster tests). */
    public retryAfterHeader: 'ceil' | 'exact' = 'ceil',
  ) {}

  failNext(shot: OneShot): void {
    this.oneShots.push(shot);
  }

  reset(): void {
    this.buckets.clear();
    this.globals.clear();
    this.oneShots.length = 0;
  }

  private retryHeader(seconds: number): string {
    return this.retryAfterHeader === 'ceil' ? String(Math.max(1, Math.ceil(seconds))) : String(round3(seconds));
  }

  private window(map: Map<string, Window>, key: string, windowMs: number, now: number): Window {
    let w = map.get(key);
    if (!w || now >= w.start + windowMs) {
      w = { start: now, count: 0 };
      map.set(key, w);
    }
    return w;
  }

  /**
   * Decide whether a request may proceed. `consume` is only applied when it does
   * (rejected requests do not count against buckets).
   */
  check(args: {
    method: string;
    path: string;
    template: string;
    major: string;
    spec: LimitSpec;
    globalKey: string | null;
    now?: number;
    /** Only compute headers (for requests rejected before reaching the limiter, e.g. 401). */
    peek?: boolean;
  }): RateLimitDecision {
    const now = args.now ?? Date.now();
    const hash = bucketHash(args.method, args.template);
    const w = this.window(this.buckets, `${hash}:${args.major}`, args.spec.windowMs, now);
    const resetAt = w.start + args.spec.windowMs;
    const routeHeaders = (remaining: number): Record<string, string> => ({
      'X-RateLimit-Limit': String(args.spec.limit),
      'X-RateLimit-Remaining': String(Math.max(0, remaining)),
      'X-RateLimit-Reset': (resetAt / 1000).toFixed(3),
      'X-RateLimit-Reset-After': round3((resetAt - now) / 1000).toFixed(3),
      'X-RateLimit-Bucket': hash,
    });

    if (args.peek) return { headers: routeHeaders(args.spec.limit - w.count) };
    const shotIndex = this.oneShots.findIndex((s) => {
      if (s.match?.method && s.match.method.toUpperCase() !== args.method) return false;
      const p = s.match?.path;
      if (p === undefined) return true;
      return typeof p === 'string' ? args.path.includes(p) : p.test(args.path);
    });
    if (shotIndex >= 0) {
      const shot = this.oneShots.splice(shotIndex, 1)[0]!;
      const scope = shot.scope ?? (shot.global ? 'global' : 'user');
      const headers: Record<string, string> = {
        ...routeHeaders(shot.global ? args.spec.limit - w.count : 0),
        'Retry-After': this.retryHeader(shot.retryAfter),
        'X-RateLimit-Scope': scope,
      };
      if (shot.global) headers['X-RateLimit-Global'] = 'true';
      else headers['X-RateLimit-Reset-After'] = round3(shot.retryAfter).toFixed(3);
      return {
        headers,
        limited: {
          body: { message: 'You are being rate limited.', retry_after: round3(shot.retryAfter), global: shot.global },
          scope,
          global: shot.global,
          oneShot: true,
        },
      };
    }

    if (args.globalKey !== null) {
      const g = this.window(this.globals, args.globalKey, 1000, now);
      if (g.count >= this.globalPerSecond) {
        const retry = (g.start + 1000 - now) / 1000;
        return {
          headers: {
            ...routeHeaders(args.spec.limit - w.count),
            'Retry-After': this.retryHeader(retry),
            'X-RateLimit-Global': 'true',
            'X-RateLimit-Scope': 'global',
          },
          limited: {
            body: { message: 'You are being rate limited.', retry_after: round3(retry), global: true },
            scope: 'global',
            global: true,
            oneShot: false,
          },
        };
      }
      if (w.count < args.spec.limit) g.count++;
    }

    if (w.count >= args.spec.limit) {
      const retry = (resetAt - now) / 1000;
      return {
        headers: { ...routeHeaders(0), 'Retry-After': this.retryHeader(retry), 'X-RateLimit-Scope': 'user' },
        limited: {
          body: { message: 'You are being rate limited.', retry_after: round3(retry), global: false },
          scope: 'user',
          global: false,
          oneShot: false,
        },
      };
    }
    w.count++;
    return { headers: routeHeaders(args.spec.limit - w.count) };
  }
}
