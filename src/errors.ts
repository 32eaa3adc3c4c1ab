/** Coded errors. Only a UserError's message is ever shown in chat; the rest go to the log. */

export type ErrorCode =
  | 'user_input'
  | 'not_found'
  | 'forbidden'
  | 'content_invalid'
  | 'config_invalid'
  | 'env_invalid'
  | 'channel_not_found'
  | 'not_in_channel'
  | 'channel_archived'
  /** A thread an alert was to reply in is gone (deleted, locked): start a new one. */
  | 'thread_gone'
  | 'missing_access'
  | 'missing_permissions'
  | 'auth_failed'
  | 'rate_limited'
  | 'platform_unavailable'
  | 'timeout'
  | 'internal';

/** Codes that mean a channel cannot receive messages until a person fixes something. */
export const PERMANENT_CHANNEL_CODES: ReadonlySet<ErrorCode> = new Set([
  'channel_not_found',
  'not_in_channel',
  'channel_archived',
  'missing_access',
  'missing_permissions',
  'auth_failed',
]);

/**
 * What a rate limit holds back, as the platform said: one channel, a whole workspace (Slack's
 * per-workspace method limits), or everything the bot sends on the platform (Discord's global limit).
 */
export type RateLimitScope = 'channel' | 'workspace' | 'platform';

export class SitrepError extends Error {
  readonly code: ErrorCode;
  /** For rate limits: how long the platform asked us to wait. */
  readonly retryAfterMs?: number;
  /** For rate limits: what the wait applies to. */
  readonly rateLimitScope?: RateLimitScope;
  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; retryAfterMs?: number; rateLimitScope?: RateLimitScope },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SitrepError';
    this.code = code;
    if (options?.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options?.rateLimitScope !== undefined) this.rateLimitScope = options.rateLimitScope;
  }

  get permanent(): boolean {
    return PERMANENT_CHANNEL_CODES.has(this.code);
  }
}

/** A problem the person who typed the command can fix: its message is shown to them. */
export class UserError extends SitrepError {
  constructor(message: string, code: ErrorCode = 'user_input') {
    super(code, message);
    this.name = 'UserError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
