/**
 * The least time the documented limits allow for a fan-out, computed from the limits alone (no
 * measurement): what a perfect sender — every request ready at t = 0, zero latency, zero overhead —
 * would need. `bench/fanout.ts` divides its wall time by this.
 */

/** The Slack per-workspace budget as the delivery engine applies it (see src/core/delivery/gates.ts). */
export interface WorkspaceBudget {
  /** Messages per minute to one workspace (config `slackWorkspaceBudgetPerMinute`, engine `slackWorkspacePerMinute`). */
  perMinute: number;
  /** Messages that may go at once (engine `slackWorkspaceBurst`); the rest of the minute's budget refills evenly. */
  burst: number;
}

/**
 * The burst the engine uses for a budget: as `SendGates.budget` computes it (default a quarter of
 * the budget, at least 1, at most the budget).
 */
export function engineBurst(perMinute: number, burst?: number): number {
  const budget = Math.max(1, perMinute);
  return Math.max(1, Math.min(budget, burst ?? Math.floor(budget / 4)));
}

/**
 * Seconds to send `messages` through a token bucket that starts full with `burst` tokens and refills
 * at `perMinute - burst` a minute (the engine's bucket: burst plus one minute's refill = the budget,
 * so no 60-second window exceeds it). The first `burst` go at t = 0; message k > burst at
 * (k - burst) / rate.
 */
export function tokenBucketSeconds(messages: number, budget: WorkspaceBudget): number {
  if (messages <= budget.burst) return 0;
  const refillPerMinute = Math.max(1, budget.perMinute - budget.burst);
  return ((messages - budget.burst) * 60) / refillPerMinute;
}

/**
 * Seconds to send `messages` under a limit of `limit` per window of `windowMs`, sliding or fixed
 * (the Slack stand-in's method budget slides; the Discord stand-in's windows open at the first
 * request after the last one closed): `limit` at once, the next `limit` one window later, …
 */
export function windowSeconds(messages: number, limit: number, windowMs: number): number {
  if (messages <= 0) return 0;
  return (Math.ceil(messages / Math.max(1, limit)) - 1) * (windowMs / 1000);
}

export interface FanoutShape {
  /** Channels per Slack workspace (one briefing each). */
  slackChannelsPerWorkspace: readonly number[];
  /** Slack messages per briefing (a long message is split into several posts). */
  slackParts: number;
  discordChannels: number;
  discordParts: number;
}

export interface FanoutLimits {
  /** Least gap between two messages to one Slack channel (Slack: about one a second). */
  slackChannelIntervalMs: number;
  slackWorkspace: WorkspaceBudget;
  /** The stand-in's own per-workspace chat.postMessage budget (per sliding 60 s). */
  slackStandInPerMinute: number;
  /** Discord: requests per second per bot token, all routes. */
  discordGlobalPerSecond: number;
  /** Discord: POST /channels/{id}/messages per channel. */
  discordChannelBucket: { limit: number; windowMs: number };
}

export interface Minimum {
  seconds: number;
  /** Which limit sets it, and the other candidates, for the report. */
  parts: Record<string, number>;
}

/** Slack: the slowest workspace, each bounded by its budget (engine bucket and stand-in window) and per-channel pacing. */
export function slackMinimum(shape: FanoutShape, limits: FanoutLimits): Minimum {
  const perChannel = ((shape.slackParts - 1) * limits.slackChannelIntervalMs) / 1000;
  let bucket = 0;
  let standIn = 0;
  for (const channels of shape.slackChannelsPerWorkspace) {
    const messages = channels * shape.slackParts;
    bucket = Math.max(bucket, tokenBucketSeconds(messages, limits.slackWorkspace));
    standIn = Math.max(standIn, windowSeconds(messages, limits.slackStandInPerMinute, 60_000));
  }
  return {
    seconds: Math.max(perChannel, bucket, standIn),
    parts: {
      'workspace budget (engine bucket)': bucket,
      'workspace budget (stand-in window)': standIn,
      'per channel': perChannel,
    },
  };
}

/** Discord: the global per-token rate over every message, and each channel's bucket. */
export function discordMinimum(shape: FanoutShape, limits: FanoutLimits): Minimum {
  const global = windowSeconds(shape.discordChannels * shape.discordParts, limits.discordGlobalPerSecond, 1000);
  const perChannel = windowSeconds(
    shape.discordParts,
    limits.discordChannelBucket.limit,
    limits.discordChannelBucket.windowMs,
  );
  return { seconds: Math.max(global, perChannel), parts: { global: global, 'per channel': perChannel } };
}
