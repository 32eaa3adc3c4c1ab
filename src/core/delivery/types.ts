import type { OutgoingMessage } from '../message.js';
import type { ChannelAddress } from '../ports.js';

/**
 * A message that must reach a channel exactly once: a scheduled briefing or a claim alert. Its id is
 * deterministic (`brief:<schedule>:<slot>`, `alert:<revision>:<channel>`), so planning the same
 * delivery twice (a restart, a second replica) finds the first one instead of sending again.
 */
export interface DeliveryRequest {
  id: string;
  kind: 'briefing' | 'alert';
  channel: ChannelAddress;
  story: string | null;
  scheduleId?: string;
  slotKey?: string;
  /** The story revision the message reflects ("since your last briefing" counts from it). */
  revisionId?: number;
  dueAt: Date;
  late?: boolean;
  message: OutgoingMessage;
  /**
   * The alert thread it belongs to in its channel (`claim:<story>/<claim>`): the first delivery
   * of a thread is posted in the channel and starts it, the later ones reply in it.
   */
  thread?: string;
}

/** The delivery pipeline as its producers (scheduler, alert planner) see it. */
export interface Deliverer {
  /**
   * Records each request in the delivery log (record before send) and sends the ones this process
   * won. Resolves once they are recorded; sending continues in the background and survives crashes.
   */
  enqueue(requests: readonly DeliveryRequest[]): Promise<void>;
  /**
   * Takes over now the deliveries other processes recorded and left (the CLI records the alerts of
   * its changes and exits), instead of at the next periodic look. For a deliverer that sends.
   */
  adoptRecorded?(): Promise<number>;
}

/** Tells the people who run the bot about problems (an invalid story file, a failing channel). */
export interface AdminNotifier {
  notify(message: OutgoingMessage): Promise<void>;
}
