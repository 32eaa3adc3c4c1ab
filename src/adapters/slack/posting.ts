import { WebAPIRateLimitedError, type WebClient } from '@slack/web-api';
import { sleep } from '../../core/helpers.js';
import type { Logger } from '../../core/log.js';
import type { PostResult } from '../../core/ports.js';
import { SitrepError } from '../../errors.js';
import type { SlackPayload } from './blocks.js';
import { mapSlackError } from './errors.js';

/**
 * Posting to channels through the Web API: chat.postMessage per payload, tagged with message metadata
 * so a delivery can be found again after a crash. The parts of one split delivery go a second apart
 * (Slack's pace for one channel). Nothing else is paced or waited here: a 429 comes back at once as
 * `rate_limited` with Slack's Retry-After, and the delivery engine decides when to try again.
 */

export const DELIVERY_EVENT_TYPE = 'sitrep_delivery';

/** A reply whose thread's parent is gone: `thread_gone`, so the engine starts a new thread. */
function threadGone(error: unknown, threadTs: string | undefined): SitrepError | undefined {
  const code = (error as { data?: { error?: string } } | null)?.data?.error;
  if (!threadTs || (code !== 'thread_not_found' && code !== 'message_not_found')) return undefined;
  return new SitrepError('thread_gone', `Slack: the thread ${threadTs} is gone (${code})`, { cause: error });
}

export interface PosterOptions {
  log: Logger;
  /** Gap between two parts of one delivery (default 1,000 ms, Slack's documented pace per channel). */
  partIntervalMs?: number;
  /** Longest wait on one 429 for a message outside any delivery (a long command answer; default 20 s). */
  plainMaxWaitMs?: number;
  /** How many recent messages findDelivery reads (default 500). */
  findLimit?: number;
  sleep?: (ms: number) => Promise<void>;
}

interface SentParts {
  parts: Map<number, string>;
  at: number;
}

/** Deliveries whose parts are remembered for a resumed post; bounded. */
const MAX_REMEMBERED = 2000;

