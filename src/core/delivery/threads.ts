import type { ChatAdapter, Clock, PostOptions } from '../ports.js';
import type { Store } from '../store.js';
import type { DeliveryJob } from './job.js';
import { asSitrepError, type SendResult } from './send.js';

/** Discord's longest thread name. */
const MAX_THREAD_NAME = 100;

/** Where a job goes: under its thread's first message once that thread exists, else in the channel. */
export async function placementOf(store: Store, job: DeliveryJob): Promise<PostOptions> {
  if (!job.thread) return {};
  const root = await store.alertThreads.root(job.channel, job.thread);
  return root ? { thread: root } : {};
}

/** A thread's name: the message's topic, on one line, within the platform's limit. */
export function threadName(job: DeliveryJob): string {
  const name = (job.message.topic ?? job.message.text).replace(/\s+/g, ' ').trim();
  return name.length <= MAX_THREAD_NAME ? name || 'Sitrep alerts' : `${name.slice(0, MAX_THREAD_NAME - 1)}…`;
}

/**
 * The first message of a thread is out: make it a thread (Discord) and record it as the root, so
 * the next alert about the same claim replies under it. Both steps may run again after a crash:
 * the platform keeps one thread per message and the store keeps the first root recorded.
 */
export async function openThread(
  deps: { store: Store; clock: Clock },
  adapter: ChatAdapter,
  job: DeliveryJob,
  messageId: string,
): Promise<SendResult> {
  if (!job.thread) return { ok: true, messageId };
  try {
    await adapter.startThread?.(job.channel, messageId, threadName(job));
    await deps.store.alertThreads.start(job.channel, job.thread, messageId, deps.clock.now());
  } catch (error) {
    return { ok: false, error: asSitrepError(error) };
  }
  return { ok: true, messageId };
}
