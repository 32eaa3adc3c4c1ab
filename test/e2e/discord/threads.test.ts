// End to end: alert threads on Discord through @discordjs/rest and the stand-in. A thread is started
// from the first alert's message; a crash after the thread was started and before it was recorded
// leaves one message and one thread; a deleted thread is replaced by a new one, not failed on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAddress, ChatAdapter } from '../../../src/core/ports.js';
import { SitrepError } from '../../../src/errors.js';
import { eventually, processEngine, TEST_THREAD, threadAlert } from '../../support/thread-alerts.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness;
const CHANNEL_ID = '1400000000000009001';
const channel: ChannelAddress = `discord:${CHANNEL_ID}`;
const THREAD = TEST_THREAD;

beforeAll(async () => {
  h = await startHarness({ gateway: false, standIn: { channelMessageLimit: { limit: 20, windowMs: 5000 } } });
});
afterAll(async () => {
  await h?.close();
});

const TOPIC = 'The meeting is in Vladivostok, according to @everyone at the Kremlin';
const alert = (n: number) => threadAlert(channel, n, TOPIC);
const engine = (adapter: ChatAdapter, owner: string) => processEngine(h.core.store, adapter, owner);

describe('alert threads on Discord', () => {
  it('a crash after the thread was started and before it was recorded: one message, one thread, recorded on retry', async () => {
    // The first process starts the thread and dies before recording it (the start "times out").
    const dying: ChatAdapter = Object.assign(Object.create(h.adapter) as ChatAdapter, {
      startThread: async (to: ChannelAddress, messageId: string, title: string) => {
        await h.adapter.startThread(to, messageId, title);
        throw new SitrepError('timeout', 'the process died here');
      },
    });
    const first = engine(dying, 'process-1');
    await first.enqueue([alert(1)]);
    await first.whenIdle();
    await first.stop(1_000);
    const [root, ...more] = h.discord.messagesIn(CHANNEL_ID);
    expect(more).toHaveLength(0);
    expect(h.discord.threads.byId.get(root?.id ?? '')?.name).toBe(TOPIC);
    expect(await h.core.store.alertThreads.root(channel, THREAD)).toBeUndefined();
    expect((await h.core.store.deliveries.get(alert(1).id))?.status).not.toBe('sent');

    // The next process takes the delivery over: the same nonce gives back the same message, the
    // thread already exists (160004), and the root is recorded.
    const second = engine(h.adapter, 'process-2');
    await second.start();
    try {
      await eventually(
        async () => (await h.core.store.deliveries.get(alert(1).id))?.status === 'sent',
        () => 'the first alert recorded as sent',
      );
      expect(h.discord.messagesIn(CHANNEL_ID)).toHaveLength(1);
      expect(h.discord.threads.byId.size).toBe(1);
      expect(h.discord.threads.byId.get(root?.id ?? '')?.startRequests).toBe(2);
      expect(await h.core.store.alertThreads.root(channel, THREAD)).toBe(root?.id);

      // The next alert about the claim replies in the thread (a channel with the message's id).
      await second.enqueue([alert(2)]);
      await second.whenIdle();
      expect(h.discord.messagesIn(CHANNEL_ID)).toHaveLength(1);
      expect(h.discord.messagesIn(root?.id ?? '').map((m) => m.content)).toEqual([
        expect.stringContaining('Venue update 2'),
      ]);

      // Someone deletes the thread: the next alert starts a new one instead of failing the channel.
      const gone = h.discord.threads.byId.get(root?.id ?? '');
      if (gone) gone.deleted = true;
      await second.enqueue([alert(3)]);
      await second.whenIdle();
      const roots = h.discord.messagesIn(CHANNEL_ID);
      expect(roots).toHaveLength(2);
      const newRoot = roots[1]?.id ?? '';
      expect(h.discord.threads.byId.get(newRoot)?.deleted).toBe(false);
      expect(await h.core.store.alertThreads.root(channel, THREAD)).toBe(newRoot);
      expect((await h.core.store.deliveries.get(alert(3).id))?.status).toBe('sent');
      expect(await h.core.store.channels.get(channel)).toBeUndefined();
    } finally {
      await second.stop(1_000);
    }
  });
});
