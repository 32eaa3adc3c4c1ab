// End to end: alert threads on Slack through the real Web API client and the stand-in. The first
// alert is the thread's parent; later ones reply with its thread_ts; a reply that reached Slack
// before its process died is found among the thread's replies (conversations.replies) and not sent again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAddress, ChatAdapter, PostResult } from '../../../src/core/ports.js';
import { SitrepError } from '../../../src/errors.js';
import { eventually, processEngine, TEST_THREAD, threadAlert } from '../../support/thread-alerts.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness;
const channel: ChannelAddress = 'slack:C0THREADS';
const THREAD = TEST_THREAD;

beforeAll(async () => {
  h = await startHarness({ mode: 'http' });
});
afterAll(async () => {
  await h?.close();
});

const alert = (n: number) => threadAlert(channel, n, 'The meeting is in Vladivostok');
const engine = (adapter: ChatAdapter, owner: string) => processEngine(h.core.store, adapter, owner);

const history = () => h.slack.history('C0THREADS');
const topLevel = () => history().filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts);

describe('alert threads on Slack', () => {
  it('replies carry the parent’s thread_ts; a reply posted before a crash is found in the thread, not repeated', async () => {
    const first = engine(h.adapter, 'process-1');
    await first.enqueue([alert(1)]);
    await first.whenIdle();
    const [root] = topLevel();
    expect(root?.text).toContain('Venue update 1');
    expect(await h.core.store.alertThreads.root(channel, THREAD)).toBe(root?.ts);

    // The reply reaches Slack; the process dies before it hears so.
    const dying: ChatAdapter = Object.assign(Object.create(h.adapter) as ChatAdapter, {
      post: async (...args: Parameters<ChatAdapter['post']>): Promise<PostResult> => {
        await h.adapter.post(...args);
        return { ok: false, error: new SitrepError('timeout', 'the process died here') };
      },
    });
    const second = engine(dying, 'process-2');
    await second.enqueue([alert(2)]);
    await second.whenIdle();
    await second.stop(1_000);
    await first.stop(1_000);
    expect((await h.core.store.deliveries.get(alert(2).id))?.status).not.toBe('sent');

    const third = engine(h.adapter, 'process-3');
    await third.start();
    try {
      await eventually(
        async () => (await h.core.store.deliveries.get(alert(2).id))?.status === 'sent',
        async () => `the reply is ${JSON.stringify(await h.core.store.deliveries.get(alert(2).id))}`,
      );
    } finally {
      await third.stop(1_000);
    }
    const replies = history().filter((m) => m.thread_ts === root?.ts && m.ts !== root?.ts);
    expect(replies.map((m) => m.text)).toEqual([expect.stringContaining('Venue update 2')]);
    expect(topLevel()).toHaveLength(1);
    // conversations.history shows the parent with its reply count, not the reply itself.
    const shown = await h.adapter.findDelivery?.(channel, alert(2).id);
    expect(shown).toBeUndefined();
    expect(await h.adapter.findDelivery?.(channel, alert(2).id, { thread: root?.ts ?? '' })).toEqual({
      messageId: replies[0]?.ts,
    });
  });
});
