import { SitrepError } from '../../errors.js';
import { within } from '../helpers.js';
import type { ChatAdapter, PostOptions } from '../ports.js';
import type { DeliveryJob } from './job.js';

export type SendResult = { ok: true; messageId: string } | { ok: false; error: SitrepError };

export function asSitrepError(error: unknown): SitrepError {
  if (error instanceof SitrepError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SitrepError('internal', message, { cause: error });
}

/**
 * One `post`, bounded by `timeoutMs`. A post that times out may still go through later; `onLateSuccess`
 * then hears of it, so the log can record the message as sent and the retry finds nothing to do.
 */
export async function postWithTimeout(
  adapter: ChatAdapter,
  job: DeliveryJob,
  timeoutMs: number,
  options: PostOptions,
  onLateSuccess: (messageId: string) => void,
): Promise<SendResult> {
  let timedOut = false;
  const posting = adapter.post(job.channel, job.message, job.id, options).then(
    (result): SendResult => {
      if (timedOut && result.ok) onLateSuccess(result.messageId);
      return result;
    },
    (error: unknown): SendResult => ({ ok: false, error: asSitrepError(error) }),
  );
  return within(posting, timeoutMs, (): SendResult => {
    timedOut = true;
    return { ok: false, error: new SitrepError('timeout', `no answer from ${job.platform} within ${timeoutMs} ms`) };
  });
}

export type FindResult = { found: true; messageId: string } | { found: false } | { error: SitrepError };

/** After a crash or a failed attempt: did the message reach the platform anyway? */
export async function findEarlierPost(
  adapter: ChatAdapter,
  job: DeliveryJob,
  timeoutMs: number,
  options: PostOptions,
): Promise<FindResult> {
  if (!adapter.findDelivery) return { found: false };
  const finding = adapter.findDelivery(job.channel, job.id, options).then(
    (hit): FindResult => (hit ? { found: true, messageId: hit.messageId } : { found: false }),
    (error: unknown): FindResult => ({ error: asSitrepError(error) }),
  );
  return within(
    finding,
    timeoutMs,
    (): FindResult => ({ error: new SitrepError('timeout', `findDelivery took longer than ${timeoutMs} ms`) }),
  );
}
