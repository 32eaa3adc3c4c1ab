import type { OutgoingMessage } from '../message.js';
import type { ChannelAddress, Platform } from '../ports.js';
import type { Delivery, NewDelivery } from '../store.js';
import type { DeliveryRequest } from './types.js';

/** A delivery this process holds the lease of and means to send. */
export interface DeliveryJob {
  id: string;
  kind: 'briefing' | 'alert';
  channel: ChannelAddress;
  platform: Platform;
  message: OutgoingMessage;
  /** Its alert thread, if any (see `DeliveryRequest.thread`). */
  thread: string | null;
  /** Failed attempts so far (from the log). */
  attempts: number;
  /** When the delivery was first recorded: retries stop some minutes after it. */
  recordedAt: Date;
  /**
   * Taken over from the log (a crash, a release, a retry): an earlier attempt may have reached the
   * platform, so ask it (`findDelivery`) before posting again.
   */
  verify: boolean;
  /** Time this process has held it back in its lane on rate limits so far (ms). */
  rateLimitWaitedMs?: number;
}

export type JobFromRow = { ok: true; job: DeliveryJob } | { ok: false; reason: string };

export function jobFromDelivery(row: Delivery, platform: Platform): JobFromRow {
  if (row.payload === null) return { ok: false, reason: 'no message was recorded with this delivery' };
  let message: OutgoingMessage;
  try {
    message = JSON.parse(row.payload) as OutgoingMessage;
  } catch {
    return { ok: false, reason: 'the recorded message is not valid JSON' };
  }
  if (typeof message !== 'object' || message === null || !Array.isArray(message.cards)) {
    return { ok: false, reason: 'the recorded message is not a message' };
  }
  return {
    ok: true,
    job: {
      id: row.id,
      kind: row.kind,
      channel: row.channel,
      platform,
      message,
      thread: row.thread,
      attempts: row.attempts,
      recordedAt: row.createdAt,
      verify: true,
    },
  };
}

/**
 * The log row a request is claimed as: the message goes with it, so a resend sends the same content.
 * The other fields are the request's own; the store stands in for what it leaves out (no schedule,
 * no thread, not late).
 */
export function deliveryRecordOf(request: DeliveryRequest, recordedAt: Date): NewDelivery {
  const { message, ...fields } = request;
  return { ...fields, payload: JSON.stringify(message), createdAt: recordedAt };
}
