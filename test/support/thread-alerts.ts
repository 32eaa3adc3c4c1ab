import { DeliveryEngine } from '../../src/core/delivery/engine.js';
import type { DeliveryRequest } from '../../src/core/delivery/types.js';
import { silentLogger } from '../../src/core/log.js';
import { notice } from '../../src/core/message.js';
import type { ChannelAddress, ChatAdapter } from '../../src/core/ports.js';
import type { Store } from '../../src/core/store.js';

/** The thread the alert-thread tests post in. */
export const TEST_THREAD = 'claim:test-story/venue';

/** The n-th alert about the test claim to `channel`, in its thread. */
export function threadAlert(channel: ChannelAddress, n: number, topic: string): DeliveryRequest {
  const message = notice(`Venue update ${n}`, 'info', 'channel');
  message.topic = topic;
  return {
    id: `alert:${n}:${channel}:${TEST_THREAD}`,
    kind: 'alert',
    channel,
    story: 'test-story',
    dueAt: new Date(),
    message,
    thread: TEST_THREAD,
  };
}

/** A delivery engine standing for one bot process: unpaced, retrying at once. */
export function processEngine(store: Store, adapter: ChatAdapter, owner: string): DeliveryEngine {
  return new DeliveryEngine({
    store,
    adapters: new Map([[adapter.platform, adapter]]),
    log: silentLogger,
    owner,
    retry: { baseDelayMs: 1 },
    limits: { channelIntervalMs: { slack: 0, discord: 0, shell: 0 } },
  });
}

/** Polls until `check` holds; fails with `what()` after `timeoutMs`. */
export async function eventually(
  check: () => Promise<boolean>,
  what: () => Promise<string> | string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${await what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
