/**
 * conversations.history over stored messages (docs.slack.dev/reference/methods/conversations.history):
 * newest first; `oldest` (default 0) and `latest` (default now) bound the range, exclusive unless
 * `inclusive`; `limit` default 100 (max 999); cursor pagination via `response_metadata.next_cursor`
 * with `has_more`; `metadata` on messages only when `include_all_metadata` is true.
 */
import { type ApiReply, fail, ok, str, truthy } from './args.js';
import { compareTs } from './rate-limit.js';
import type { StoredMessage } from './types.js';

/** The message as the Web API shows it (no stand-in bookkeeping fields). */
export function publicMessage(m: StoredMessage, includeMetadata: boolean): Record<string, unknown> {
  const { channel: _c, via: _v, metadata, ...rest } = m;
  return includeMetadata && metadata ? { ...rest, metadata } : rest;
}

/** A thread's replies are not the channel's own messages: history shows their parent instead. */
function isReply(m: StoredMessage): boolean {
  return m.thread_ts !== undefined && m.thread_ts !== m.ts;
}

/** A parent as history and replies show it: with its thread's `reply_count` and `latest_reply`. */
function withThread(m: StoredMessage, all: StoredMessage[], includeMetadata: boolean): Record<string, unknown> {
  const replies = all.filter((r) => isReply(r) && r.thread_ts === m.ts);
  const shown = publicMessage(m, includeMetadata);
  if (replies.length === 0) return shown;
  return { ...shown, thread_ts: m.ts, reply_count: replies.length, latest_reply: replies[replies.length - 1]?.ts };
}

/**
 * conversations.replies (docs.slack.dev/reference/methods/conversations.replies): the parent named
 * by `ts` first, then its replies oldest first; `thread_not_found` when `ts` names no message; the
 * same `limit` and cursor paging as history.
 */
export function conversationsReplies(messages: StoredMessage[], args: Record<string, unknown>): ApiReply {
  const ts = str(args.ts);
  const parent = ts ? messages.find((m) => m.ts === ts) : undefined;
  if (!parent || !ts) return fail('thread_not_found');
  const thread = [parent, ...messages.filter((m) => isReply(m) && m.thread_ts === ts)].sort((a, b) =>
    compareTs(a.ts, b.ts),
  );
  const limitRaw = Number(str(args.limit) ?? 1000);
  const limit = Number.isFinite(limitRaw) && limitRaw > 0 ? Math.min(Math.floor(limitRaw), 1000) : 1000;
  const cursor = str(args.cursor);
  const start = cursor ? Number(Buffer.from(cursor, 'base64').toString('utf8').replace('next_at:', '')) : 0;
  if (!Number.isInteger(start) || start < 0) return fail('invalid_cursor');
  const page = thread.slice(start, start + limit);
  const includeMetadata = truthy(args.include_all_metadata);
  const body: Record<string, unknown> = {
    messages: page.map((m) =>
      m === parent ? withThread(m, messages, includeMetadata) : publicMessage(m, includeMetadata),
    ),
    has_more: start + limit < thread.length,
  };
  if (start + limit < thread.length) {
    body.response_metadata = { next_cursor: Buffer.from(`next_at:${start + limit}`).toString('base64') };
  }
  return ok(body);
}

export function conversationsHistory(messages: StoredMessage[], args: Record<string, unknown>): ApiReply {
  const tsPattern = /^\d+(\.\d+)?$/;
  const oldest = str(args.oldest) || '0';
  if (!tsPattern.test(oldest)) return fail('invalid_ts_oldest');
  const latestArg = str(args.latest);
  if (latestArg !== undefined && latestArg !== '' && !tsPattern.test(latestArg)) return fail('invalid_ts_latest');
  const inclusive = truthy(args.inclusive);
  const limitRaw = Number(str(args.limit) ?? 100);
  const limit = Number.isFinite(limitRaw) && limitRaw > 0 ? Math.min(Math.floor(limitRaw), 999) : 100;
  let before = latestArg || undefined;
  let beforeInclusive = inclusive;
  const cursor = str(args.cursor);
  if (cursor) {
    const decoded = Buffer.from(cursor, 'base64').toString('utf8');
    const m = /^next_ts:(\d+\.\d+)$/.exec(decoded);
    if (!m?.[1]) return fail('invalid_cursor');
    before = m[1];
    beforeInclusive = false;
  }
  const includeMetadata = truthy(args.include_all_metadata);
  const matching = messages
    .filter((m) => !isReply(m))
    .filter((m) => {
      const lo = compareTs(m.ts, oldest);
      if (inclusive ? lo < 0 : lo <= 0) return false;
      if (before !== undefined) {
        const hi = compareTs(m.ts, before);
        if (beforeInclusive ? hi > 0 : hi >= 0) return false;
      }
      return true;
    })
    .sort((a, b) => compareTs(b.ts, a.ts)); // newest first
  const page = matching.slice(0, limit);
  const hasMore = matching.length > limit;
  const body: Record<string, unknown> = {
    messages: page.map((m) => withThread(m, messages, includeMetadata)),
    has_more: hasMore,
    pin_count: 0,
    channel_actions_ts: null,
    channel_actions_count: 0,
  };
  if (latestArg) body.latest = latestArg;
  const last = page[page.length - 1];
  if (hasMore && last) {
    body.response_metadata = { next_cursor: Buffer.from(`next_ts:${last.ts}`).toString('base64') };
  }
  return ok(body);
}
