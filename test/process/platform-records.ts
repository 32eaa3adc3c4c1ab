import { deliveryNonce } from '../../src/adapters/discord/post.js';
import { DELIVERY_EVENT_TYPE } from '../../src/adapters/slack/posting.js';
import type { ChannelAddress } from '../../src/core/ports.js';
import type { DiscordStandIn } from '../stand-ins/discord/server.js';
import type { SlackStandIn } from '../stand-ins/slack/server.js';

/** What process tests read back from the stand-ins, whichever harness started them. */
export interface StandIns {
  slack: SlackStandIn;
  discord: DiscordStandIn;
}

export function channelId(address: ChannelAddress): string {
  return address.slice(address.indexOf(':') + 1);
}

/** The messages in this channel that belong to this delivery (Slack: metadata; Discord: nonce). */
export function messagesOf(platforms: StandIns, channel: ChannelAddress, deliveryId: string): number {
  const id = channelId(channel);
  if (channel.startsWith('slack:')) {
    return platforms.slack.history(id).filter((m) => {
      const meta = m.metadata as { event_type?: string; event_payload?: { delivery_id?: string } } | undefined;
      return meta?.event_type === DELIVERY_EVENT_TYPE && meta.event_payload?.delivery_id === deliveryId;
    }).length;
  }
  const nonce = deliveryNonce(deliveryId, 0);
  return platforms.discord.messagesIn(id).filter((m) => !m.deleted && String(m.nonce) === nonce).length;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
