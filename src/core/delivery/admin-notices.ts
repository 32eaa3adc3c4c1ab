import { type Card, code, contextBlock, type OutgoingMessage, textBlock } from '../message.js';
import type { ChannelAddress } from '../ports.js';

/** What admins are told about deliveries. Plain data: the notifier's adapter renders it. */

function adminMessage(text: string, card: Card): OutgoingMessage {
  return { text, cards: [card], visibility: 'channel' };
}

export function channelFailingNotice(
  channel: ChannelAddress,
  errorCode: string,
  detail: string,
  pausedSchedules: number,
): OutgoingMessage {
  const paused =
    pausedSchedules > 0
      ? `Its ${pausedSchedules} schedule${pausedSchedules === 1 ? ' is' : 's are'} paused until it works again.`
      : 'It has no active schedules.';
  const text = `Sitrep cannot post to ${channel} (${errorCode}). ${paused}`;
  return adminMessage(text, {
    title: 'A channel stopped accepting briefings',
    tone: 'error',
    blocks: [
      textBlock('Sitrep cannot post to ', code(channel), ': ', code(errorCode), ` (${detail}).`),
      textBlock(paused),
      contextBlock(
        'Usually the bot was removed from the channel, the channel was archived or deleted, or a permission was taken away. ' +
          'Invite the bot back (or fix its permissions); `/sitrep why` in the channel shows what failed.',
      ),
    ],
  });
}

export function channelRecoveredNotice(channel: ChannelAddress, resumedSchedules: number): OutgoingMessage {
  const resumed = resumedSchedules > 0 ? ` ${resumedSchedules} paused schedule(s) resumed.` : '';
  const text = `Sitrep can post to ${channel} again.${resumed}`;
  return adminMessage(text, { tone: 'success', blocks: [textBlock(text)] });
}

export function deliveryGaveUpNotice(
  channel: ChannelAddress,
  deliveryId: string,
  errorCode: string,
  reason: string,
): OutgoingMessage {
  const text = `A delivery to ${channel} failed (${errorCode}); ${reason}.`;
  return adminMessage(text, {
    title: 'A delivery failed',
    tone: 'warning',
    blocks: [
      textBlock('Delivery ', code(deliveryId), ' to ', code(channel), ` failed with `, code(errorCode), `; ${reason}.`),
      contextBlock('The platform kept failing or timing out. Later deliveries to this channel are still attempted.'),
    ],
  });
}
