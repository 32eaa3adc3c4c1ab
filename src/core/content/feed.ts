import type { Logger } from '../log.js';
import type { RevisionHead, Store } from '../store.js';
import type { StoryCatalog } from '../story/catalog.js';

export interface RevisionFeedDeps {
  store: Store;
  catalog: StoryCatalog;
  log: Logger;
  /** How often every story's latest revision is checked, whatever was heard. Default 1 s. */
  pollMs?: number;
  /** In the story's turn: serve the new revision (and let this copy's file follow it). */
  onNewer(head: RevisionHead): Promise<void>;
}

/**
 * Every replica serves what the database holds (ADR 0040): a revision stored by any process is
 * heard at once on Postgres (LISTEN/NOTIFY) and found by a periodic check of every story's latest
 * revision otherwise (SQLite; a notification lost while the listening connection was down).
 * Returns the function that stops it.
 */
export async function followRevisions(deps: RevisionFeedDeps): Promise<() => Promise<void>> {
  const { store, catalog, log } = deps;
  const running = new Map<string, Promise<void>>();
  const check = (head: RevisionHead) => {
    if ((catalog.get(head.story)?.revision ?? 0) >= head.id || running.has(head.story)) return;
    const work = deps
      .onNewer(head)
      .catch((err: unknown) => log.error({ err, story: head.story }, 'serving a newer revision failed'))
      .finally(() => running.delete(head.story));
    running.set(head.story, work);
  };
  const stopWatching = await store.revisions.watch(check);
  let polling: Promise<void> | undefined;
  const poll = () => {
    polling ??= store.revisions
      .heads()
      .then((heads) => heads.forEach(check))
      .catch((err: unknown) => log.warn({ err }, 'checking for newer revisions failed; retrying'))
      .finally(() => {
        polling = undefined;
      });
  };
  poll();
  const timer = setInterval(poll, deps.pollMs ?? 1000);
  timer.unref?.();
  return async () => {
    clearInterval(timer);
    await stopWatching();
    await polling;
    await Promise.all(running.values());
  };
}
