import { createHash } from 'node:crypto';
import { DiscordAPIError, HTTPError, RateLimitError, type REST, Routes } from 'discord.js';
import type { OutgoingMessage } from '../../core/message.js';
import { type ChannelAddress, type PostOptions, type PostResult, parseChannelAddress } from '../../core/ports.js';
import { errorMessage, SitrepError } from '../../errors.js';
import { renderDiscordMessages } from './render.js';

/**
 * Scheduled briefings and alerts: `POST /channels/{id}/messages`, one request per part of a split
 * message, each with a nonce derived from the delivery id and `enforce_nonce: true`. Discord then
 * answers a repeated send (a retry after a timeout, a restart mid-delivery) with the message it
 * already created instead of posting a second copy.
 */

/**
 * Discord's nonce is at most 25 characters: 18 of a hash of the delivery id (108 bits), a dot and
 * the part number of a split message (up to 999,999 parts).
 */
export function deliveryNonce(deliveryId: string, part: number): string {
  const hash = createHash('sha256').update(deliveryId).digest('base64url').slice(0, 18);
  return `${hash}.${part}`;
}

/** Discord JSON error codes Sitrep acts on. */
const CODES: Record<number, { code: SitrepError['code']; message: string }> = {
  50001: { code: 'missing_access', message: 'Sitrep cannot see this channel (Missing Access): add the bot to it' },
  10003: { code: 'channel_not_found', message: 'the channel does not exist (Unknown Channel)' },
  50013: {
    code: 'missing_permissions',
    message: 'Sitrep lacks permission here (Missing Permissions): it needs Send Messages and Embed Links',
  },
};

/** Any failure from @discordjs/rest (or the network under it) as a coded SitrepError. */
export function mapDiscordError(error: unknown): SitrepError {
  if (error instanceof SitrepError) return error;
  if (error instanceof RateLimitError) {
    return new SitrepError('rate_limited', `Discord rate limit on ${error.route}`, {
      cause: error,
      retryAfterMs: Math.max(0, Math.round(error.retryAfter)),
      // The global limit holds back everything the bot sends; a route's bucket, one channel.
      rateLimitScope: error.global ? 'platform' : 'channel',
    });
  }
  if (error instanceof DiscordAPIError) {
    const known = typeof error.code === 'number' ? CODES[error.code] : undefined;
    if (known) return new SitrepError(known.code, known.message, { cause: error });
    if (error.status === 401)
      return new SitrepError('auth_failed', 'Discord refused the bot token (401)', { cause: error });
    if (error.status === 403) {
      return new SitrepError('missing_permissions', `Discord refused: ${error.message} (${error.code})`, {
        cause: error,
      });
    }
    if (error.status === 404)
      return new SitrepError('channel_not_found', `Discord: ${error.message} (${error.code})`, { cause: error });
    if (error.status === 429) return new SitrepError('rate_limited', 'Discord rate limit', { cause: error });
    if (error.status >= 500)
      return new SitrepError('platform_unavailable', `Discord error ${error.status}`, { cause: error });
    return new SitrepError('internal', `Discord rejected the message: ${error.message} (${error.code})`, {
      cause: error,
    });
  }
  if (error instanceof HTTPError) {
    if (error.status === 401)
      return new SitrepError('auth_failed', 'Discord refused the bot token (401)', { cause: error });
    return new SitrepError('platform_unavailable', `Discord answered ${error.status}`, { cause: error });
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new SitrepError('platform_unavailable', 'Discord did not answer in time', { cause: error });
  }
  // fetch failures (refused, reset, DNS): the network, not the message.
  return new SitrepError('platform_unavailable', `Discord unreachable: ${errorMessage(error)}`, { cause: error });
}

/** Thread errors that mean "start a new thread": Unknown Channel (deleted), archived and locked. */
const THREAD_GONE = new Set([10003, 50083]);

/** The channel id of a `discord:<channel id>` address, or a coded error. */
function channelIdOf(to: ChannelAddress): string | SitrepError {
  const address = parseChannelAddress(to);
  if (address?.platform !== 'discord' || !/^\d{5,25}$/.test(address.id)) {
    return new SitrepError('channel_not_found', `${to} is not a Discord channel address`);
  }
  return address.id;
}

/**
 * Posts a message (every part of it) to a `discord:<channel id>` address, or with `options.thread`
 * in the thread started from that message (a thread has its starting message's id). Never throws.
 */
export async function postMessage(
  rest: REST,
  to: ChannelAddress,
  message: OutgoingMessage,
  deliveryId: string,
  options: PostOptions = {},
): Promise<PostResult> {
  const channelId = channelIdOf(to);
  if (channelId instanceof SitrepError) return { ok: false, error: channelId };
  try {
    const payloads = renderDiscordMessages(message);
    let first: string | undefined;
    for (const [part, payload] of payloads.entries()) {
      const body = { ...payload, nonce: deliveryNonce(deliveryId, part), enforce_nonce: true };
      const route = Routes.channelMessages(options.thread ?? channelId);
      const created = (await rest.post(route, { body })) as { id: string };
      first ??= created.id;
    }
    return { ok: true, messageId: first ?? '' };
  } catch (error) {
    if (options.thread && error instanceof DiscordAPIError && THREAD_GONE.has(Number(error.code))) {
      const gone = `Discord: the thread ${options.thread} is gone or locked (${error.code})`;
      return { ok: false, error: new SitrepError('thread_gone', gone, { cause: error }) };
    }
    return { ok: false, error: mapDiscordError(error) };
  }
}

/** "A thread has already been created for this message": a second start after a crash. */
const THREAD_EXISTS = 160004;
/** A week without messages before Discord hides the thread; the next alert brings it back. */
const AUTO_ARCHIVE_MINUTES = 10080;

/** Starts a public thread from a posted message (Start Thread from Message). Throws a SitrepError. */
export async function startThread(rest: REST, to: ChannelAddress, messageId: string, name: string): Promise<void> {
  const channelId = channelIdOf(to);
  if (channelId instanceof SitrepError) throw channelId;
  try {
    await rest.post(Routes.threads(channelId, messageId), {
      body: { name, auto_archive_duration: AUTO_ARCHIVE_MINUTES },
    });
  } catch (error) {
    if (error instanceof DiscordAPIError && Number(error.code) === THREAD_EXISTS) return;
    throw mapDiscordError(error);
  }
}
