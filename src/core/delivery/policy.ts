import type { SitrepError } from '../../errors.js';
import type { Platform } from '../ports.js';

/** How transient failures (5xx, timeouts, rate limits) are retried. */
export interface RetryPolicy {
  /** Attempts in all, the first included; the delivery fails for good after the last one. */
  maxAttempts: number;
  /** Delay before the second attempt; each later one waits `factor` times longer. */
  baseDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** No retry is scheduled later than this long after the delivery was recorded. */
  giveUpAfterMs: number;
}

/** 5 attempts: waits of about 10 s, 40 s, 160 s and 4 min (plus jitter), all within 10 minutes. */
export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 10_000,
  factor: 4,
  maxDelayMs: 240_000,
  giveUpAfterMs: 600_000,
};

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

/**
 * Whether to try again after a transient failure, and when. `attempts` counts the failed attempt
 * just made. A platform's `retryAfterMs` is obeyed as a floor; jitter (up to +20%) spreads the
 * retries of many channels hit by the same outage so they do not return all at once.
 */
export function decideRetry(
  policy: RetryPolicy,
  attempts: number,
  error: SitrepError,
  ageMs: number,
  random: () => number = Math.random,
): RetryDecision {
  if (attempts >= policy.maxAttempts) return { retry: false, reason: `gave up after ${attempts} attempts` };
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** (attempts - 1));
  const jittered = Math.round(backoff * (1 + 0.2 * random()));
  const delayMs = Math.max(jittered, error.retryAfterMs ?? 0);
  if (ageMs + delayMs > policy.giveUpAfterMs) {
    return { retry: false, reason: `gave up after ${attempts} attempts in ${Math.round(ageMs / 1000)} s` };
  }
  return { retry: true, delayMs };
}

/** Pacing and fan-out limits. */
export interface DeliveryLimits {
  /** Least time between two messages to one channel. Slack asks for at most one per second. */
  channelIntervalMs: Record<Platform, number>;
  /** Messages per minute to one Slack workspace, across its channels (config `slackWorkspaceBudgetPerMinute`). */
  slackWorkspacePerMinute: number;
  /**
   * How many of those may go at once (a fan-out at 09:00), default a quarter of the budget. The rest
   * of the budget refills evenly, so no 60-second window ever exceeds `slackWorkspacePerMinute`.
   */
  slackWorkspaceBurst?: number;
  /**
   * Sends in flight at once per platform. Discord's per-route and global limits come back from the
   * adapter as rate limits (its REST client waits out none of them), and the engine waits them out.
   */
  concurrency: Record<Platform, number>;
  /**
   * How long one delivery may wait in its lane on rate limits, in all, before its retry goes
   * through the delivery log instead (a long Retry-After must not hold the lane).
   */
  rateLimitWaitMs: Record<Platform, number>;
}

export const DEFAULT_LIMITS: DeliveryLimits = {
  channelIntervalMs: { slack: 1_000, discord: 0, shell: 0 },
  slackWorkspacePerMinute: 600,
  concurrency: { slack: 16, discord: 10, shell: 4 },
  rateLimitWaitMs: { slack: 20_000, discord: 60_000, shell: 0 },
};

export function limitsWith(overrides: Partial<DeliveryLimits> = {}): DeliveryLimits {
  return {
    channelIntervalMs: { ...DEFAULT_LIMITS.channelIntervalMs, ...overrides.channelIntervalMs },
    slackWorkspacePerMinute: overrides.slackWorkspacePerMinute ?? DEFAULT_LIMITS.slackWorkspacePerMinute,
    ...(overrides.slackWorkspaceBurst === undefined ? {} : { slackWorkspaceBurst: overrides.slackWorkspaceBurst }),
    concurrency: { ...DEFAULT_LIMITS.concurrency, ...overrides.concurrency },
    rateLimitWaitMs: { ...DEFAULT_LIMITS.rateLimitWaitMs, ...overrides.rateLimitWaitMs },
  };
}
