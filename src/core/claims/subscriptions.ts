import type { SitrepConfig } from '../config/schema.js';
import type { ChannelAddress } from '../ports.js';
import type { Store, Tracking, TrackingKind } from '../store.js';
import type { StoryDiff } from './diff.js';

/** One channel's interest in a story, an actor or a claim: typed in chat or declared in config. */
export interface Subscription {
  channel: ChannelAddress;
  kind: TrackingKind;
  target: string;
  /** `null`: a config entry for an actor or claim, which applies in whichever story has that id. */
  story: string | null;
  /** Alerts about each claim in a thread of their own. */
  thread: boolean;
  managedBy: 'chat' | 'config';
  createdBy: string | null;
}

/** The config's `tracking` entries (`thread` defaults to false). */
export type ConfigTracking = readonly (Omit<SitrepConfig['tracking'][number], 'thread'> & { thread?: boolean })[];

export function configSubscriptions(tracking: ConfigTracking): Subscription[] {
  return tracking.map(({ channel, track, thread = false }) => {
    const [kind, target = ''] = track.split(' ') as [TrackingKind, string?];
    return {
      channel: channel as ChannelAddress,
      kind,
      target,
      story: kind === 'story' ? target : null,
      thread,
      managedBy: 'config' as const,
      createdBy: null,
    };
  });
}

/** The store's rows (typed in chat), then the config's entries that `keep` takes. */
function chatAndConfig(
  rows: readonly Tracking[],
  config: ConfigTracking,
  keep: (s: Subscription) => boolean,
): Subscription[] {
  const fromChat = rows.map((r) => ({ ...r, managedBy: 'chat' as const }));
  return [...fromChat, ...configSubscriptions(config).filter(keep)];
}

/** Every subscription that may concern `story`: the store's rows for it and the config's entries. */
export async function subscriptionsForStory(
  store: Store,
  config: ConfigTracking,
  story: string,
): Promise<Subscription[]> {
  return chatAndConfig(await store.tracking.list({ story }), config, (s) => s.story === null || s.story === story);
}

/** A channel's subscriptions, config ones included, for `/sitrep tracking`. */
export async function subscriptionsOfChannel(
  store: Store,
  config: ConfigTracking,
  channel: ChannelAddress,
): Promise<Subscription[]> {
  return chatAndConfig(await store.tracking.list({ channel }), config, (s) => s.channel === channel);
}

/** The part of a diff a channel sees, given all its subscriptions to this story. */
export function relevantChanges(diff: StoryDiff, subscriptions: readonly Subscription[]): StoryDiff {
  if (subscriptions.some((s) => s.kind === 'story')) return diff;
  const actors = new Set(subscriptions.filter((s) => s.kind === 'actor').map((s) => s.target));
  const claims = new Set(subscriptions.filter((s) => s.kind === 'claim').map((s) => s.target));
  return {
    story: diff.story,
    claims: diff.claims.filter(
      (c) => claims.has(c.id) || [...(c.before?.about ?? []), ...(c.after?.about ?? [])].some((id) => actors.has(id)),
    ),
    actors: diff.actors.filter((a) => actors.has(a.id)),
    sources: [],
    details: [],
    timelineChanged: false,
  };
}

/** Groups subscriptions by channel, in the order channels first appear. */
export function byChannel(subscriptions: readonly Subscription[]): Map<ChannelAddress, Subscription[]> {
  const grouped = new Map<ChannelAddress, Subscription[]>();
  for (const s of subscriptions) grouped.set(s.channel, [...(grouped.get(s.channel) ?? []), s]);
  return grouped;
}