export class SlackPoster {
  private readonly sentParts = new Map<string, SentParts>();
  private readonly partIntervalMs: number;
  private readonly plainMaxWaitMs: number;
  private readonly findLimit: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: WebClient,
    private readonly options: PosterOptions,
  ) {
    this.partIntervalMs = options.partIntervalMs ?? 1000;
    this.plainMaxWaitMs = options.plainMaxWaitMs ?? 20_000;
    this.findLimit = options.findLimit ?? 500;
    this.sleep = options.sleep ?? sleep;
  }

  /**
   * Posts every payload of one delivery, in order, as consecutive messages. Never throws. When an
   * earlier attempt (or findDelivery) already got some parts out, only the rest are sent.
   */
  async post(
    channelId: string,
    payloads: readonly SlackPayload[],
    deliveryId: string,
    threadTs?: string,
  ): Promise<PostResult> {
    const sent = this.remembered(deliveryId);
    let postedNow = 0;
    try {
      for (const [i, payload] of payloads.entries()) {
        if (sent.parts.has(i + 1)) continue;
        if (postedNow > 0) await this.sleep(this.partIntervalMs);
        const ts = await this.postOne(
          channelId,
          payload,
          { delivery_id: deliveryId, part: i + 1, parts: payloads.length },
          threadTs,
        );
        sent.parts.set(i + 1, ts);
        postedNow += 1;
      }
    } catch (error) {
      const mapped = threadGone(error, threadTs) ?? mapSlackError(error, 'chat.postMessage');
      this.options.log.warn(
        { channel: channelId, deliveryId, code: mapped.code, err: mapped.message },
        'slack post failed',
      );
      return { ok: false, error: mapped };
    }
    this.sentParts.delete(deliveryId);
    return { ok: true, messageId: sent.parts.get(1) ?? [...sent.parts.values()][0] ?? '' };
  }

  /**
   * A message to a channel outside any delivery (command replies too long for response_url). No
   * engine stands behind it, so a short 429 is waited out here, once.
   */
  async postPlain(channelId: string, payload: SlackPayload): Promise<void> {
    try {
      await this.postOne(channelId, payload, undefined);
    } catch (error) {
      const waitMs = error instanceof SitrepError && error.code === 'rate_limited' ? error.retryAfterMs : undefined;
      if (waitMs === undefined || waitMs > this.plainMaxWaitMs) throw error;
      await this.sleep(waitMs);
      await this.postOne(channelId, payload, undefined);
    }
  }

  /**
   * Looks through the channel's recent messages (a thread's replies, for a reply) for this delivery's
   * metadata. Found only when every part is there; parts found of an incomplete delivery are
   * remembered so `post` sends just the rest.
   */
  async findDelivery(
    channelId: string,
    deliveryId: string,
    threadTs?: string,
  ): Promise<{ messageId: string } | undefined> {
    const found = new Map<number, string>();
    let parts = 1;
    let cursor: string | undefined;
    let read = 0;
    do {
      const query = {
        channel: channelId,
        include_all_metadata: true,
        limit: Math.min(200, this.findLimit - read),
        ...(cursor ? { cursor } : {}),
      };
      // conversations.history lists a channel's own messages; a thread's replies only come with replies.
      const page = await (threadTs
        ? this.call('conversations.replies', () => this.client.conversations.replies({ ...query, ts: threadTs }))
        : this.call('conversations.history', () => this.client.conversations.history(query)));
      const messages = page.messages ?? [];
      read += messages.length;
      for (const message of messages) {
        const metadata = (message as { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } })
          .metadata;
        if (metadata?.event_type !== DELIVERY_EVENT_TYPE) continue;
        const payload = metadata.event_payload ?? {};
        if (payload.delivery_id !== deliveryId || !message.ts) continue;
        const part = Number(payload.part ?? 1);
        parts = Math.max(parts, Number(payload.parts ?? 1));
        if (!found.has(part)) found.set(part, message.ts);
      }
      cursor = page.response_metadata?.next_cursor || undefined;
      if (found.size >= parts) break;
    } while (cursor && read < this.findLimit);
    if (found.size === 0) return undefined;
    if (found.size >= parts) return { messageId: found.get(1) ?? [...found.values()][0] ?? '' };
    const memory = this.remembered(deliveryId);
    for (const [part, ts] of found) memory.parts.set(part, ts);
    return undefined;
  }

  private remembered(deliveryId: string): SentParts {
    let entry = this.sentParts.get(deliveryId);
    if (!entry) {
      entry = { parts: new Map(), at: Date.now() };
      this.sentParts.set(deliveryId, entry);
      if (this.sentParts.size > MAX_REMEMBERED) {
        const oldest = this.sentParts.keys().next().value;
        if (oldest !== undefined) this.sentParts.delete(oldest);
      }
    }
    return entry;
  }

  private async postOne(
    channelId: string,
    payload: SlackPayload,
    delivery: { delivery_id: string; part: number; parts: number } | undefined,
    threadTs?: string,
  ): Promise<string> {
    const result = await this.call('chat.postMessage', () =>
      this.client.chat.postMessage({
        channel: channelId,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        text: payload.text,
        blocks: payload.blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(delivery ? { metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: delivery } } : {}),
      }),
    );
    return result.ts ?? '';
  }

  /** One Web API call, its failure coded; a 429 is `rate_limited` with Slack's Retry-After. */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof WebAPIRateLimitedError)) throw mapSlackError(error, what);
      const retryAfterMs = Math.max(1, error.retryAfter) * 1000;
      // Slack does not say which limit it was. chat.postMessage's is mostly one channel's pace; the
      // workspace's message budget the engine keeps itself, so one 429 holds back only this channel.
      throw new SitrepError('rate_limited', `${what}: rate limited by Slack for ${error.retryAfter} s`, {
        retryAfterMs,
        rateLimitScope: 'channel',
      });
    }
  }
}
