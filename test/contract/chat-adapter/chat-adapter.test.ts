import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { notice } from '../../../src/core/message.js';
import type { PostResult } from '../../../src/core/ports.js';
import type { StoryView } from '../../../src/core/story/catalog.js';
import { everyClaimMessage } from '../../support/long-message.js';
import { loadView, SHIPPED_STORY } from '../../unit/core/commands/helpers.js';
import { ADAPTER_CASES, type AdapterCase } from './adapters.js';

/**
 * What the delivery engine relies on from every `ChatAdapter` (src/core/ports.ts), run against the
 * shell and both platform adapters on their stand-ins, as the store's contract runs on both
 * databases: a post reaches its channel and says which message it is; a message too long for one
 * post goes out whole, in parts; a rate limit comes back at once as `rate_limited` with the wait the
 * platform asked for, nothing posted; `findDelivery` finds what was posted and nothing else; a post
 * with `thread` lands in that thread.
 */

/** A post as the engine makes it: a rate limit is waited out (as long as the platform asked), once. */
async function paced(post: () => Promise<PostResult>): Promise<PostResult> {
  const first = await post();
  if (first.ok || first.error.code !== 'rate_limited') return first;
  await new Promise((resolve) => setTimeout(resolve, first.error.retryAfterMs ?? 1_000));
  return post();
}

let view: StoryView;
beforeAll(async () => {
  view = await loadView(SHIPPED_STORY);
});

describe.each(ADAPTER_CASES)('ChatAdapter contract ($name)', ({ make, rateLimits, finds }) => {
  let c: AdapterCase;
  afterEach(async () => {
    await c?.close();
  });

  it('posts a message to its channel and answers with the message’s id', async () => {
    c = await make();
    const result = await c.adapter.post(c.channel, notice('Contract: one message', 'info', 'channel'), 'contract-1');
    expect(result).toMatchObject({ ok: true, messageId: expect.any(String) });
    expect(c.messages()).toHaveLength(1);
    expect(c.messages()[0]).toContain('Contract: one message');
  });

  it('a message too long for one post goes out whole, in parts, in order', async () => {
    c = await make();
    const long = everyClaimMessage(view);
    const result = await c.adapter.post(c.channel, long, 'contract-long');
    expect(result.ok).toBe(true);
    const posted = c.messages().join('\n');
    // Each claim's opening words, whatever each platform escaped between them.
    for (const claim of view.story.claims) {
      const words = claim.text
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean)
        .slice(0, 6);
      expect(posted, claim.id).toMatch(new RegExp(words.join('[^\\p{L}\\p{N}]+'), 'u'));
    }
    if (c.name !== 'shell') expect(c.messages().length).toBeGreaterThan(1);
  });

  if (rateLimits)
    it('a rate limit comes back at once as rate_limited with the platform’s wait, and nothing is posted', async () => {
      c = await make();
      c.rateLimitNext?.(2);
      const result = await c.adapter.post(c.channel, notice('Held back', 'info', 'channel'), 'contract-429');
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('rate_limited');
        expect(result.error.retryAfterMs).toBeGreaterThanOrEqual(1_000);
      }
      expect(c.messages()).toHaveLength(0);
    });

  // Discord needs no lookup: a resend with the delivery's nonce is answered with the first message.
  if (finds)
    it('findDelivery finds a posted delivery and nothing else', async () => {
      c = await make();
      if (!c.adapter.findDelivery) throw new Error(`${c.name} has no findDelivery`);
      const posted = await c.adapter.post(c.channel, notice('Find me', 'info', 'channel'), 'contract-find');
      expect(await c.adapter.findDelivery(c.channel, 'contract-find')).toEqual({
        messageId: posted.ok ? posted.messageId : 'not posted',
      });
      expect(await c.adapter.findDelivery(c.channel, 'contract-never-posted')).toBeUndefined();
    });

  it('a post with `thread` replies under that message, after the thread is started where that is a step', async () => {
    c = await make();
    const root = await c.adapter.post(c.channel, notice('Thread root', 'info', 'channel'), 'contract-root');
    if (!root.ok) throw new Error('the root was not posted');
    await c.adapter.startThread?.(c.channel, root.messageId, 'Contract thread');
    await c.adapter.startThread?.(c.channel, root.messageId, 'Contract thread'); // again: no error
    const reply = await paced(() =>
      c.adapter.post(c.channel, notice('In the thread', 'info', 'channel'), 'contract-reply', {
        thread: root.messageId,
      }),
    );
    if (!reply.ok) throw reply.error;
    expect(c.messages()).toHaveLength(1);
    expect(c.threadMessages(root.messageId)).toEqual([expect.stringContaining('In the thread')]);
  });
});
