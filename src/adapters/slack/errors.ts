import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { type ErrorCode, SitrepError } from '../../errors.js';

/** Slack Web API failures → coded SitrepErrors the delivery layer understands. Messages hold no tokens. */

const PLATFORM_CODES: Record<string, ErrorCode> = {
  channel_not_found: 'channel_not_found',
  not_in_channel: 'not_in_channel',
  is_archived: 'channel_archived',
  invalid_auth: 'auth_failed',
  not_authed: 'auth_failed',
  account_inactive: 'auth_failed',
  token_revoked: 'auth_failed',
  token_expired: 'auth_failed',
  no_permission: 'missing_permissions',
  missing_scope: 'missing_permissions',
  restricted_action: 'missing_permissions',
  restricted_action_read_only_channel: 'missing_permissions',
  restricted_action_thread_only_channel: 'missing_permissions',
  restricted_action_non_threadable_channel: 'missing_permissions',
  ekm_access_denied: 'missing_access',
  team_access_not_granted: 'missing_access',
  access_denied: 'missing_access',
  ratelimited: 'rate_limited',
  rate_limited: 'rate_limited',
  fatal_error: 'platform_unavailable',
  internal_error: 'platform_unavailable',
  service_unavailable: 'platform_unavailable',
  request_timeout: 'platform_unavailable',
  team_added_to_org: 'platform_unavailable',
};

export function mapSlackError(error: unknown, what = 'Slack call'): SitrepError {
  if (error instanceof SitrepError) return error;
  if (error instanceof WebAPIRateLimitedError) {
    return new SitrepError('rate_limited', `${what}: rate limited by Slack for ${error.retryAfter} s`, {
      cause: error,
      retryAfterMs: error.retryAfter * 1000,
    });
  }
  if (error instanceof WebAPIPlatformError) {
    const slackCode = error.data.error;
    const code = PLATFORM_CODES[slackCode] ?? 'internal';
    return new SitrepError(code, `${what}: Slack answered ${slackCode}`, { cause: error });
  }
  if (error instanceof WebAPIHTTPError) {
    const transient = error.statusCode >= 500 || error.statusCode === 408;
    return new SitrepError(
      transient ? 'platform_unavailable' : 'internal',
      `${what}: Slack answered HTTP ${error.statusCode}`,
      { cause: error },
    );
  }
  if (error instanceof WebAPIRequestError) {
    return new SitrepError('platform_unavailable', `${what}: could not reach Slack (${error.original.message})`, {
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SitrepError('internal', `${what}: ${message}`, { cause: error });
}
