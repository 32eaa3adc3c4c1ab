import type { Deliverer, DeliveryRequest } from '../delivery/types.js';
import type { Logger } from '../log.js';
import type { OutgoingMessage } from '../message.js';
import type { Clock } from '../ports.js';
import type { Revision, Store } from '../store.js';
import type { Story } from '../story/schema.js';
import { alertMessage } from './alert-message.js';
import { countChanges } from './describe.js';
import { diffStories } from './diff.js';
import { storyOfRevision } from './revisions.js';
import { byChannel, type ConfigTracking, relevantChanges, subscriptionsForStory } from './subscriptions.js';

export interface AlertPlannerDeps {
  store: Store;
  deliverer: Deliverer;
  clock: Clock;
  log: Logger;
  configTracking: ConfigTracking;
}

export function alertId(revisionId: number, channel: string): string {
  return `alert:${revisionId}:${channel}`;
}

/** One request per tracking channel with something to see in this revision. */
export async function alertRequests(
  deps: AlertPlannerDeps,
  revision: Revision,
  before: Story,
  after: Story,
): Promise<DeliveryRequest[]> {
  const diff = diffStories(before, after);
  if (countChanges(diff) === 0) return [];
  const subscriptions = await subscriptionsForStory(deps.store, deps.configTracking, revision.story);
  const requests: DeliveryRequest[] = [];
  // Channels that see the same changes get the same message, built once: with hundreds of channels
  // tracking a big story, rebuilding identical cards per channel dominated planning.
  const messages = new Map<string, OutgoingMessage>();
  for (const [channel, subs] of byChannel(subscriptions)) {
    const changes = relevantChanges(diff, subs);
    if (countChanges(changes) === 0) continue;
    const key =
      changes === diff
        ? '*'
        : `${changes.claims.map((c) => c.id).join(' ')}|${changes.actors.map((a) => a.id).join(' ')}`;
    let message = messages.get(key);
    if (!message) {
      message = alertMessage(changes, { revision, before, after });
      messages.set(key, message);
    }
    requests.push({
      id: alertId(revision.id, channel),
      kind: 'alert',
      channel,
      story: revision.story,
      revisionId: revision.id,
      dueAt: deps.clock.now(),
      message,
    });
  }
  return requests;
}

/**
 * Hands a stored revision's alerts to the deliverer, then marks it planned. Alert ids are
 * deterministic, so planning again after a crash between the two steps sends nothing twice.
 * The first revision of a story is its baseline: there is nothing to compare it with.
 */
export async function planAlerts(
  deps: AlertPlannerDeps,
  revision: Revision,
  /** The stories of the revision and its parent, when the caller has them (the write path). */
  known?: { before: Story; after: Story },
): Promise<number> {
  let before = known?.before;
  let after = known?.after;
  if (!before || !after) {
    const previous = await deps.store.revisions.previous(revision.story, revision.id);
    before = previous && storyOfRevision(previous);
    after = storyOfRevision(revision);
  }
  let requests: DeliveryRequest[] = [];
  if (before && after) requests = await alertRequests(deps, revision, before, after);
  if (requests.length > 0) await deps.deliverer.enqueue(requests);
  await deps.store.revisions.markPlanned(revision.id);
  deps.log.info({ revision: revision.id, story: revision.story, alerts: requests.length }, 'alerts planned');
  return requests.length;
}

/** At start: revisions stored before a crash whose alerts were never planned, oldest first. */
export async function replanUnplanned(deps: AlertPlannerDeps): Promise<number> {
  let planned = 0;
  for (const revision of await deps.store.revisions.unplanned()) planned += await planAlerts(deps, revision);
  return planned;
}
