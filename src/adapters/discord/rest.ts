import { type RateLimitData, REST, type RESTOptions } from 'discord.js';
import type { Logger } from '../../core/log.js';

// @discordjs/rest clients: where rate limits are counted, logged and (for deliveries) handed back.
/** One encounter with a Discord rate limit, as @discordjs/rest reports it. */
export interface RateLimitInfo {
  method: string;
  route: string;
  global: boolean;
  scope: string;
  retryAfterMs: number;
}

export interface RestSettings {
  apiUrl: string;
  log: Logger;
  onRateLimited?: (info: RateLimitInfo) => void;
  /** Per-request timeout. */
  timeoutMs?: number;
  /**
   * No rate limit is sat out: every one (a bucket or the global limit known to be spent, or a 429)
   * fails the request with a RateLimitError, mapped to `rate_limited` with Discord's wait, and the
   * delivery engine decides. For deliveries; interaction answers keep @discordjs/rest's waiting.
   */
  rejectEveryRateLimit?: boolean;
  /** Otherwise, a wait longer than this fails the request (with a RateLimitError) instead of blocking. */
  rejectWaitsLongerThanMs?: number;
}

export const REST_RETRIES = 2;
export const REST_TIMEOUT_MS = 10_000;

/**
 * Options for every @discordjs/rest client here: moved to `apiUrl`, 2 retries of 5xx and network
 * errors, a 10 s timeout. Its `rejectOnRateLimit` hook, which it calls on every rate limit it meets
 * (a wait for a bucket to refill as well as an unexpected 429), is where they are logged and
 * counted (the `rateLimited` event only reports the first kind), and where the deliveries' client
 * hands every one back to the engine instead of waiting (`rejectEveryRateLimit`).
 */
export function restOptions(settings: RestSettings): Partial<RESTOptions> {
  return {
    api: settings.apiUrl,
    retries: REST_RETRIES,
    timeout: settings.timeoutMs ?? REST_TIMEOUT_MS,
    rejectOnRateLimit: (data: RateLimitData) => {
      const info: RateLimitInfo = {
        method: data.method,
        route: data.route,
        global: data.global,
        scope: data.scope,
        retryAfterMs: Math.max(0, Math.round(data.retryAfter)),
      };
      // A webhook route's major parameter is `{application id}/{interaction token}`: the token, valid
      // for 15 minutes, must not reach the log. Only the id before it is kept.
      const majorParameter = data.majorParameter.split('/')[0];
      settings.log.warn({ ...info, majorParameter }, 'discord rate limited');
      try {
        settings.onRateLimited?.(info);
      } catch {
        // A metrics callback must not break a request.
      }
      if (settings.rejectEveryRateLimit) return true;
      const limit = settings.rejectWaitsLongerThanMs;
      return limit !== undefined && info.retryAfterMs > limit;
    },
  };
}

export function createRest(token: string, settings: RestSettings): REST {
  return new REST(restOptions(settings)).setToken(token);
}
