import type { Deliverer, DeliveryRequest } from '../delivery/types.js';
import type { Logger } from '../log.js';
import type { OutgoingMessage } from '../message.js';
import type { Clock } from '../ports.js';
import type { Revision, Store } from '../store.js';
import type { Story } from '../story/schema.js';
import { alertMessage } from './alert-message.js';
import { countChanges } from './describe.js';
import { diffStories, type StoryDiff } from './diff.js';
import { storyOfRevision } from './revisions.js';
import { byChannel, type ConfigTracking, relevantChanges, subscriptionsForStory } from './subscriptions.js';

export interface AlertPlannerDeps {
  store: Store;
  deliverer: Deliverer;
  clock: Clock;
  log: Logger;
  configTracking: ConfigTracking;
}

/** `alert:<revision>:<channel>`, and `…:<thread>` for one thread's part of a threaded channel's alert. */
export function alertId(revisionId: number, channel: string, thread?: string): string {
  return thread ? `alert:${revisionId}:${channel}:${thread}` : `alert:${revisionId}:${channel}`;
}

interface AlertPart {
  changes: StoryDiff;
  /** The thread it replies in (see `DeliveryRequest.thread`). */
  thread?: string;
  topic?: string;
}

function only(changes: StoryDiff, part: Partial<StoryDiff>): StoryDiff {
  return { story: changes.story, claims: [], actors: [], sources: [], details: [], timelineChanged: false, ...part };
}

/**
 * A threaded channel's alert, cut by what it is about: each claim's change goes to that claim's
 * thread, each actor's to the actor's, and the story's other changes in one message of their own.
 */
export function threadParts(changes: StoryDiff, story: string): AlertPart[] {
  const parts: AlertPart[] = changes.claims.map((c) => ({
    changes: only(changes, { claims: [c] }),
    thread: `claim:${story}/${c.id}`,
    topic: (c.after ?? c.before)?.text ?? c.id,
  }));
  for (const a of changes.actors) {
    parts.push({
      changes: only(changes, { actors: [a] }),
      thread: `actor:${story}/${a.id}`,
      topic: (a.after ?? a.before)?.name ?? a.id,
    });
  }
  const rest: StoryDiff = { ...changes, claims: [], actors: [] };
  if (countChanges(rest) > 0) parts.push({ changes: rest });
  return parts;
}

/** One request per tracking channel with something to see in this revision. */
export async function alertRequests(
  deps: AlertPlannerDeps,
  /** What the alert says of the revision: also a revision not stored (a preview, id 0). */
  revision: Pick<Revision, 'id' | 'story' | 'author' | 'via' | 'createdAt'>,
  before: Story,
  after: Story,
  diff: StoryDiff = diffStories(before, after),
): Promise<DeliveryRequest[]> {
  if (countChanges(diff) === 0) return [];
  const subscriptions = await subscriptionsForStory(deps.store, deps.configTracking, revision.story);
  const requests: DeliveryRequest[] = [];
  // Channels that see the same changes get the same message, built once: with hundreds of channels
  // tracking a big story, rebuilding identical cards per channel dominated planning.
  const messages = new Map<string, OutgoingMessage>();
  for (const [channel, subs] of byChannel(subscriptions)) {
    const changes = relevantChanges(diff, subs);
    if (countChanges(changes) === 0) continue;
    const parts = subs.some((s) => s.thread) ? threadParts(changes, revision.story) : [{ changes }];
    for (const part of parts as AlertPart[]) {
      const key = part.thread
        ? part.thread
        : part.changes === diff
          ? '*'
          : `${part.changes.claims.map((c) => c.id).join(' ')}|${part.changes.actors.map((a) => a.id).join(' ')}|${countChanges(part.changes)}`;
      let message = messages.get(key);
      if (!message) {
        message = alertMessage(part.changes, { revision, before, after });
        if (part.topic) message.topic = part.topic;
        messages.set(key, message);
      }
      requests.push({
        id: alertId(revision.id, channel, part.thread),
        kind: 'alert',
        channel,
        story: revision.story,
        revisionId: revision.id,
        dueAt: deps.clock.now(),
        message,
        ...(part.thread ? { thread: part.thread } : {}),
      });
    }
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
  /** The stories of the revision and its parent, and their diff, when the caller has them (the write path). */
  known?: { before: Story; after: Story; diff?: StoryDiff },
): Promise<number> {
  let before = known?.before;
  let after = known?.after;
  if (!before || !after) {
    const previous = await deps.store.revisions.previous(revision.story, revision.id);
    before = previous && storyOfRevision(previous);
    after = storyOfRevision(revision);
  }
  let requests: DeliveryRequest[] = [];
  if (before && after) requests = await alertRequests(deps, revision, before, after, known?.diff);
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
