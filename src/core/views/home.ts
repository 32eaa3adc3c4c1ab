import { subscriptionsOfChannel } from '../claims/subscriptions.js';
import { describeTarget } from '../claims/targets.js';
import type { SitrepConfig } from '../config/schema.js';
import { type Block, type Card, code, contextBlock, type Inline, type OutgoingMessage, textBlock } from '../message.js';
import type { ChannelAddress, Clock } from '../ports.js';
import type { Store } from '../store.js';
import type { StoryCatalog } from '../story/catalog.js';
import { scheduleLine } from './schedules.js';

/**
 * A workspace's home (Slack's App Home tab): every channel of the workspace with its scheduled
 * briefings and alert subscriptions, then each story's latest changes.
 */

export interface HomeDeps {
  store: Store;
  catalog: StoryCatalog;
  config: SitrepConfig;
  clock: Clock;
}

/** The workspace's channels, each with what it receives. */
export async function channelsCard(deps: HomeDeps, inWorkspace: (channel: ChannelAddress) => boolean): Promise<Card> {
  const now = deps.clock.now();
  const schedules = (await deps.store.schedules.list({ includePaused: true })).filter((s) => inWorkspace(s.channel));
  const tracked = new Set<ChannelAddress>();
  for (const t of await deps.store.tracking.list()) if (inWorkspace(t.channel)) tracked.add(t.channel);
  for (const t of deps.config.tracking)
    if (inWorkspace(t.channel as ChannelAddress)) tracked.add(t.channel as ChannelAddress);
  const channels = [...new Set([...schedules.map((s) => s.channel), ...tracked])].sort();
  if (channels.length === 0) {
    return {
      title: 'Your channels',
      tone: 'info',
      blocks: [
        textBlock('No channel here receives briefings or alerts yet.'),
        contextBlock('In a channel: /sitrep schedule add daily 09:00, or /sitrep track story <id>.'),
      ],
    };
  }
  const blocks: Block[] = [];
  for (const channel of channels) {
    const items: Inline[][] = schedules.filter((s) => s.channel === channel).map((s) => scheduleLine(s, now));
    for (const s of await subscriptionsOfChannel(deps.store, deps.config.tracking, channel)) {
      items.push(['alerts: ', describeTarget(s.kind, s.target, deps.catalog, s.story)]);
    }
    blocks.push(textBlock(code(channel)), { type: 'list', items });
  }
  return { title: 'Your channels', tone: 'info', blocks };
}

/** The home: the channels card, then the given latest-changes answers (one per story). */
export function homeMessage(channels: Card, changes: readonly OutgoingMessage[]): OutgoingMessage {
  return {
    text: 'Sitrep',
    visibility: 'private',
    cards: [channels, ...changes.flatMap((answer) => answer.cards)],
  };
}
